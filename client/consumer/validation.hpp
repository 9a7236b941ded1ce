#pragma once
// KIP-320, sans-I/O: after a leader change the consumer checks its position with
// OffsetForLeaderEpoch before fetching again. It asks the leader where the epoch of the last
// record it consumed ends; an end below the position means the log was truncated (an unclean
// election replaced the records the consumer read). What follows is Java 4.x's rule
// (SubscriptionState.maybeCompleteValidation):
//   - end offset >= position: the position is valid;
//   - end offset < position: with auto.offset.reset earliest/latest the position moves to the end
//     offset (the first offset known to diverge); with none, poll fails (client_errc::log_truncated,
//     Java's LogTruncationException) naming the partition, the position and the end offset;
//   - no end offset known for the epoch (-1): auto.offset.reset applies; none fails as above;
//   - an error that a metadata refresh fixes (FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER, ...) or
//     any retriable one: asked again after the refresh; others fail poll.
// A position without a leader epoch (after seek(), or committed by a client that did not record
// one) cannot be checked and is taken as valid, as in Java.

#include <cstdint>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include <kwire/config/consumer_config.hpp>
#include <kwire/net/metadata.hpp>
#include <kwire/protocol/messages/offset_for_leader_epoch.hpp>
#include <kwire/topic_partition.hpp>

namespace kwire::client {

struct epoch_check {
  std::int64_t position = -1;
  std::int32_t position_epoch = -1;        // leader epoch of the record before the position
  std::int32_t current_leader_epoch = -1;  // the metadata's: the leader fences an older one
};

struct epoch_verdict {
  enum kind_t { valid, truncated, epoch_unknown, retry, failed } kind = retry;
  std::int64_t end_offset = -1;  // truncated: where the leader's log ends for position_epoch
  std::int32_t end_epoch = -1;   // the epoch that end offset belongs to
  std::error_code ec;            // retry / failed
  std::string detail;
};

// One request per leader; partitions whose leader is unknown are left in `no_leader`.
std::map<std::int32_t, protocol::offset_for_leader_epoch_request> plan_epoch_checks(
    const net::metadata_view& md, const std::map<topic_partition, epoch_check>& checks,
    std::vector<topic_partition>& no_leader);

// A verdict for every partition of `asked` (one the answer leaves out: failed, invalid_value).
std::map<topic_partition, epoch_verdict> read_epoch_checks(const protocol::offset_for_leader_epoch_response& resp,
                                                           const std::map<topic_partition, epoch_check>& asked);

// The text poll fails with when auto.offset.reset is none.
std::string truncation_error(const topic_partition& tp, const epoch_check& c, const epoch_verdict& v);

}  // namespace kwire::client
