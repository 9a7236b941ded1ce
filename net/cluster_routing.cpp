// net::cluster routing requests: a target resolved to a connection (any broker, a node, a
// partition's leader, a coordinator found with batched FindCoordinator lookups), and a
// transport error reported back. The pool is cluster.cpp; the metadata, cluster_refresh.cpp.

#include <kwire/net/cluster.hpp>

#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/find_coordinator.hpp>
#include <kwire/protocol/versions.hpp>

namespace kwire::net {

namespace asio = boost::asio;

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

namespace {

// FindCoordinator requests for `keys`: one with the key list (v4+), or one per key.
std::vector<protocol::find_coordinator_request> lookup_requests(coordinator_type type,
                                                                const std::vector<std::string>& keys, bool batched) {
  std::vector<protocol::find_coordinator_request> reqs;
  auto add = [&reqs, type] {
    auto& req = reqs.emplace_back();
    req.key_type = static_cast<std::int8_t>(type);
    return &req;
  };
  if (batched)
    add()->coordinator_keys = keys;
  else
    for (const auto& key : keys) add()->key = key;
  return reqs;
}

// Our own refusal to send (no common version, a field the version lacks), not the network's.
bool refused_here(std::error_code ec) {
  return ec && ec.category() == client_category() && ec != client_errc::connection_closed &&
         ec != client_errc::timed_out;
}

}  // namespace

// Batched (v4+) unless this broker is known to be older; a v0-3 broker gets one key per request.
bool cluster::batched_lookups(coordinator_type type, const connection& conn) {
  bool batched = !single_key_lookups_[type];
  if (const auto* versions = conn.broker_versions()) {
    auto pin = cfg_.connection.version_pins.find(protocol::api_key::find_coordinator);
    const auto choice = protocol::choose_version(protocol::api_key::find_coordinator, *versions,
        pin == cfg_.connection.version_pins.end() ? std::nullopt : std::optional<std::int16_t>(pin->second));
    if (choice.status) batched = choice.version >= 4;
  }
  return batched;
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
  const bool batched = batched_lookups(type, *conn);
  auto reqs = lookup_requests(type, keys, batched);
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
          if (batched && refused_here(ec)) return self->lookup_one_key_each(type, asked, r.detail);
          self->on_lookup_answer(type, asked, id, ec, r);
          if (--*outstanding == 0) {
            self->lookup_in_flight_[type] = false;
            self->flush_lookups(type);
          }
        }));
  }
}

// The broker chose a version without the key list (e.g. a pin below v4): one request per key.
void cluster::lookup_one_key_each(coordinator_type type, const std::vector<std::string>& asked,
                                  const std::string& detail) {
  log(log_level::debug, "FindCoordinator: batched lookup refused (" + detail + "), one key per request");
  for (const auto& key : asked) lookup_queue_[type].push_back(key);
  lookup_in_flight_[type] = false;
  single_key_lookups_[type] = true;
  flush_lookups(type);
}

void cluster::on_lookup_answer(coordinator_type type, const std::vector<std::string>& asked, std::int32_t id,
                               std::error_code ec, const reply<protocol::find_coordinator_response>& r) {
  if (refused_here(ec)) {
    // Our own refusal: asking again won't help.
    for (const auto& key : asked) finish_lookup(type, key, ec, r.detail);
  } else if (ec) {
    note_failure(id);
    for (const auto& key : asked) retry_lookup(type, key, ec, r.detail);
  } else if (r.version >= 4) {
    for (const auto& c : r.body.coordinators)
      on_coordinator(type, c.key, c.error_code, c.error_message.value_or(""), {c.node_id, c.host, c.port, {}});
  } else {
    on_coordinator(type, asked.front(), r.body.error_code, r.body.error_message.value_or(""),
                   {r.body.node_id, r.body.host, r.body.port, {}});
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
  note_failure(node_id);
  // The broker may be gone: its partitions and coordinators move elsewhere.
  if (const auto* c = std::get_if<coordinator>(&to)) md_.forget_coordinator(c->type, c->key);
  log(log_level::info, "request to node " + std::to_string(node_id) + " (" + to_string(to) + ") failed: " +
                           ec.message() + "; refreshing metadata");
  md_.request_refresh();
  schedule_refresh();
}

}  // namespace kwire::net
