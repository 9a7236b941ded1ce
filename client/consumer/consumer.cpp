// The consumer's life (create, start, close), assignment, seeks, poll and the offsets calls.
// Positions are in consumer_positions.cpp, fetching in consumer_fetch.cpp, the group in
// consumer_group.cpp.

#include <kwire/consumer/consumer.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

using detail::complete_on;
using detail::once;

namespace {

// A commit that failed on its way to the coordinator, or because the coordinator moved.
bool commit_may_retry(std::error_code ec) {
  if (!ec) return false;
  if (ec == broker_errc::not_coordinator || ec == broker_errc::coordinator_not_available ||
      ec == broker_errc::coordinator_load_in_progress || ec == broker_errc::request_timed_out)
    return true;
  if (ec == client_errc::timed_out || ec == client_errc::connection_closed) return true;
  // System and Asio errors: the connection to the coordinator failed.
  return ec.category() != broker_category() && ec.category() != client_category();
}

std::error_code broker_error(std::int16_t code) {
  return code == 0 ? std::error_code() : make_error_code(static_cast<broker_errc>(code));
}

topic_info to_topic_info(const net::topic_info& t) {
  topic_info out;
  out.name = t.name;
  out.internal = t.internal;
  out.error = broker_error(t.error_code);
  for (const auto& p : t.partitions)
    out.partitions.push_back({p.partition, p.leader, p.leader_epoch, p.replicas, p.isr, p.offline, broker_error(p.error_code)});
  return out;
}

}  // namespace

std::shared_ptr<consumer> consumer::create(boost::asio::any_io_executor executor, consumer_config config) {
  return std::shared_ptr<consumer>(new consumer(std::move(executor), std::move(config)));
}

consumer::consumer(boost::asio::any_io_executor executor, consumer_config config)
    : cfg_(std::move(config)),
      cluster_(net::cluster::create(std::move(executor), cfg_.cluster)),
      poll_timer_(cluster_->get_executor()),
      auto_commit_timer_(cluster_->get_executor()),
      heartbeat_timer_(cluster_->get_executor()),
      metadata_timer_(cluster_->get_executor()),
      poll_interval_timer_(cluster_->get_executor()) {
  executor_ = cluster_->get_executor();
  fetch_settings_.max_wait_ms = static_cast<std::int32_t>(cfg_.fetch_max_wait.count());
  fetch_settings_.min_bytes = cfg_.fetch_min_bytes;
  fetch_settings_.max_bytes = cfg_.fetch_max_bytes;
  fetch_settings_.isolation_level = cfg_.isolation_level;
  fetch_settings_.rack_id = cfg_.client_rack;
  decode_settings_.check_crcs = cfg_.check_crcs;
  decode_settings_.isolation_level = cfg_.isolation_level;
  decode_settings_.max_decompressed_bytes = protocol::default_decompression_cap(cfg_.fetch_max_bytes);
  reset_group();
}

consumer::~consumer() = default;

void consumer::start(handler<std::error_code, std::string> h) {
  auto done = once(cluster_->get_executor(), std::move(h));
  cluster_->async_start([self = shared_from_this(), done](std::error_code ec, std::string detail) {
    if (!ec) {
      self->started_ = true;
      if (self->subscribed_) self->group_start();
      self->schedule_auto_commit();
      self->resolve_positions();
      self->send_fetches();
    }
    done(ec, std::move(detail));
  });
}

// ---- assignment, seek, pause --------------------------------------------------------------

error_info consumer::enter_mode(mode wanted, const char* call) {
  std::lock_guard lock(mode_mutex_);
  if (mode_ == mode::none || mode_ == wanted) {
    mode_ = wanted;
    return {};
  }
  const char* now = mode_ == mode::subscribed ? "subscribed to topics with subscribe() (the group assigns its partitions)"
                                              : "assigned its partitions itself with assign()";
  return {make_error_code(client_errc::invalid_value),
          std::string(call) + " refused: this consumer " + now +
              "; subscribe() and assign() are mutually exclusive: call unsubscribe() first"};
}

error_info consumer::assign(std::vector<topic_partition> partitions) {
  if (partitions.empty()) {
    unsubscribe();
    return {};
  }
  if (auto refused = enter_mode(mode::assigned, "assign()"); refused.failed()) return refused;
  boost::asio::post(executor_, [self = shared_from_this(), partitions] {
    self->topics_.clear();
    self->pattern_.reset();
    self->subscribed_ = false;
    self->heartbeat_timer_.cancel();
    self->poll_interval_timer_.cancel();
    self->reset_group();  // out of the group at once, as before: answers to the old one are dropped
    self->set_assignment(partitions);
  });
  return {};
}

void consumer::set_assignment(const std::vector<topic_partition>& partitions) {
  std::set<topic_partition> wanted(partitions.begin(), partitions.end());
  for (auto it = parts_.begin(); it != parts_.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    drop_buffered(it->first);
    finished_.erase(it->first);
    it = parts_.erase(it);
  }
  for (const auto& tp : wanted) parts_.try_emplace(tp);
  {
    std::lock_guard lock(assignment_mutex_);
    assignment_copy_.assign(wanted.begin(), wanted.end());
    const auto who = identity();
    group_metadata_copy_ = {who.group_id, who.generation, who.member_id, who.group_instance_id};
  }
  resolve_positions();
  send_fetches();
}

std::vector<topic_partition> consumer::assignment() const {
  std::lock_guard lock(assignment_mutex_);
  return assignment_copy_;
}

consumer_group_metadata consumer::group_metadata() const {
  if (cluster_->get_executor().running_in_this_thread()) {
    const auto who = identity();
    return {who.group_id, who.generation, who.member_id, who.group_instance_id};
  }
  std::lock_guard lock(assignment_mutex_);
  return group_metadata_copy_;
}

void consumer::drop_buffered(const topic_partition& tp) {
  for (auto it = buffer_.begin(); it != buffer_.end();) {
    if (it->tp == tp) {
      buffered_bytes_ -= it->bytes;
      it = buffer_.erase(it);
    } else {
      ++it;
    }
  }
  if (auto it = parts_.find(tp); it != parts_.end()) it->second.fetch_offset = it->second.position.value_or(-1);
}

void consumer::seek(const topic_partition& tp, std::int64_t offset) {
  boost::asio::post(executor_, [self = shared_from_this(), tp, offset] {
    auto it = self->parts_.find(tp);
    if (it == self->parts_.end())
      return self->set_error(make_error_code(client_errc::invalid_value), "seek: " + to_string(tp) + " is not assigned");
    auto& p = it->second;
    ++p.generation;
    p.resolving = false;
    p.reset_to.reset();
    p.failing_since.reset();
    p.position = offset;
    p.leader_epoch = -1;  // an offset of the user's, of no known epoch: not checked (KIP-320), as in Java
    p.validating = p.stopped = false;
    p.report.reset();
    self->drop_buffered(tp);
    self->send_fetches();
  });
}

void consumer::seek_to_beginning(std::vector<topic_partition> partitions) {
  seek_to_timestamp(std::move(partitions), earliest_timestamp);
}

void consumer::seek_to_end(std::vector<topic_partition> partitions) {
  seek_to_timestamp(std::move(partitions), latest_timestamp);
}

// The position is looked up (ListOffsets at `timestamp`) by resolve_positions.
void consumer::seek_to_timestamp(std::vector<topic_partition> partitions, std::int64_t timestamp) {
  boost::asio::post(executor_, [self = shared_from_this(), partitions = std::move(partitions), timestamp] {
    for (const auto& tp : partitions)
      if (auto it = self->parts_.find(tp); it != self->parts_.end()) {
        ++it->second.generation;
        it->second.resolving = false;
        it->second.failing_since.reset();
        it->second.position.reset();
        it->second.validating = it->second.stopped = false;
        it->second.report.reset();
        it->second.reset_to = timestamp;
        self->drop_buffered(tp);
      }
    self->resolve_positions();
  });
}

void consumer::pause(std::vector<topic_partition> partitions) {
  boost::asio::post(executor_, [self = shared_from_this(), partitions] {
    for (const auto& tp : partitions)
      if (auto it = self->parts_.find(tp); it != self->parts_.end() && !it->second.paused) {
        it->second.paused = true;
        ++it->second.generation;
        self->drop_buffered(tp);
      }
  });
}

void consumer::resume(std::vector<topic_partition> partitions) {
  boost::asio::post(executor_, [self = shared_from_this(), partitions] {
    for (const auto& tp : partitions)
      if (auto it = self->parts_.find(tp); it != self->parts_.end()) it->second.paused = false;
    self->send_fetches();
  });
}

// ---- positions ----------------------------------------------------------------------------

void consumer::poll(std::chrono::milliseconds timeout, detailed<records> h) {
  boost::asio::post(executor_, [self = shared_from_this(), timeout, h = std::move(h)]() mutable {
    if (self->poller_)
      return complete_on(self->executor_, std::move(h), make_error_code(client_errc::invalid_value),
                         std::string("poll: another poll is in progress (one at a time)"), records{});
    if (self->closed_)
      return complete_on(self->executor_, std::move(h), make_error_code(client_errc::connection_closed),
                         std::string("poll: the consumer is closed"), records{});
    // The application calls poll again: it has finished with every record handed out so far.
    self->finished_ = self->consumed_offsets();
    if (clock::now() - self->last_auto_commit_ >= self->cfg_.auto_commit_interval) self->auto_commit();
    self->poller_.emplace(std::move(h));
    self->poll_started();
    const auto id = ++self->poll_id_;
    self->resolve_positions();
    self->send_fetches();
    self->try_deliver();
    if (!self->poller_) return;
    self->poll_timer_.expires_after(timeout);
    self->poll_timer_.async_wait([self, id](boost::system::error_code) {
      if (id != self->poll_id_ || !self->poller_) return;
      auto h2 = std::move(*self->poller_);
      self->poller_.reset();
      self->poll_returned();
      complete_on(self->executor_, std::move(h2), std::error_code{}, std::string(), records{});
    });
  });
}

// ---- offsets calls ------------------------------------------------------------------------

offsets_to_commit consumer::consumed_offsets() const {
  offsets_to_commit out;
  for (const auto& [tp, p] : parts_)
    if (p.position) out[tp] = offset_and_metadata{*p.position, p.leader_epoch, ""};
  return out;
}

void consumer::commit(std::optional<offsets_to_commit> offsets, handler<std::error_code, std::string> h) {
  auto done = once(executor_, std::move(h));
  boost::asio::post(executor_, [self = shared_from_this(), offsets, done] {
    if (!self->cfg_.group_id) return done(make_error_code(client_errc::invalid_config), "commit needs group.id");
    self->do_commit(offsets ? *offsets : self->consumed_offsets(), done);
  });
}

void consumer::do_commit(offsets_to_commit offsets, std::function<void(std::error_code, std::string)> cb,
                         std::optional<clock::time_point> deadline) {
  if (!deadline) deadline = clock::now() + cfg_.default_api_timeout;
  commit_offsets(cluster_, identity(), offsets,
      [self = shared_from_this(), offsets, cb, deadline](std::error_code ec, std::string d) {
        // KIP-848: the coordinator bumped our epoch (a new assignment) and the heartbeat that
        // tells us is on its way: ask for it now and commit again with the new epoch.
        const auto backoff = self->cfg_.cluster.retry_backoff;
        if (ec == broker_errc::stale_member_epoch && self->kip848() && !self->closed_ &&
            self->group_active() && clock::now() + backoff < *deadline) {
          self->group_run(self->kip848_machine().heartbeat_now());
          auto timer = std::make_shared<boost::asio::steady_timer>(self->executor_, backoff);
          return timer->async_wait([self, timer, offsets, cb, deadline](boost::system::error_code) {
            self->do_commit(offsets, cb, deadline);
          });
        }
        // The coordinator moved or its node is gone (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
        // COORDINATOR_LOAD_IN_PROGRESS, a lost connection, a timeout): the same offsets again
        // after the backoff, until default.api.timeout.ms, as Java's commitSync (tests/faults
        // saw 69 of ~1,200 commits fail at once while the coordinator's node was SIGKILLed).
        if (commit_may_retry(ec) && !self->closed_ && clock::now() + backoff < *deadline) {
          auto timer = std::make_shared<boost::asio::steady_timer>(self->executor_, backoff);
          return timer->async_wait([self, timer, offsets, cb, deadline](boost::system::error_code) {
            self->do_commit(offsets, cb, deadline);
          });
        }
        if (ec == broker_errc::rebalance_in_progress || ec == broker_errc::illegal_generation ||
            ec == broker_errc::unknown_member_id)
          self->rejoin("a commit was refused by the group");
        cb(ec, std::move(d));
      });
}

void consumer::committed(std::vector<topic_partition> partitions, detailed<committed_offsets> h) {
  auto done = once(executor_, std::move(h));
  if (!cfg_.group_id) return done(make_error_code(client_errc::invalid_config), "committed needs group.id", {});
  fetch_committed(cluster_, *cfg_.group_id, std::move(partitions), done);
}

void consumer::lookup(std::map<topic_partition, std::int64_t> timestamps, detailed<offsets_found> h) {
  auto done = once(executor_, std::move(h));
  list_offsets(cluster_, std::move(timestamps), cfg_.isolation_level, cfg_.default_api_timeout,
               [done](std::error_code ec, std::string detail, offset_lookups found) {
                 offsets_found out;
                 for (auto& [tp, l] : found) {
                   auto& r = out[tp];
                   if (l.ec) r.error = {l.ec, std::move(l.detail)};
                   else r.value = {l.offset, l.timestamp, l.leader_epoch};
                 }
                 done(ec, std::move(detail), std::move(out));
               });
}

void consumer::describe_topics(std::vector<std::string> topics, detailed<std::map<std::string, topic_info>> h) {
  auto done = once(executor_, std::move(h));
  cluster_->async_metadata(topics, [topics, done](std::error_code ec, net::metadata_reply r) {
    std::map<std::string, topic_info> out;
    if (r.view)
      for (const auto& [name, t] : r.view->topics)
        if (topics.empty() || std::find(topics.begin(), topics.end(), name) != topics.end()) out[name] = to_topic_info(t);
    done(ec, ec ? std::move(r.detail) : std::string(), std::move(out));
  });
}

// Auto-commit runs from poll when auto.commit.interval.ms has passed since the last one, and
// from this timer, which covers an application waiting in a long poll: both commit finished_.
void consumer::schedule_auto_commit() {
  if (!cfg_.group_id || !cfg_.enable_auto_commit || closed_) return;
  auto_commit_timer_.expires_after(cfg_.auto_commit_interval);
  auto_commit_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
    if (e || self->closed_) return;
    if (clock::now() - self->last_auto_commit_ >= self->cfg_.auto_commit_interval) self->auto_commit();
    self->schedule_auto_commit();
  });
}

void consumer::auto_commit() {
  if (!cfg_.group_id || !cfg_.enable_auto_commit || !started_ || closed_ || group_joining()) return;
  last_auto_commit_ = clock::now();
  if (finished_.empty()) return;
  do_commit(finished_, [self = shared_from_this()](std::error_code ec, std::string d) {
    if (ec && self->cfg_.cluster.connection.log)
      self->cfg_.cluster.connection.log(net::log_level::warn, "auto-commit failed: " + d);
  });
}

void consumer::close(detailed<> h) {
  auto done = once(executor_, std::move(h));
  boost::asio::post(executor_, [self = shared_from_this(), done] {
    if (self->closed_) return done({}, {});
    auto finish = [self, done] {
      self->closed_ = true;
      self->poll_timer_.cancel();
      self->auto_commit_timer_.cancel();
      self->heartbeat_timer_.cancel();
      self->metadata_timer_.cancel();
      self->poll_interval_timer_.cancel();
      if (self->poller_) {
        auto ph = std::move(*self->poller_);
        self->poller_.reset();
        complete_on(self->executor_, std::move(ph), make_error_code(client_errc::connection_closed),
                    std::string("poll: the consumer was closed"), records{});
      }
      self->cluster_->async_close([done](std::error_code ec) { done(ec, ec ? "close: " + ec.message() : std::string()); });
    };
    auto leave = [self, finish] {
      if (!self->group_active()) return finish();
      self->leave_group(finish);  // the machine revokes (listener) first, then leaves
    };
    // A commit refused here (the group is rebalancing) must not start a rejoin: we are leaving.
    // The commit below covers every partition: a revocation on the way out commits nothing.
    self->closing_ = true;
    self->heartbeat_timer_.cancel();
    if (self->started_ && self->cfg_.group_id && self->cfg_.enable_auto_commit && !self->parts_.empty())
      return commit_offsets(self->cluster_, self->identity(), self->consumed_offsets(),
                            [leave](std::error_code, std::string) { leave(); });
    leave();
  });
}



}  // namespace kwire::client
