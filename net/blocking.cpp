#include <kwire/net/blocking.hpp>

#include <sstream>

#include <kwire/net/host_port.hpp>

namespace kwire::net {

blocking_cluster::blocking_cluster(cluster_config config)
    : work_(io_.get_executor()),
      cluster_(cluster::create(io_.get_executor(), std::move(config))),
      thread_([this] { io_.run(); }) {}

blocking_cluster::~blocking_cluster() {
  std::promise<void> closed;
  auto done = closed.get_future();
  cluster_->async_close([&closed](std::error_code) { closed.set_value(); });
  done.wait();
  cluster_.reset();
  work_.reset();
  thread_.join();
}

result<bool> blocking_cluster::start() {
  std::promise<result<bool>> done;
  auto answer = done.get_future();
  cluster_->async_start([&done](std::error_code ec, std::string detail) {
    done.set_value({ec, std::move(detail), !ec});
  });
  return answer.get();
}

result<std::shared_ptr<const metadata_view>> blocking_cluster::metadata(std::vector<std::string> topics) {
  std::promise<result<std::shared_ptr<const metadata_view>>> done;
  auto answer = done.get_future();
  cluster_->async_metadata(std::move(topics), [&done](std::error_code ec, metadata_reply r) {
    result<std::shared_ptr<const metadata_view>> out;
    out.ec = ec;
    out.detail = std::move(r.detail);
    out.value = std::move(r.view);
    done.set_value(std::move(out));
  });
  return answer.get();
}

blocking_node::blocking_node() = default;

blocking_node::~blocking_node() { close(); }

void blocking_node::close() {
  if (!conn_) return;
  conn_->close();
  // close() completes every pending request and ends async_run; their handlers run here.
  run_until([running = running_] { return !*running; });
  io_.poll();
  // Running out of work stops an io_context; the next connection needs it running again.
  io_.restart();
  conn_.reset();
}

protocol::codec_result blocking_node::open(const std::string& servers, const std::string& client_id) {
  close();
  const auto server = servers.substr(0, servers.find(','));
  broker_address address;
  if (!split_host_port(server, address.host, address.port))
    return {client_errc::invalid_config, "broker '" + server + "' is not host:port"};
  auto config = std::make_shared<connection_config>();
  config->client_id = client_id;
  server_ = server;
  conn_ = connection::create(io_.get_executor(), std::move(address), std::move(config), nullptr);
  running_ = std::make_shared<bool>(true);
  conn_->async_run([running = running_](std::error_code) { *running = false; });
  return {};
}

protocol::codec_result blocking_node::connect(const std::string& servers, const std::string& client_id) {
  const connection_config defaults;
  const protocol::api_versions_request hello{defaults.software_name, defaults.software_version, {}};
  std::string failures;
  std::stringstream list(servers);
  std::string entry;
  while (std::getline(list, entry, ',')) {
    if (auto r = open(entry, client_id); !r) return r;
    protocol::api_versions_response answer;
    auto r = request(hello, answer);
    if (r) return r;
    failures += (failures.empty() ? "" : "; ") + entry + ": " + r.detail;
  }
  close();
  return {client_errc::connection_closed,
          "could not connect to any of '" + servers + "' (" + (failures.empty() ? "empty list" : failures) + ")"};
}

const protocol::api_versions_response& blocking_node::broker_versions() const {
  static const protocol::api_versions_response none;
  const auto* v = conn_ ? conn_->broker_versions() : nullptr;
  return v ? *v : none;
}

}  // namespace kwire::net
