// The consumer's fetching: Fetch requests per leader within fetch sessions, their answers
// buffered per partition, and records handed to the waiting poll.

#include <kwire/consumer/consumer.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

using detail::complete_on;
using detail::malformed_answer;
using detail::once;

void consumer::send_fetches() {
  if (!started_ || closed_) return;
  if (buffered_bytes_ >= static_cast<std::size_t>(cfg_.fetch_max_bytes)) return;  // prefetch cap
  const auto md = cluster_->snapshot();
  std::map<std::int32_t, std::vector<fetch_target>> per_node;
  std::vector<std::string> leaderless;
  std::map<topic_partition, epoch_check> checks;
  for (auto& [tp, p] : parts_) {
    if (!p.position || p.paused || p.resolving || p.validating || p.stopped) continue;
    if (p.fetch_offset < 0) p.fetch_offset = *p.position;
    const auto* info = md->partition(tp.topic, tp.partition);
    // A deleted topic is no partition without a leader: reported, and not looked up again every
    // retry.backoff.ms (the periodic metadata refresh sees it if it comes back).
    if (topic_gone(tp.topic, md->topic(tp.topic))) continue;
    if (!info || info->leader < 0) {
      leaderless.push_back(tp.topic);
      continue;
    }
    // A newer leader epoch than the position was fetched under: a leader change, after which the
    // log may have been truncated below the position (KIP-320). Checked before fetching again.
    if (info->leader_epoch > p.validated_epoch) {
      if (p.leader_epoch >= 0) {
        checks[tp] = {*p.position, p.leader_epoch, info->leader_epoch};
        continue;
      }
      p.validated_epoch = info->leader_epoch;  // no epoch to check the position with (seek())
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
  if (!checks.empty()) check_positions(checks);
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
    fetch_later();
  };
  if (ec) {
    session.reset();
    for (const auto& [tp, s] : sent) cluster_->invalidate(tp.topic, tp.partition, make_error_code(broker_errc::not_leader_or_follower));
    retry_later();
    if (malformed_answer(ec)) set_error(ec, "Fetch from node " + std::to_string(node) + ": " + r.detail);
    return;
  }
  if (auto session_ec = session.on_response(r.body)) return retry_later();

  // Shared by the records decoded from it: they are views into its bytes.
  auto answer = std::make_shared<const net::reply<protocol::fetch_response>>(std::move(r));
  std::map<topic_partition, std::int64_t> out_of_range;  // and the offset the leader refused
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
          out_of_range[tp] = s->second.first;
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
  fetching_.erase(node);
  if (!out_of_range.empty()) reset_out_of_range(out_of_range);
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

bool consumer::topic_gone(const std::string& topic, const net::topic_info* t) {
  const auto code = t ? static_cast<broker_errc>(t->error_code) : broker_errc::none;
  if (code != broker_errc::unknown_topic_or_partition && code != broker_errc::unknown_topic_id) {
    if (t) gone_reported_.erase(topic);
    return false;
  }
  if (gone_reported_.insert(topic).second)
    set_error(make_error_code(code), "topic " + topic + " is gone (deleted?): the cluster's metadata answers " +
                                         make_error_code(code).message() + " Nothing more is fetched from it.");
  return true;
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

}  // namespace kwire::client
