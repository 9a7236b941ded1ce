#include <kwire/consumer/validation.hpp>

#include <kwire/consumer/offsets.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

std::map<std::int32_t, protocol::offset_for_leader_epoch_request> plan_epoch_checks(
    const net::metadata_view& md, const std::map<topic_partition, epoch_check>& checks,
    std::vector<topic_partition>& no_leader) {
  std::map<std::int32_t, protocol::offset_for_leader_epoch_request> out;
  for (const auto& [tp, c] : checks) {
    const auto* p = md.partition(tp.topic, tp.partition);
    if (!p || p->leader < 0) {
      no_leader.push_back(tp);
      continue;
    }
    auto& req = out[p->leader];
    req.replica_id = -2;  // a consumer: the leader answers from its whole log, not just the high watermark's part
    if (req.topics.empty() || req.topics.back().topic != tp.topic) req.topics.push_back({tp.topic, {}, {}});
    req.topics.back().partitions.push_back({tp.partition, c.current_leader_epoch, c.position_epoch, {}});
  }
  return out;
}

std::map<topic_partition, epoch_verdict> read_epoch_checks(const protocol::offset_for_leader_epoch_response& resp,
                                                           const std::map<topic_partition, epoch_check>& asked) {
  std::map<topic_partition, epoch_verdict> out;
  for (const auto& t : resp.topics)
    for (const auto& p : t.partitions) {
      const topic_partition tp{t.topic, p.partition};
      const auto a = asked.find(tp);
      if (a == asked.end()) continue;  // not ours: ignored, as other answers' extra partitions are
      epoch_verdict v;
      if (p.error_code != 0) {
        v.ec = make_error_code(static_cast<broker_errc>(p.error_code));
        v.detail = "OffsetForLeaderEpoch " + to_string(tp) + ": " + v.ec.message();
        const bool transient = net::invalidates_metadata(v.ec) || is_retriable(static_cast<broker_errc>(p.error_code));
        v.kind = transient ? epoch_verdict::retry : epoch_verdict::failed;
      } else if (p.end_offset < 0 || p.leader_epoch < 0) {
        v.kind = epoch_verdict::epoch_unknown;
      } else if (p.end_offset < a->second.position) {
        v.kind = epoch_verdict::truncated;
        v.end_offset = p.end_offset;
        v.end_epoch = p.leader_epoch;
      } else {
        v.kind = epoch_verdict::valid;
      }
      out[tp] = std::move(v);
    }
  for (const auto& [tp, c] : asked)
    if (!out.count(tp)) {
      auto& v = out[tp];
      v.kind = epoch_verdict::failed;  // a broken answer: reported, as a malformed Fetch answer is
      v.ec = make_error_code(client_errc::invalid_value);
      v.detail = "OffsetForLeaderEpoch: the answer leaves out " + to_string(tp);
    }
  return out;
}

std::string truncation_error(const topic_partition& tp, const epoch_check& c, const epoch_verdict& v) {
  const std::string where = "partition " + to_string(tp) + ": log truncated (KIP-320): position " +
                            std::to_string(c.position) + " (leader epoch " + std::to_string(c.position_epoch) + ")";
  const std::string tail = "; auto.offset.reset is none, so the consumer does not move: seek() to go on";
  if (v.kind == epoch_verdict::truncated)
    return where + " is past the leader's end offset " + std::to_string(v.end_offset) + " for that epoch" + tail;
  return where + ": the leader knows no end offset for that epoch" + tail;
}

}  // namespace kwire::client
