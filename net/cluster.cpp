#include <kwire/net/cluster.hpp>

#include <algorithm>
#include <sstream>

#include <kwire/net/host_port.hpp>
#include <kwire/net/tls.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/find_coordinator.hpp>
#include <kwire/protocol/versions.hpp>

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

// Bootstrap and metadata failures list every broker tried, so the error says what happened at
// each one rather than only at the last.
void append_failure(std::string& list, const std::string& who, std::error_code ec, const std::string& detail) {
  list += (list.empty() ? "" : "; ") + who + ": " + (detail.empty() ? ec.message() : detail);
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
      view_(md_.snapshot()) {
  if (uses_tls(cfg_.connection.security)) {
    std::error_code ec;
    std::string detail;
    tls_ = make_tls_context(cfg_.connection.tls, ec, detail);
    if (!tls_) setup_error_ = detail.empty() ? ec.message() : detail;
  }
}

cluster::~cluster() {
  for (auto& [id, e] : pool_)
    for (auto* c : {&e.conn, &e.coordinator_conn})
      if (*c) (*c)->close();
  for (auto& c : bootstrap_conns_) c->close();
}

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
    for (auto* c : {&e.conn, &e.coordinator_conn})
      if (*c) (*c)->close(), c->reset();
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
// Bootstrap and metadata.

void cluster::start(asio::any_completion_handler<void(std::error_code, std::string)> handler) {
  asio::post(strand_, [self = shared_from_this(), handler = std::move(handler)]() mutable {
    auto done = std::make_shared<decltype(handler)>(std::move(handler));
    auto complete = [self, done](std::error_code ec, std::string detail) {
      cluster::complete(self->strand_, std::move(*done), ec, std::move(detail));
    };
    if (self->started_) return complete(client_errc::invalid_config, "async_start called twice");
    if (!self->setup_error_.empty()) return complete(client_errc::invalid_config, self->setup_error_);
    if (self->cfg_.bootstrap_servers.find_first_not_of(" ,") == std::string::npos)
      return complete(client_errc::invalid_config, "bootstrap.servers is empty");
    self->started_ = true;
    self->bootstrap_next(0, "", [self, complete](std::error_code ec, std::string detail) {
      if (!ec) self->schedule_refresh();
      else self->started_ = false;  // a failed bootstrap may be tried again (the producer does)
      complete(ec, std::move(detail));
    });
  });
}

void cluster::bootstrap_next(std::size_t index, std::string failures, done_callback cb) {
  std::vector<std::string> servers;
  std::stringstream list(cfg_.bootstrap_servers);
  for (std::string entry; std::getline(list, entry, ',');) {
    entry.erase(0, entry.find_first_not_of(' '));
    entry.erase(entry.find_last_not_of(' ') + 1);
    if (!entry.empty()) servers.push_back(entry);
  }
  if (closing_) return cb(client_errc::connection_closed, "the cluster was closed during bootstrap");
  if (index >= servers.size())
    return cb(last_bootstrap_error_, "no bootstrap server answered (bootstrap.servers=" + cfg_.bootstrap_servers +
                                         "): " + failures);
  const auto& server = servers[index];
  std::string host, port;
  if (!split_host_port(server, host, port))
    return cb(client_errc::invalid_config, "bootstrap server '" + server + "' is not host:port");
  auto conn = make_connection({-1, host, port});
  bootstrap_conns_.push_back(conn);
  conn->async_request(
      cluster_metadata::make_request({}),
      asio::bind_executor(strand_, [self = shared_from_this(), index, failures, cb, server, conn](
                                       std::error_code ec, reply<protocol::metadata_response> r) mutable {
        if (!ec && r.body.error_code != 0) {
          ec = static_cast<broker_errc>(r.body.error_code);
          r.detail = "Metadata answered " + std::string(error_name(static_cast<broker_errc>(r.body.error_code)));
        }
        if (!ec) {
          auto changes = self->md_.apply(r.body, r.version, {}, clock::now());
          if (changes.error) {
            ec = changes.error;
            r.detail = changes.detail;
          }
        }
        if (ec) {
          conn->close();
          self->last_bootstrap_error_ = ec;
          append_failure(failures, server, ec, r.detail);
          self->log(log_level::warn, "bootstrap server " + server + " failed: " + (r.detail.empty() ? ec.message() : r.detail));
          return self->bootstrap_next(index + 1, std::move(failures), cb);
        }
        self->publish_view();
        // From now on the pool connects by node id to the addresses the metadata gives.
        for (auto& c : std::exchange(self->bootstrap_conns_, {})) c->close();
        self->log(log_level::info, "bootstrapped from " + server + ": " +
                                       std::to_string(self->md_.view().brokers.size()) + " broker(s), " +
                                       std::to_string(self->md_.view().topics.size()) + " topic(s)");
        cb({}, "");
      }));
}

void cluster::on_metadata(const protocol::metadata_response& resp, std::int16_t version,
                          const std::vector<std::string>& topics) {
  auto changes = md_.apply(resp, version, topics, clock::now());
  {
    std::lock_guard lock(mutex_);
    // connection_for makes new ones, to the new address, when needed. A node that left keeps
    // its entry (and generation count): when it comes back, stats show the new connection as
    // the next generation.
    for (const auto* ids : {&changes.brokers_moved, &changes.brokers_removed})
      for (auto id : *ids) {
        auto it = pool_.find(id);
        if (it == pool_.end()) continue;
        for (auto* c : {&it->second.conn, &it->second.coordinator_conn})
          if (*c) (*c)->close(), c->reset();
      }
  }
  for (auto id : changes.brokers_moved) log(log_level::info, "node " + std::to_string(id) + " has a new address");
  for (auto id : changes.brokers_removed) log(log_level::info, "node " + std::to_string(id) + " left the cluster");
  for (const auto& [t, p] : changes.stale_ignored)
    log(log_level::debug, t + "-" + std::to_string(p) + ": ignored an answer with an older leader epoch");
  for (const auto& [t, p] : changes.leaders_changed) {
    const auto* pi = md_.view().partition(t, p);
    if (pi) log(log_level::debug, t + "-" + std::to_string(p) + ": leader " + std::to_string(pi->leader) +
                                      " epoch " + std::to_string(pi->leader_epoch));
  }
  publish_view();
}

void cluster::fetch_metadata(std::vector<std::string> topics, std::vector<std::int32_t> tried, std::string failures,
                             done_callback cb) {
  if (closing_) return cb(client_errc::connection_closed, "the cluster is closed");
  const auto id = pick_broker(tried);
  if (id < 0) {
    if (tried.empty()) return cb(client_errc::invalid_config, "no broker known: async_start has not completed");
    return cb(last_metadata_error_, "no broker answered Metadata: " + failures);
  }
  tried.push_back(id);
  auto conn = connection_for(*md_.broker(id));
  auto req = cluster_metadata::make_request(topics);
  conn->async_request(
      std::move(req),
      asio::bind_executor(strand_, [self = shared_from_this(), topics = std::move(topics), tried, failures, cb, id](
                                       std::error_code ec, reply<protocol::metadata_response> r) mutable {
        if (!ec && r.body.error_code != 0) {
          ec = static_cast<broker_errc>(r.body.error_code);
          r.detail = "Metadata answered " + std::string(error_name(static_cast<broker_errc>(r.body.error_code)));
        }
        if (ec) {
          self->last_metadata_error_ = ec;
          {
            std::lock_guard lock(self->mutex_);
            if (auto it = self->pool_.find(id); it != self->pool_.end()) it->second.last_failure = clock::now();
          }
          append_failure(failures, "node " + std::to_string(id), ec, r.detail);
          return self->fetch_metadata(std::move(topics), std::move(tried), std::move(failures), cb);
        }
        self->on_metadata(r.body, r.version, topics);
        cb({}, "");
      }));
}

void cluster::refresh(done_callback cb) {
  refresh_waiters_.push_back(std::move(cb));
  if (refreshing_) return;  // coalesced into the one under way
  refreshing_ = true;
  md_.on_refresh_started(clock::now());
  fetch_metadata({}, {}, "", [self = shared_from_this()](std::error_code ec, std::string detail) {
    self->refreshing_ = false;
    if (ec) {
      self->md_.on_refresh_failed(clock::now());
      self->log(log_level::warn, "metadata refresh failed: " + detail);
    }
    for (auto& w : std::exchange(self->refresh_waiters_, {})) w(ec, detail);
    self->schedule_refresh();
  });
}

void cluster::schedule_refresh() {
  if (closing_ || !md_.has_metadata()) return;
  refresh_timer_.expires_at(md_.next_refresh(clock::now()));
  refresh_timer_.async_wait(asio::bind_executor(strand_, [weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self || ec == asio::error::operation_aborted || self->closing_ || self->refreshing_) return;
    if (self->md_.refresh_due(clock::now()))
      self->refresh([](std::error_code, std::string) {});
    else
      self->schedule_refresh();
  }));
}

void cluster::metadata(std::vector<std::string> topics,
                       asio::any_completion_handler<void(std::error_code, metadata_reply)> handler) {
  auto done = std::make_shared<decltype(handler)>(std::move(handler));
  asio::post(strand_, [self = shared_from_this(), topics = std::move(topics), done]() mutable {
    auto cb = [self, done](std::error_code ec, std::string detail) {
      if (ec) self->log(log_level::warn, "metadata: " + detail);
      complete(self->strand_, std::move(*done), ec, metadata_reply{self->snapshot(), std::move(detail)});
    };
    if (topics.empty())
      self->refresh(cb);
    else
      self->fetch_metadata(std::move(topics), {}, "", cb);
  });
}

void cluster::request_refresh() {
  asio::post(strand_, [self = shared_from_this()] {
    self->md_.request_refresh();
    self->schedule_refresh();
  });
}

void cluster::invalidate(const std::string& topic, std::int32_t partition, std::error_code ec) {
  asio::post(strand_, [self = shared_from_this(), topic, partition, ec] {
    if (!self->md_.on_partition_error(topic, partition, ec)) return;
    self->log(log_level::debug, topic + "-" + std::to_string(partition) + ": " + ec.message() + ", refreshing metadata");
    self->publish_view();
    self->schedule_refresh();
  });
}

void cluster::leader_epoch_seen(const std::string& topic, std::int32_t partition, std::int32_t epoch) {
  asio::post(strand_, [self = shared_from_this(), topic, partition, epoch] {
    if (!self->md_.on_leader_epoch_seen(topic, partition, epoch)) return;
    self->log(log_level::debug, topic + "-" + std::to_string(partition) + ": leader epoch " + std::to_string(epoch) +
                                    " is newer than ours, refreshing metadata");
    self->schedule_refresh();
  });
}

void cluster::invalidate_coordinator(coordinator_type type, const std::string& key) {
  asio::post(strand_, [self = shared_from_this(), type, key] { self->md_.forget_coordinator(type, key); });
}

// ---------------------------------------------------------------------------------------------
// Routing.

void cluster::after_backoff(clock::time_point deadline, std::function<void()> next, std::function<void()> expired) {
  if (closing_ || clock::now() + cfg_.retry_backoff >= deadline) return expired();
  auto timer = std::make_shared<asio::steady_timer>(strand_, cfg_.retry_backoff);
  timer->async_wait([self = shared_from_this(), timer, next, expired](boost::system::error_code) {
    if (self->closing_) return expired();
    next();
  });
}

void cluster::resolve(const target& to, clock::time_point deadline, conn_callback cb) {
  if (closing_) return cb(client_errc::connection_closed, "the cluster is closed", nullptr);
  if (!md_.has_metadata())
    return cb(client_errc::invalid_config, "no metadata yet: async_start has not completed", nullptr);
  if (std::holds_alternative<any_broker>(to)) {
    const auto id = pick_broker({});
    if (id < 0) return cb(broker_errc::broker_not_available, "the metadata lists no broker", nullptr);
    return cb({}, "", connection_for(*md_.broker(id)));
  }
  if (const auto* n = std::get_if<node>(&to)) {
    if (const auto* b = md_.broker(n->id)) return cb({}, "", connection_for(*b));
    return cb(broker_errc::broker_not_available,
              "node " + std::to_string(n->id) + " is not among the brokers of the cluster metadata", nullptr);
  }
  if (const auto* l = std::get_if<leader>(&to)) return resolve_leader(*l, deadline, 0, std::move(cb));
  return resolve_coordinator(std::get<coordinator>(to), deadline, std::move(cb));
}

void cluster::resolve_leader(leader l, clock::time_point deadline, int rounds, conn_callback cb) {
  const auto r = md_.leader_for(l.topic, l.partition);
  if (r.ok()) return cb({}, "", connection_for(*md_.broker(r.node_id)));
  // A topic the cluster does not have stays unknown: give up after a few fresh answers
  // instead of waiting out the whole request timeout. A missing leader is waited for.
  if (rounds >= 3 && r.ec == broker_errc::unknown_topic_or_partition) return cb(r.ec, r.detail, nullptr);
  auto fail = [cb, r] { cb(r.ec, r.detail + " (still so at request.timeout.ms)", nullptr); };
  if (clock::now() >= deadline) return fail();
  auto retry = [self = shared_from_this(), l, deadline, rounds, cb, fail] {
    self->md_.request_refresh();
    self->refresh([self, l, deadline, rounds, cb, fail](std::error_code, std::string) {
      if (self->md_.leader_for(l.topic, l.partition).ok()) return self->resolve_leader(l, deadline, rounds + 1, cb);
      self->after_backoff(deadline, [self, l, deadline, rounds, cb] { self->resolve_leader(l, deadline, rounds + 1, cb); },
                          fail);
    });
  };
  retry();
}

void cluster::resolve_coordinator(coordinator c, clock::time_point deadline, conn_callback cb) {
  if (const auto* b = md_.coordinator(c.type, c.key)) return cb({}, "", connection_for(*b, channel::coordinator));
  auto& waiters = lookups_[{c.type, c.key}];
  waiters.push_back({deadline, std::move(cb)});
  if (waiters.size() > 1) return;  // a lookup for this key is already queued or under way
  lookup_queue_[c.type].push_back(c.key);
  // Posted, so that lookups made in the same turn of the event loop share one request.
  asio::post(strand_, [self = shared_from_this(), type = c.type] { self->flush_lookups(type); });
}

void cluster::flush_lookups(coordinator_type type) {
  if (lookup_in_flight_[type] || lookup_queue_[type].empty()) return;
  if (closing_) {
    for (const auto& key : std::exchange(lookup_queue_[type], {}))
      finish_lookup(type, key, client_errc::connection_closed, "the cluster is closed");
    return;
  }
  const auto id = pick_broker({});
  if (id < 0) {
    for (const auto& key : std::exchange(lookup_queue_[type], {}))
      retry_lookup(type, key, broker_errc::broker_not_available, "no broker to ask FindCoordinator");
    return;
  }
  auto conn = connection_for(*md_.broker(id));
  auto keys = std::exchange(lookup_queue_[type], {});
  // Batched (v4+) unless this broker is known to be older; a v0-3 broker gets one key per request.
  bool batched = !single_key_lookups_[type];
  if (const auto* versions = conn->broker_versions()) {
    auto pin = cfg_.connection.version_pins.find(protocol::api_key::find_coordinator);
    const auto choice = protocol::choose_version(protocol::api_key::find_coordinator, *versions,
        pin == cfg_.connection.version_pins.end() ? std::nullopt : std::optional<std::int16_t>(pin->second));
    if (choice.status) batched = choice.version >= 4;
  }
  std::vector<protocol::find_coordinator_request> reqs;
  if (batched) {
    protocol::find_coordinator_request req;
    req.key_type = static_cast<std::int8_t>(type);
    req.coordinator_keys = keys;
    reqs.push_back(std::move(req));
  } else {
    for (const auto& key : keys) {
      protocol::find_coordinator_request req;
      req.key_type = static_cast<std::int8_t>(type);
      req.key = key;
      reqs.push_back(std::move(req));
    }
  }
  lookup_in_flight_[type] = true;
  log(log_level::debug, "FindCoordinator to node " + std::to_string(id) + ": " + std::to_string(keys.size()) + " " +
                            to_string(type) + " key(s) in " + std::to_string(reqs.size()) + " request(s)");
  auto outstanding = std::make_shared<std::size_t>(reqs.size());
  for (auto& req : reqs) {
    auto asked = batched ? keys : std::vector<std::string>{req.key};
    conn->async_request(
        std::move(req),
        asio::bind_executor(strand_, [self = shared_from_this(), type, asked, id, outstanding, batched](
                                         std::error_code ec, reply<protocol::find_coordinator_response> r) {
          if (ec && batched && ec.category() == client_category() && ec != client_errc::connection_closed &&
              ec != client_errc::timed_out) {
            // The broker chose a version without the key list (e.g. a pin below v4): one per key.
            self->log(log_level::debug, "FindCoordinator: batched lookup refused (" + r.detail + "), one key per request");
            for (const auto& key : asked) self->lookup_queue_[type].push_back(key);
            self->lookup_in_flight_[type] = false;
            self->single_key_lookups_[type] = true;
            return self->flush_lookups(type);
          }
          if (ec && ec.category() == client_category() && ec != client_errc::connection_closed &&
              ec != client_errc::timed_out) {
            // Our own refusal (no common version, a field the version lacks): asking again won't help.
            for (const auto& key : asked) self->finish_lookup(type, key, ec, r.detail);
          } else if (ec) {
            {
              std::lock_guard lock(self->mutex_);
              if (auto it = self->pool_.find(id); it != self->pool_.end()) it->second.last_failure = clock::now();
            }
            for (const auto& key : asked) self->retry_lookup(type, key, ec, r.detail);
          } else if (r.version >= 4) {
            for (const auto& c : r.body.coordinators)
              self->on_coordinator(type, c.key, c.error_code, c.error_message.value_or(""), {c.node_id, c.host, c.port, {}});
          } else {
            self->on_coordinator(type, asked.front(), r.body.error_code, r.body.error_message.value_or(""),
                                 {r.body.node_id, r.body.host, r.body.port, {}});
          }
          if (--*outstanding == 0) {
            self->lookup_in_flight_[type] = false;
            self->flush_lookups(type);
          }
        }));
  }
}

void cluster::on_coordinator(coordinator_type type, const std::string& key, std::int16_t error,
                             const std::string& message, const broker_info& where) {
  if (error == 0) {
    // The metadata's address wins (it may carry the rack); FindCoordinator's is the fallback.
    const auto* b = md_.broker(where.node_id);
    md_.set_coordinator(type, key, b ? *b : where);
    log(log_level::debug, std::string(to_string(type)) + " coordinator of '" + key + "' is node " +
                              std::to_string(where.node_id));
    return finish_lookup(type, key, {}, "");
  }
  const auto e = static_cast<broker_errc>(error);
  std::string detail = "FindCoordinator for " + std::string(to_string(type)) + " '" + key + "': " +
                       error_text(error, message);
  if (is_retriable(e)) return retry_lookup(type, key, e, detail);
  finish_lookup(type, key, e, detail);
}

void cluster::retry_lookup(coordinator_type type, const std::string& key, std::error_code ec, const std::string& detail) {
  const auto now = clock::now();
  auto& waiters = lookups_[{type, key}];
  std::vector<lookup_waiter> expired;
  for (auto it = waiters.begin(); it != waiters.end();) {
    if (closing_ || now + cfg_.retry_backoff >= it->deadline) {
      expired.push_back(std::move(*it));
      it = waiters.erase(it);
    } else {
      ++it;
    }
  }
  if (waiters.empty()) lookups_.erase({type, key});
  for (auto& w : expired) w.cb(ec, detail + (closing_ ? "" : " (still so at request.timeout.ms)"), nullptr);
  if (!lookups_.count({type, key})) return;
  log(log_level::debug, detail + "; looking up again in " + std::to_string(cfg_.retry_backoff.count()) + " ms");
  auto timer = std::make_shared<asio::steady_timer>(strand_, cfg_.retry_backoff);
  timer->async_wait([self = shared_from_this(), timer, type, key](boost::system::error_code) {
    self->lookup_queue_[type].push_back(key);
    self->flush_lookups(type);
  });
}

void cluster::finish_lookup(coordinator_type type, const std::string& key, std::error_code ec, std::string detail) {
  auto it = lookups_.find({type, key});
  if (it == lookups_.end()) return;
  auto waiters = std::move(it->second);
  lookups_.erase(it);
  std::shared_ptr<connection> conn;
  if (!ec) {
    if (const auto* b = md_.coordinator(type, key)) conn = connection_for(*b, channel::coordinator);
  }
  for (auto& w : waiters) w.cb(ec, detail, conn);
}

void cluster::on_transport_error(const target& to, std::int32_t node_id, std::error_code ec) {
  if (closing_) return;
  {
    std::lock_guard lock(mutex_);
    if (auto it = pool_.find(node_id); it != pool_.end()) it->second.last_failure = clock::now();
  }
  // The broker may be gone: its partitions and coordinators move elsewhere.
  if (const auto* c = std::get_if<coordinator>(&to)) md_.forget_coordinator(c->type, c->key);
  log(log_level::info, "request to node " + std::to_string(node_id) + " (" + to_string(to) + ") failed: " +
                           ec.message() + "; refreshing metadata");
  md_.request_refresh();
  schedule_refresh();
}

// ---------------------------------------------------------------------------------------------

void cluster::close(asio::any_completion_handler<void(std::error_code)> handler) {
  auto done = std::make_shared<decltype(handler)>(std::move(handler));
  asio::post(strand_, [self = shared_from_this(), done] {
    self->closing_ = true;
    self->refresh_timer_.cancel();
    {
      std::lock_guard lock(self->mutex_);
      for (auto& [id, e] : self->pool_)
        for (auto* c : {&e.conn, &e.coordinator_conn})
          if (*c) (*c)->close();
    }
    for (auto& c : self->bootstrap_conns_) c->close();
    self->close_handlers_.push_back(std::move(*done));
    if (self->running_ == 0)
      for (auto& h : std::exchange(self->close_handlers_, {})) complete(self->strand_, std::move(h), std::error_code{});
  });
}

}  // namespace kwire::net
