#pragma once
// The blocking facade: for users without Asio. It owns an io_context and the one thread that
// runs it; every call below posts to that thread and waits for the answer.
//
//   net::blocking_cluster c(cfg);
//   if (auto r = c.start(); !r) { ... r.ec, r.detail ... }
//   auto md = c.metadata();                                   // every topic
//   auto res = c.request(net::leader{"orders", 0}, list_offsets);
//   if (res) use(res.value.body); else report(res.ec, res.detail);
//
// Calls may come from any thread except the facade's own (a handler running on it would wait
// for itself).
//
// blocking_node is the same facade over exactly one net::connection to one broker, for tests
// and tools that want one exchange at a time with one node (the conformance exchange, kwire-dump's
// traffic test through its proxy). It runs the connection on the calling thread while it waits.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <kwire/net/cluster.hpp>
#include <kwire/net/connection.hpp>
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::net {

template <class T>
struct result {
  std::error_code ec;
  std::string detail;  // what went wrong, when ec is set
  T value{};
  explicit operator bool() const { return !ec; }
};

class blocking_cluster {
 public:
  explicit blocking_cluster(cluster_config config);
  ~blocking_cluster();  // closes every connection and joins the thread
  blocking_cluster(const blocking_cluster&) = delete;
  blocking_cluster& operator=(const blocking_cluster&) = delete;

  // Bootstrap: the first Metadata from one of bootstrap.servers.
  result<bool> start();

  template <protocol::message_type Req>
  result<reply<protocol::response_of_t<Req>>> request(target to, Req req, request_options options = {}) {
    using Resp = protocol::response_of_t<Req>;
    std::promise<result<reply<Resp>>> done;
    auto answer = done.get_future();
    cluster_->async_request(std::move(to), std::move(req), [&done](std::error_code ec, reply<Resp> r) {
      result<reply<Resp>> out;
      out.ec = ec;
      out.detail = r.detail;
      out.value = std::move(r);
      done.set_value(std::move(out));
    }, options);
    return answer.get();
  }

  // Fresh metadata for `topics` (empty: every topic).
  result<std::shared_ptr<const metadata_view>> metadata(std::vector<std::string> topics = {});

  std::shared_ptr<const metadata_view> snapshot() const { return cluster_->snapshot(); }
  std::vector<broker_stats> stats() const { return cluster_->stats(); }
  void invalidate(const std::string& topic, std::int32_t partition, std::error_code ec) {
    cluster_->invalidate(topic, partition, ec);
  }
  // The asynchronous cluster underneath, for callers that mix both styles.
  cluster& async() { return *cluster_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<cluster> cluster_;
  std::thread thread_;
};

// One net::connection to one broker, driven on the caller's thread. Not thread-safe: one caller
// at a time. Requests go out one by one; each waits for its answer (or request.timeout.ms).
class blocking_node {
  using codec_result = protocol::codec_result;

 public:
  blocking_node();
  ~blocking_node();  // closes the connection
  blocking_node(const blocking_node&) = delete;
  blocking_node& operator=(const blocking_node&) = delete;

  // Replaces any previous connection with one to `servers` ("host:port", or a bootstrap list
  // whose first entry is taken); it connects lazily, on the first request. For a first request
  // that must directly follow the connection's own ApiVersions handshake (SaslHandshake on a
  // SASL listener: the broker takes no second ApiVersions there).
  codec_result open(const std::string& servers, const std::string& client_id = "kwire");
  // Each entry of `servers` in turn until one answers an ApiVersions request: an unreachable
  // broker fails here, and broker_versions() is known before the first request.
  codec_result connect(const std::string& servers, const std::string& client_id = "kwire");

  // Sends `req` at `version` and decodes the whole answer into `out`.
  template <protocol::message_type Req>
  codec_result request(Req req, std::int16_t version, protocol::response_of_t<Req>& out) {
    return exchange(std::move(req), {.version = version}, out);
  }
  // Same, at the highest version both sides speak.
  template <protocol::message_type Req>
  codec_result request(Req req, protocol::response_of_t<Req>& out) {
    return exchange(std::move(req), {}, out);
  }

  // The broker's ApiVersions answer from the connection's handshake; empty before it.
  const protocol::api_versions_response& broker_versions() const;
  // The "host:port" in use: the one open() took, or the entry connect() reached.
  const std::string& server() const { return server_; }

 private:
  template <class Req>
  codec_result exchange(Req req, request_options options, protocol::response_of_t<Req>& out) {
    using Resp = protocol::response_of_t<Req>;
    if (!conn_) return {client_errc::connection_closed, std::string(Req::schema_name) + ": open() a broker first"};
    // Shared with the handler: should it ever run after this returns, it writes into live memory.
    auto answer = std::make_shared<std::optional<std::pair<std::error_code, reply<Resp>>>>();
    conn_->async_request(
        std::move(req), [answer](std::error_code ec, reply<Resp> r) { answer->emplace(ec, std::move(r)); }, options);
    if (!run_until([&] { return answer->has_value(); }))
      return {client_errc::connection_closed, std::string(Req::schema_name) + ": the connection stopped running"};
    auto& [ec, r] = **answer;
    if (ec) return {ec, std::move(r.detail)};
    out = std::move(r.body);
    return {};
  }
  // Runs handlers on this thread until done() holds; false if nothing is left to run first
  // (the context is then made ready to run again).
  template <class Done>
  bool run_until(Done done) {
    while (!done()) {
      if (io_.run_one() == 0) {
        io_.restart();
        return false;
      }
    }
    return true;
  }
  void close();

  boost::asio::io_context io_;
  std::shared_ptr<connection> conn_;
  std::shared_ptr<bool> running_;  // until the connection's async_run completes
  std::string server_;
};

}  // namespace kwire::net
