// The consumer's positions: committed offsets or the reset policy for partitions without one,
// transient lookup failures retried within default.api.timeout.ms, and position().

#include <kwire/consumer/consumer.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

using detail::complete_on;
using detail::once;

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
            self->reset_done(tp, it->second, f->second);
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
              it->second.leader_epoch = c->second.leader_epoch;  // checked (KIP-320) before the first fetch
              it->second.validated_epoch = -1;
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

void consumer::reset_done(const topic_partition& tp, partition_state& p, const offset_lookup& found) {
  p.failing_since.reset();
  p.reset_to.reset();
  p.resolving = false;
  p.position = found.offset;
  p.fetch_offset = found.offset;
  // The leader that answered holds this offset: valid under its epoch, and the epoch to check
  // the position with after the next leader change.
  p.leader_epoch = found.leader_epoch;
  if (const auto* info = cluster_->snapshot()->partition(tp.topic, tp.partition)) p.validated_epoch = info->leader_epoch;
  if (p.report) {
    auto e = std::move(*p.report);
    p.report.reset();
    e.to = found.offset;
    report_reset(e);
  }
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

}  // namespace kwire::client
