// net::cluster: construction, the connection pool, stats and close(). Bootstrap and the
// metadata are cluster_refresh.cpp; routing a request to a connection, cluster_routing.cpp.

#include <kwire/net/cluster.hpp>

#include <algorithm>

#include <kwire/net/tls.hpp>

namespace kwire::net {

namespace asio = boost::asio;

std::string to_string(const target& t) {
  struct visitor {
    std::string operator()(const any_broker&) const { return "any broker"; }
    std::string operator()(const node& n) const { return "node " + std::to_string(n.id); }
    std::string operator()(const leader& l) const {
      return "the leader of " + l.topic + "-" + std::to_string(l.partition);
    }
    std::string operator()(const coordinator& c) const {
      return std::string("the ") + net::to_string(c.type) + " coordinator of '" + c.key + "'";
    }
  };
  return std::visit(visitor{}, t);
}

namespace {

std::string address_text(const std::string& host, const std::string& port) {
  return host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
}

}  // namespace

std::shared_ptr<cluster> cluster::create(asio::any_io_executor executor, cluster_config config) {
  return std::shared_ptr<cluster>(new cluster(std::move(executor), std::move(config)));
}

cluster::cluster(asio::any_io_executor executor, cluster_config config)
    : strand_(asio::make_strand(executor)),
      cfg_(std::move(config)),
      conn_cfg_(std::make_shared<const connection_config>(cfg_.connection)),
      md_(cfg_.metadata_max_age, cfg_.retry_backoff),
      refresh_timer_(strand_),
      view_(md_.snapshot()),
      rebootstrap_policy_(cfg_.recovery, cfg_.rebootstrap_trigger, cfg_.connection.reconnect_backoff_max) {
  if (uses_tls(cfg_.connection.security)) {
    std::error_code ec;
    std::string detail;
    tls_ = make_tls_context(cfg_.connection.tls, ec, detail);
    if (!tls_) setup_error_ = detail.empty() ? ec.message() : detail;
  }
}

cluster::~cluster() { close_all(); }

void cluster::log(log_level level, const std::string& text) const {
  if (cfg_.connection.log) cfg_.connection.log(level, "cluster: " + text);
}

std::shared_ptr<const metadata_view> cluster::snapshot() const {
  std::lock_guard lock(mutex_);
  return view_;
}

void cluster::publish_view() {
  std::lock_guard lock(mutex_);
  view_ = md_.snapshot();
}

std::uint64_t cluster::rebootstraps() const { return rebootstraps_.load(); }

std::vector<broker_stats> cluster::stats() const {
  std::lock_guard lock(mutex_);
  std::vector<broker_stats> out;
  for (const auto& [id, e] : pool_) {
    broker_stats s;
    s.node_id = id;
    s.host = e.address.host;
    s.port = std::to_string(e.address.port);
    s.generation = e.generation;
    if (e.conn) s.connection = e.conn->stats();
    if (e.coordinator_conn) s.coordinator_connection = e.coordinator_conn->stats();
    out.push_back(std::move(s));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The pool.

void cluster::close_all() {
  for (auto& [id, e] : pool_)
    for (auto* c : {&e.conn, &e.coordinator_conn})
      if (*c) (*c)->close();
  for (auto& c : bootstrap_conns_) c->close();
}

void cluster::close_connections(pool_entry& e) {
  for (auto* c : {&e.conn, &e.coordinator_conn})
    if (*c) (*c)->close(), c->reset();
}

void cluster::note_failure(std::int32_t node_id) {
  std::lock_guard lock(mutex_);
  if (auto it = pool_.find(node_id); it != pool_.end()) it->second.last_failure = clock::now();
}

std::shared_ptr<connection> cluster::make_connection(broker_address address) {
  auto conn = connection::create(strand_, std::move(address), conn_cfg_, tls_);
  ++running_;
  conn->async_run(asio::bind_executor(strand_, [weak = weak_from_this()](std::error_code) {
    auto self = weak.lock();
    if (!self) return;
    if (--self->running_ == 0 && self->closing_)
      for (auto& h : std::exchange(self->close_handlers_, {})) complete(self->strand_, std::move(h), std::error_code{});
  }));
  // A continuation that ran after close() (e.g. a FindCoordinator answer handled late) must not
  // leave an open connection behind: close() waits for every connection's run to end, and this
  // one's would not, so close() would never complete. Its requests fail as connection_closed.
  if (closing_) conn->close();
  return conn;
}

std::shared_ptr<connection> cluster::connection_for(const broker_info& b, channel ch) {
  std::lock_guard lock(mutex_);
  auto& e = pool_[b.node_id];
  if ((e.conn || e.coordinator_conn) && (e.address.host != b.host || e.address.port != b.port)) {
    log(log_level::info, "node " + std::to_string(b.node_id) + " moved to " +
                             address_text(b.host, std::to_string(b.port)) + ": reconnecting");
    close_connections(e);
  }
  auto& slot = ch == channel::coordinator ? e.coordinator_conn : e.conn;
  if (!slot) {
    slot = make_connection({b.node_id, b.host, std::to_string(b.port)});
    if (ch == channel::main) ++e.generation;
  }
  e.address = b;
  return slot;
}

// The least busy broker, preferring connected ones and leaving those that failed recently last.
std::int32_t cluster::pick_broker(const std::vector<std::int32_t>& exclude) const {
  const auto now = clock::now();
  const auto recent = std::max(cfg_.connection.reconnect_backoff_max, milliseconds(5000));
  std::int32_t best = -1;
  std::tuple<int, int, std::size_t> best_score{};
  std::lock_guard lock(mutex_);
  for (const auto& [id, b] : md_.view().brokers) {
    if (std::find(exclude.begin(), exclude.end(), id) != exclude.end()) continue;
    int failed = 0, unconnected = 1;
    std::size_t load = 0;
    if (auto it = pool_.find(id); it != pool_.end()) {
      if (it->second.last_failure != clock::time_point{} && now - it->second.last_failure < recent) failed = 1;
      if (it->second.conn) {
        const auto s = it->second.conn->stats();
        unconnected = s.connected ? 0 : 1;
        load = s.queued + s.in_flight;
      }
    }
    const std::tuple<int, int, std::size_t> score{failed, unconnected, load};
    if (best < 0 || score < best_score) {
      best = id;
      best_score = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------

void cluster::close(asio::any_completion_handler<void(std::error_code)> handler) {
  auto done = std::make_shared<decltype(handler)>(std::move(handler));
  asio::post(strand_, [self = shared_from_this(), done] {
    self->closing_ = true;
    self->refresh_timer_.cancel();
    {
      std::lock_guard lock(self->mutex_);
      self->close_all();
    }
    self->close_handlers_.push_back(std::move(*done));
    if (self->running_ == 0)
      for (auto& h : std::exchange(self->close_handlers_, {})) complete(self->strand_, std::move(h), std::error_code{});
  });
}

}  // namespace kwire::net
