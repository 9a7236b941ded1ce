// Positions the consumer moves by itself, and says so: OFFSET_OUT_OF_RANGE from a Fetch
// (auto.offset.reset, with the log's range looked up for the report) and KIP-320's check of a
// position after a leader change (client/consumer/validation.hpp decides; this file asks the
// leader and applies the verdict). Every such move is reported through report_reset().

#include <kwire/consumer/consumer.hpp>

#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

using detail::malformed_answer;

namespace {

const char* policy_name(offset_reset r) { return r == offset_reset::earliest ? "earliest" : "latest"; }

}  // namespace

void consumer::report_reset(const offset_reset_event& e) {
  if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::warn, describe(e));
  if (cfg_.on_offset_reset) cfg_.on_offset_reset(e);
}

void consumer::fetch_later() {
  auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
  timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) { self->send_fetches(); });
}

// The Fetch error answer carries no offsets, so both ends of the log are asked: the report says
// where the refused offset fell, and the policy's end is the new position.
void consumer::reset_out_of_range(const std::map<topic_partition, std::int64_t>& refused) {
  std::map<topic_partition, std::int64_t> first, last;
  std::map<topic_partition, std::uint64_t> gens;
  for (const auto& [tp, offset] : refused) {
    auto& p = parts_[tp];
    ++p.generation;
    p.position.reset();
    drop_buffered(tp);
    if (cfg_.auto_offset_reset == offset_reset::none) {
      set_error(make_error_code(broker_errc::offset_out_of_range),
                "partition " + to_string(tp) + ": offset " + std::to_string(offset) +
                    " is out of range and auto.offset.reset is none: seek() to go on");
      continue;
    }
    p.resolving = true;
    offset_reset_event e;
    e.partition = tp;
    e.reason = reset_reason::out_of_range;
    e.from = offset;
    e.policy = policy_name(cfg_.auto_offset_reset);
    p.report = std::move(e);
    first[tp] = earliest_timestamp;
    last[tp] = latest_timestamp;
    gens[tp] = p.generation;
  }
  if (gens.empty()) return;
  list_offsets(cluster_, first, cfg_.isolation_level, cfg_.default_api_timeout,
      [self = shared_from_this(), last, gens](std::error_code, std::string, offset_lookups starts) {
        list_offsets(self->cluster_, last, self->cfg_.isolation_level, self->cfg_.default_api_timeout,
            [self, gens, starts](std::error_code, std::string, offset_lookups ends) {
              const bool earliest = self->cfg_.auto_offset_reset == offset_reset::earliest;
              for (const auto& [tp, gen] : gens) {
                auto it = self->parts_.find(tp);
                if (it == self->parts_.end() || it->second.generation != gen) continue;
                auto& p = it->second;
                const auto s = starts.find(tp);
                const auto e = ends.find(tp);
                if (s == starts.end() || e == ends.end() || s->second.ec || e->second.ec) {
                  // The ordinary reset (retried, errors reported) takes over; reported without the range.
                  p.resolving = false;
                  p.reset_to = earliest ? earliest_timestamp : latest_timestamp;
                  continue;
                }
                if (p.report) {
                  p.report->log_start = s->second.offset;
                  p.report->log_end = e->second.offset;
                }
                self->reset_done(tp, p, earliest ? s->second : e->second);
              }
              self->resolve_positions();
              self->send_fetches();
            });
      });
}

void consumer::check_positions(const std::map<topic_partition, epoch_check>& checks) {
  std::vector<topic_partition> no_leader;  // none: send_fetches() checks only partitions with a leader
  auto plan = plan_epoch_checks(*cluster_->snapshot(), checks, no_leader);
  for (auto& [node, req] : plan) {
    std::map<topic_partition, epoch_check> asked;
    std::map<topic_partition, std::uint64_t> gens;
    for (const auto& t : req.topics)
      for (const auto& part : t.partitions) {
        const topic_partition tp{t.topic, part.partition};
        auto& p = parts_[tp];
        ++p.generation;  // what was fetched ahead may be the truncated part: dropped, fetched again
        drop_buffered(tp);
        p.validating = true;
        asked[tp] = checks.at(tp);
        gens[tp] = p.generation;
      }
    cluster_->async_request(net::node{node}, std::move(req),
        [self = shared_from_this(), asked, gens](std::error_code ec, net::reply<protocol::offset_for_leader_epoch_response> r) {
          self->on_epoch_checks(asked, gens, ec, std::move(r));
        });
  }
}

void consumer::on_epoch_checks(const std::map<topic_partition, epoch_check>& asked,
                               const std::map<topic_partition, std::uint64_t>& gens, std::error_code ec,
                               net::reply<protocol::offset_for_leader_epoch_response> r) {
  if (closed_) return;
  std::map<topic_partition, epoch_verdict> verdicts;
  if (!ec) verdicts = read_epoch_checks(r.body, asked);
  bool later = false, resets = false;
  for (const auto& [tp, c] : asked) {
    auto it = parts_.find(tp);
    if (it == parts_.end() || it->second.generation != gens.at(tp)) continue;  // seeked or revoked meanwhile
    auto& p = it->second;
    p.validating = false;
    if (ec) {  // no answer: the leader may be gone; asked again after a metadata refresh
      cluster_->invalidate(tp.topic, tp.partition, make_error_code(broker_errc::not_leader_or_follower));
      later = true;
      if (malformed_answer(ec)) set_error(ec, "OffsetForLeaderEpoch " + to_string(tp) + ": " + r.detail);
      continue;
    }
    const auto& v = verdicts.at(tp);
    switch (v.kind) {
      case epoch_verdict::valid:
        p.validated_epoch = c.current_leader_epoch;
        break;
      case epoch_verdict::retry:
        cluster_->invalidate(tp.topic, tp.partition, v.ec);
        if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::info, v.detail + " (retrying)");
        later = true;
        break;
      case epoch_verdict::failed:
        set_error(v.ec, v.detail);
        later = true;  // paced: asked again after retry.backoff.ms
        break;
      case epoch_verdict::truncated:
      case epoch_verdict::epoch_unknown: {
        if (cfg_.auto_offset_reset == offset_reset::none) {
          p.stopped = true;
          set_error(make_error_code(client_errc::log_truncated), truncation_error(tp, c, v));
          break;
        }
        offset_reset_event e;
        e.partition = tp;
        e.from = c.position;
        e.from_epoch = c.position_epoch;
        if (v.kind == epoch_verdict::truncated) {
          // Java 4.x: with a reset policy set, resume at the first offset known to diverge.
          e.reason = reset_reason::truncation;
          e.policy = "divergence";
          e.leader_end_offset = v.end_offset;
          e.to = v.end_offset;
          p.position = v.end_offset;
          p.fetch_offset = v.end_offset;
          p.leader_epoch = v.end_epoch;
          p.validated_epoch = c.current_leader_epoch;
          report_reset(e);
        } else {
          e.reason = reset_reason::epoch_unknown;
          e.policy = policy_name(cfg_.auto_offset_reset);
          p.report = std::move(e);
          p.position.reset();
          p.reset_to = cfg_.auto_offset_reset == offset_reset::earliest ? earliest_timestamp : latest_timestamp;
          resets = true;
        }
        break;
      }
    }
  }
  if (resets) resolve_positions();
  if (later) fetch_later();
  else send_fetches();
}

}  // namespace kwire::client
