// The consumer's positions, fetching, poll and offsets calls. The group protocol is in
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

void consumer::assign(std::vector<topic_partition> partitions) {
  boost::asio::post(executor_, [self = shared_from_this(), partitions] {
    self->topics_.clear();
    self->pattern_.reset();
    self->subscribed_ = false;
    self->heartbeat_timer_.cancel();
    self->poll_interval_timer_.cancel();
    self->reset_group();  // out of the group at once, as before: answers to the old one are dropped
    self->set_assignment(partitions);
  });
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
  }
  resolve_positions();
  send_fetches();
}

std::vector<topic_partition> consumer::assignment() const {
  std::lock_guard lock(assignment_mutex_);
  return assignment_copy_;
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

void consumer::resolve_positions() {
  if (!started_ || closed_) return;
  std::map<topic_partition, std::int64_t> resets;
  std::vector<topic_partition> need_commit;
  for (auto& [tp, p] : parts_) {
    if (p.position || p.resolving) continue;
    p.resolving = true;
    if (p.reset_to) resets[tp] = *p.reset_to;
    else if (cfg_.group_id) need_commit.push_back(tp);
    else resets[tp] = -3;  // the policy, below
  }
  std::vector<topic_partition> policy;
  for (auto it = resets.begin(); it != resets.end();) {
    if (it->second == -3) {
      policy.push_back(it->first);
      it = resets.erase(it);
    } else {
      ++it;
    }
  }
  if (!policy.empty()) apply_reset(policy, true);
  if (!resets.empty()) {
    std::map<topic_partition, std::uint64_t> gens;
    for (const auto& [tp, ts] : resets) gens[tp] = parts_[tp].generation;
    list_offsets(cluster_, resets, cfg_.isolation_level, cfg_.default_api_timeout,
        [self = shared_from_this(), gens](std::error_code, std::string, offset_lookups found) {
          for (const auto& [tp, gen] : gens) {
            auto it = self->parts_.find(tp);
            if (it == self->parts_.end() || it->second.generation != gen) continue;
            it->second.resolving = false;
            auto f = found.find(tp);
            if (f == found.end() || f->second.ec) {
              const auto ec = f == found.end() ? make_error_code(client_errc::timed_out) : f->second.ec;
              const auto detail = f == found.end() ? "ListOffsets " + to_string(tp) + ": no answer" : f->second.detail;
              if (!self->retry_lookup(it->second, ec, detail)) self->set_error(ec, detail);
              continue;
            }
            it->second.failing_since.reset();
            it->second.reset_to.reset();
            it->second.position = f->second.offset;
            it->second.fetch_offset = f->second.offset;
          }
          self->send_fetches();
        });
  }
  if (!need_commit.empty()) {
    std::map<topic_partition, std::uint64_t> gens;
    for (const auto& tp : need_commit) gens[tp] = parts_[tp].generation;
    fetch_committed(cluster_, *cfg_.group_id, need_commit,
        [self = shared_from_this(), gens](std::error_code ec, std::string detail, committed_offsets got) {
          std::vector<topic_partition> policy;
          bool retrying = false;
          for (const auto& [tp, gen] : gens) {
            auto it = self->parts_.find(tp);
            if (it == self->parts_.end() || it->second.generation != gen) continue;
            if (ec) {
              it->second.resolving = false;
              if (self->retry_lookup(it->second, ec, detail)) retrying = true;
              continue;
            }
            it->second.failing_since.reset();
            auto c = got.find(tp);
            if (c != got.end() && c->second.offset >= 0) {
              it->second.resolving = false;
              it->second.position = c->second.offset;
              it->second.leader_epoch = c->second.leader_epoch;
              it->second.fetch_offset = c->second.offset;
            } else {
              policy.push_back(tp);
            }
          }
          if (ec && !retrying) return self->set_error(ec, detail);
          if (!policy.empty()) self->apply_reset(policy, true);
          self->send_fetches();
        });
  }
}

// A lookup that failed with a transient error (no leader yet, a coordinator loading or moving,
// a transactional commit pending, a lost connection) is asked again after retry.backoff.ms, as
// long as the partition has been failing for less than default.api.timeout.ms; after that, or
// for any other error, poll reports it.
bool consumer::retry_lookup(partition_state& p, std::error_code ec, const std::string& detail) {
  const bool transient = (ec.category() == broker_category() && is_retriable(static_cast<broker_errc>(ec.value()))) ||
                         ec == client_errc::timed_out || ec == client_errc::connection_closed;
  if (!transient) return false;
  const auto now = clock::now();
  if (!p.failing_since) p.failing_since = now;
  if (now - *p.failing_since >= cfg_.default_api_timeout) return false;
  if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::info, detail + " (retrying)");
  if (!lookup_retry_pending_) {
    lookup_retry_pending_ = true;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
    timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) {
      self->lookup_retry_pending_ = false;
      self->resolve_positions();
      self->send_fetches();
    });
  }
  return true;
}

// auto.offset.reset for partitions without a usable position (`resolving` already set).
void consumer::apply_reset(const std::vector<topic_partition>& tps, bool) {
  if (cfg_.auto_offset_reset == offset_reset::none) {
    for (const auto& tp : tps)
      if (auto it = parts_.find(tp); it != parts_.end()) it->second.resolving = false;
    return set_error(make_error_code(broker_errc::offset_out_of_range),
                     "no position for " + to_string(tps.front()) +
                         " (no committed offset, or it is out of range) and auto.offset.reset is none");
  }
  const std::int64_t ts = cfg_.auto_offset_reset == offset_reset::earliest ? earliest_timestamp : latest_timestamp;
  for (const auto& tp : tps)
    if (auto it = parts_.find(tp); it != parts_.end()) {
      it->second.reset_to = ts;
      it->second.resolving = false;
    }
  resolve_positions();
}

namespace {

// Waits for a partition's position: it comes from several paths (committed offset, reset,
// seek), so the waiter looks again every few ms until it is there, an error is pending, or the
// deadline passes.
struct position_waiter : std::enable_shared_from_this<position_waiter> {
  std::function<bool(std::int64_t&, std::error_code&, std::string&)> probe;  // true when done
  std::function<void(std::error_code, std::string, std::int64_t)> done;
  boost::asio::steady_timer timer;
  explicit position_waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
  void check() {
    std::int64_t pos = -1;
    std::error_code ec;
    std::string detail;
    if (probe(pos, ec, detail)) return done(ec, std::move(detail), pos);
    timer.expires_after(std::chrono::milliseconds(5));
    timer.async_wait([self = shared_from_this()](boost::system::error_code) { self->check(); });
  }
};

}  // namespace

void consumer::position(topic_partition tp, detailed<std::int64_t> h) {
  auto w = std::make_shared<position_waiter>(executor_);
  w->done = once(executor_, std::move(h));
  const auto deadline = clock::now() + cfg_.default_api_timeout;
  w->probe = [self = shared_from_this(), tp, deadline](std::int64_t& pos, std::error_code& ec, std::string& detail) {
    auto it = self->parts_.find(tp);
    if (it == self->parts_.end()) {
      ec = make_error_code(client_errc::invalid_value);
      detail = "position: " + to_string(tp) + " is not assigned";
      return true;
    }
    if (it->second.position) {
      pos = *it->second.position;
      return true;
    }
    if (self->error_ || self->closed_ || clock::now() >= deadline) {
      ec = self->error_ ? self->error_ : make_error_code(self->closed_ ? client_errc::connection_closed : client_errc::timed_out);
      detail = self->error_ ? self->error_detail_
               : self->closed_ ? "position: the consumer is closed"
                               : "position of " + to_string(tp) + ": none found within default.api.timeout.ms";
      return true;
    }
    self->resolve_positions();
    return false;
  };
  boost::asio::post(executor_, [w] { w->check(); });
}

// ---- fetching -----------------------------------------------------------------------------

void consumer::send_fetches() {
  if (!started_ || closed_) return;
  if (buffered_bytes_ >= static_cast<std::size_t>(cfg_.fetch_max_bytes)) return;  // prefetch cap
  const auto md = cluster_->snapshot();
  std::map<std::int32_t, std::vector<fetch_target>> per_node;
  std::vector<std::string> leaderless;
  for (auto& [tp, p] : parts_) {
    if (!p.position || p.paused || p.resolving) continue;
    if (p.fetch_offset < 0) p.fetch_offset = *p.position;
    const auto* info = md->partition(tp.topic, tp.partition);
    if (!info || info->leader < 0) {
      leaderless.push_back(tp.topic);
      continue;
    }
    fetch_target t;
    t.tp = tp;
    t.topic_id = md->topic(tp.topic)->id;
    t.offset = p.fetch_offset;
    t.current_leader_epoch = info->leader_epoch;
    t.max_bytes = cfg_.max_partition_fetch_bytes;
    per_node[info->leader].push_back(std::move(t));
  }
  if (!leaderless.empty() && !refresh_pending_) {
    refresh_pending_ = true;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
    timer->async_wait([self = shared_from_this(), timer, leaderless](boost::system::error_code) {
      self->cluster_->async_metadata(leaderless, [self](std::error_code, net::metadata_reply) {
        self->refresh_pending_ = false;
        self->send_fetches();
      });
    });
  }
  for (auto& [node, targets] : per_node) {
    if (fetching_.count(node)) continue;
    std::map<topic_partition, std::pair<std::int64_t, std::uint64_t>> sent;
    for (const auto& t : targets) sent[t.tp] = {t.offset, parts_[t.tp].generation};
    auto req = sessions_[node].build(targets, fetch_settings_);
    fetching_.insert(node);
    net::request_options opts;
    opts.timeout = cfg_.cluster.connection.request_timeout + cfg_.fetch_max_wait;
    // node = node: clang 14 cannot capture a structured binding by name (C++20 P1091).
    cluster_->async_request(net::node{node}, std::move(req),
        [self = shared_from_this(), node = node, sent](std::error_code ec, net::reply<protocol::fetch_response> r) {
          self->on_fetch(node, sent, ec, std::move(r));
        },
        opts);
  }
}

void consumer::on_fetch(std::int32_t node, std::map<topic_partition, std::pair<std::int64_t, std::uint64_t>> sent,
                        std::error_code ec, net::reply<protocol::fetch_response> r) {
  // The node stays "fetching" until this answer is processed: a poll completed from here must
  // not send the next Fetch before the positions below are updated.
  if (closed_) return (void)fetching_.erase(node);
  auto& session = sessions_[node];
  auto retry_later = [this, node] {
    fetching_.erase(node);
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
    timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) { self->send_fetches(); });
  };
  if (ec) {
    session.reset();
    for (const auto& [tp, s] : sent) cluster_->invalidate(tp.topic, tp.partition, make_error_code(broker_errc::not_leader_or_follower));
    return retry_later();
  }
  if (auto session_ec = session.on_response(r.body)) return retry_later();

  // Shared by the records decoded from it: they are views into its bytes.
  auto answer = std::make_shared<const net::reply<protocol::fetch_response>>(std::move(r));
  std::vector<topic_partition> out_of_range;
  for (const auto& t : answer->body.responses) {
    const auto topic = session.topic_of(t);
    for (const auto& p : t.partitions) {
      const topic_partition tp{topic, p.partition_index};
      auto s = sent.find(tp);
      auto it = parts_.find(tp);
      if (s == sent.end() || it == parts_.end()) continue;
      auto& st = it->second;
      if (st.generation != s->second.second || st.fetch_offset != s->second.first) continue;  // seeked meanwhile
      if (p.current_leader.leader_epoch >= 0) cluster_->leader_epoch_seen(tp.topic, tp.partition, p.current_leader.leader_epoch);
      auto res = decode_partition(tp, p, s->second.first, decode_settings_, answer);
      if (res.ec) {
        if (res.ec == broker_errc::offset_out_of_range) {
          out_of_range.push_back(tp);
        } else if (net::invalidates_metadata(res.ec)) {
          cluster_->invalidate(tp.topic, tp.partition, res.ec);
        } else {
          set_error(res.ec, res.detail);
        }
        continue;
      }
      if (res.high_watermark >= 0) st.high_watermark = res.high_watermark;
      if (res.next_offset > s->second.first) {
        chunk c;
        c.tp = tp;
        c.generation = st.generation;
        c.records = std::move(res.records);
        c.next_offset = res.next_offset;
        c.bytes = res.bytes;
        buffered_bytes_ += c.bytes;
        buffer_.push_back(std::move(c));
        st.fetch_offset = res.next_offset;
      }
    }
  }
  for (const auto& tp : out_of_range) {
    auto& st = parts_[tp];
    ++st.generation;
    st.position.reset();
    drop_buffered(tp);
    st.resolving = true;
  }
  fetching_.erase(node);
  if (!out_of_range.empty()) apply_reset(out_of_range, true);
  try_deliver();
  send_fetches();
}

// ---- poll ---------------------------------------------------------------------------------

bool consumer::take_records(records& out) {
  const auto max = static_cast<std::size_t>(cfg_.max_poll_records);
  if (!buffer_.empty()) out.reserve(std::min(max, buffer_.front().records.size() - buffer_.front().next));
  while (out.size() < max && !buffer_.empty()) {
    auto& c = buffer_.front();
    auto it = parts_.find(c.tp);
    if (it == parts_.end() || it->second.generation != c.generation || it->second.paused || !it->second.position) {
      buffered_bytes_ -= c.bytes;
      buffer_.pop_front();
      continue;
    }
    auto& st = it->second;
    while (c.next < c.records.size() && out.size() < max) {
      auto& rec = c.records[c.next++];
      if (rec.offset() >= *st.position) {
        st.position = rec.offset() + 1;
        st.leader_epoch = rec.leader_epoch();
        out.push_back(std::move(rec));
      }
    }
    if (c.next == c.records.size()) {
      st.position = std::max(*st.position, c.next_offset);
      buffered_bytes_ -= c.bytes;
      buffer_.pop_front();
    }
  }
  return !out.empty();
}

void consumer::set_error(std::error_code ec, std::string detail) {
  if (!error_) {
    error_ = ec;
    error_detail_ = std::move(detail);
    if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::warn, error_detail_);
  }
  try_deliver();
}

void consumer::try_deliver() {
  if (!poller_) return;
  records out;
  if (error_) {
    auto ec = std::exchange(error_, {});
    auto h = std::move(*poller_);
    poller_.reset();
    poll_timer_.cancel();
    poll_returned();
    return complete_on(executor_, std::move(h), ec, std::exchange(error_detail_, {}), std::move(out));
  }
  if (!take_records(out)) return;
  auto h = std::move(*poller_);
  poller_.reset();
  poll_timer_.cancel();
  poll_returned();
  complete_on(executor_, std::move(h), std::error_code{}, std::string(), std::move(out));
  send_fetches();  // room in the buffer again
}

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
