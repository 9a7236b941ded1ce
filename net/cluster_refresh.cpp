// net::cluster's metadata: bootstrap, the periodic and on-demand refresh, the metadata calls
// of the application, and what requests report (partition errors, newer leader epochs, a
// coordinator that moved). The pool is cluster.cpp; routing, cluster_routing.cpp.

#include <kwire/net/cluster.hpp>

#include <sstream>

#include <kwire/net/host_port.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {

namespace asio = boost::asio;

namespace {

// Bootstrap and metadata failures list every broker tried, so the error says what happened at
// each one rather than only at the last.
void append_failure(std::string& list, const std::string& who, std::error_code ec, const std::string& detail) {
  list += (list.empty() ? "" : "; ") + who + ": " + (detail.empty() ? ec.message() : detail);
}

// A Metadata answer whose top-level error code is set fails as that error.
void metadata_answer_error(std::error_code& ec, reply<protocol::metadata_response>& r) {
  if (ec || r.body.error_code == 0) return;
  ec = static_cast<broker_errc>(r.body.error_code);
  r.detail = "Metadata answered " + std::string(error_name(static_cast<broker_errc>(r.body.error_code)));
}

// bootstrap.servers: comma-separated, blanks around entries ignored.
std::vector<std::string> server_list(const std::string& text) {
  std::vector<std::string> servers;
  std::stringstream list(text);
  for (std::string entry; std::getline(list, entry, ',');) {
    entry.erase(0, entry.find_first_not_of(' '));
    entry.erase(entry.find_last_not_of(' ') + 1);
    if (!entry.empty()) servers.push_back(entry);
  }
  return servers;
}

}  // namespace

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
  const auto servers = server_list(cfg_.bootstrap_servers);
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
        metadata_answer_error(ec, r);
        if (!ec) {
          // On a rebootstrap the answer's brokers replace the learned ones: connections to
          // nodes that moved or left are closed (on_metadata).
          auto changes = self->on_metadata(r.body, r.version, {});
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
        self->rebootstrap_policy_.on_answer();
        // From now on the pool connects by node id to the addresses the metadata gives.
        for (auto& c : std::exchange(self->bootstrap_conns_, {})) c->close();
        self->log(log_level::info, "bootstrapped from " + server + ": " +
                                       std::to_string(self->md_.view().brokers.size()) + " broker(s), " +
                                       std::to_string(self->md_.view().topics.size()) + " topic(s)");
        cb({}, "");
      }));
}

metadata_changes cluster::on_metadata(const protocol::metadata_response& resp, std::int16_t version,
                                      const std::vector<std::string>& topics) {
  auto changes = md_.apply(resp, version, topics, clock::now());
  {
    std::lock_guard lock(mutex_);
    // connection_for makes new ones, to the new address, when needed. A node that left keeps
    // its entry (and generation count): when it comes back, stats show the new connection as
    // the next generation.
    for (const auto* ids : {&changes.brokers_moved, &changes.brokers_removed})
      for (auto id : *ids) {
        if (auto it = pool_.find(id); it != pool_.end()) close_connections(it->second);
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
  return changes;
}

// Back to bootstrap.servers (net/rebootstrap.hpp said so): the servers are tried in turn as at
// the start, their names resolved again. Fetches that end here while one is under way wait for
// it (`why` is then not used).
void cluster::rebootstrap(const std::string& why, done_callback cb) {
  rebootstrap_waiters_.push_back(std::move(cb));
  if (rebootstrapping_) return;
  rebootstrapping_ = true;
  rebootstrap_policy_.on_rebootstrap(clock::now());
  ++rebootstraps_;
  log(log_level::warn, "rebootstrap (metadata.recovery.strategy=rebootstrap): " + why +
                           "; going back to bootstrap.servers=" + cfg_.bootstrap_servers + ", whose answer replaces the " +
                           std::to_string(md_.view().brokers.size()) + " broker(s) learned from the metadata");
  bootstrap_next(0, "", [self = shared_from_this()](std::error_code ec, std::string detail) {
    self->rebootstrapping_ = false;
    if (ec) {
      detail = "rebootstrap failed: " + detail;
      self->log(log_level::warn, detail);
    }
    for (auto& w : std::exchange(self->rebootstrap_waiters_, {})) w(ec, detail);
  });
}

void cluster::fetch_metadata(std::vector<std::string> topics, std::vector<std::int32_t> tried, std::string failures,
                             done_callback cb) {
  if (closing_) return cb(client_errc::connection_closed, "the cluster is closed");
  if (tried.empty()) rebootstrap_policy_.on_attempt(clock::now());
  const auto id = pick_broker(tried);
  if (id < 0) {
    if (tried.empty()) return cb(client_errc::invalid_config, "no broker known: async_start has not completed");
    // A rebootstrap under way (another fetch ended in one) is joined rather than failed.
    auto why = rebootstrap_policy_.decide(rebootstrap_policy::failure::every_known_broker, clock::now());
    if (why || rebootstrapping_)
      return rebootstrap(why.value_or(""), [failures, cb](std::error_code ec, std::string detail) {
        cb(ec, ec ? "no broker answered Metadata: " + failures + "; " + detail : "");
      });
    return cb(last_metadata_error_, "no broker answered Metadata: " + failures);
  }
  tried.push_back(id);
  auto conn = connection_for(*md_.broker(id));
  auto req = cluster_metadata::make_request(topics);
  conn->async_request(
      std::move(req),
      asio::bind_executor(strand_, [self = shared_from_this(), topics = std::move(topics), tried, failures, cb, id](
                                       std::error_code ec, reply<protocol::metadata_response> r) mutable {
        metadata_answer_error(ec, r);
        if (ec) {
          self->last_metadata_error_ = ec;
          self->note_failure(id);
          append_failure(failures, "node " + std::to_string(id), ec, r.detail);
          const auto f = ec == broker_errc::rebootstrap_required ? rebootstrap_policy::failure::rebootstrap_required
                                                                 : rebootstrap_policy::failure::one_broker;
          if (auto why = self->rebootstrap_policy_.decide(f, clock::now()))
            return self->rebootstrap(*why + " (last: node " + std::to_string(id) + ")", cb);
          return self->fetch_metadata(std::move(topics), std::move(tried), std::move(failures), cb);
        }
        self->on_metadata(r.body, r.version, topics);
        self->rebootstrap_policy_.on_answer();
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

}  // namespace kwire::net
