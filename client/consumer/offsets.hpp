#pragma once
// The offset manager's broker calls (issue #8): ListOffsets (earliest / latest / by timestamp),
// OffsetFetch and OffsetCommit, and a group's lag (end offsets - committed, client/lag.hpp).
//
// Two layers:
// - sans-I/O: build the requests from what we know (metadata for leaders and topic ids) and read
//   the responses into per-partition results, each partition with its own error;
// - asynchronous helpers over net::cluster that route the requests (ListOffsets to each
//   partition's leader, grouped per broker; OffsetFetch/OffsetCommit to the group coordinator),
//   refresh metadata and retry partitions whose leader moved, and call back once with every
//   partition's answer. Callbacks run on the cluster's strand.
//
// Versions: the connection picks the version (min of ours, the broker's and a pin), so requests
// are written to be valid at any version: fields that only some versions carry are filled when
// the codec may leave them out (topic names and ids are both set; the broker's version decides
// which goes out). OffsetFetch changed shape at v8 (a list of groups); we send the v8+ form and,
// when the broker is older (the codec refuses: "Groups is set but version 7 ..."), the old form.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <kwire/config/consumer_config.hpp>
#include <kwire/group_metadata.hpp>
#include <kwire/group/consumer_protocol.hpp>
#include <kwire/consumer/lag.hpp>
#include <kwire/net/metadata.hpp>
#include <kwire/protocol/messages/list_offsets.hpp>
#include <kwire/protocol/messages/offset_commit.hpp>
#include <kwire/protocol/messages/offset_fetch.hpp>

namespace kwire::net {
class cluster;
}

namespace kwire::client {

using group::topic_partition;

// ListOffsets' special timestamps.
inline constexpr std::int64_t latest_timestamp = -1;
inline constexpr std::int64_t earliest_timestamp = -2;

struct offset_lookup {
  std::int64_t offset = -1;     // -1: no record at or after the timestamp
  std::int64_t timestamp = -1;  // the found record's timestamp (timestamp lookups)
  std::int32_t leader_epoch = -1;
  std::error_code ec;           // this partition's error
  std::string detail;
};
using offset_lookups = std::map<topic_partition, offset_lookup>;

struct committed_offset {
  std::int64_t offset = -1;  // -1: the group has no commit for the partition
  std::int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
};
using committed_offsets = std::map<topic_partition, committed_offset>;

using kwire::offset_and_metadata;  // <kwire/group_metadata.hpp>
using kwire::offsets_to_commit;

// Who commits: a member of a group's current generation, or (generation -1, empty member id)
// a client outside any group (assign mode), which the broker accepts for a group with no members.
struct commit_identity {
  std::string group_id;
  std::int32_t generation = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

// ---- sans-I/O -----------------------------------------------------------------------------

// One ListOffsets request per leader. Partitions whose leader is unknown are left in `no_leader`.
std::map<std::int32_t, protocol::list_offsets_request> plan_list_offsets(
    const net::metadata_view& md, const std::map<topic_partition, std::int64_t>& timestamps, isolation level,
    std::vector<topic_partition>& no_leader);
// Adds each partition of the response to `out`.
void read_list_offsets(const protocol::list_offsets_response& resp, offset_lookups& out);

// `partitions` absent: every partition the group has committed. `new_form`: v8+ (groups list).
protocol::offset_fetch_request make_offset_fetch(const std::string& group_id,
                                                 const std::optional<std::vector<topic_partition>>& partitions,
                                                 const net::metadata_view& md, bool new_form);
// The group's commits. A group-level error fails the whole answer; a partition error too
// (naming the partition): a commit we cannot read must not look like "no commit". Topics the
// response names only by id are looked up in `md`; an unknown id is an error.
struct read_result {
  std::error_code ec;
  std::string detail;
  explicit operator bool() const { return !ec; }
};
read_result read_offset_fetch(const protocol::offset_fetch_response& resp, const net::metadata_view& md,
                              committed_offsets& out);

protocol::offset_commit_request make_offset_commit(const commit_identity& who, const offsets_to_commit& offsets,
                                                   const net::metadata_view& md);
// The first failed partition (error and "topic-partition: message"); ok when all committed.
read_result read_offset_commit(const protocol::offset_commit_response& resp, const net::metadata_view& md);

// ---- over the cluster ---------------------------------------------------------------------

using list_offsets_callback = std::function<void(std::error_code, std::string, offset_lookups)>;
using committed_callback = std::function<void(std::error_code, std::string, committed_offsets)>;
using commit_callback = std::function<void(std::error_code, std::string)>;
using lag_callback = std::function<void(std::error_code, std::string, lag_report)>;

// Offsets for each partition's timestamp (latest_timestamp, earliest_timestamp or a time in ms).
// Partitions whose leader is unknown or moved are retried after a metadata refresh until
// `timeout`; the callback's error is set only when no partition could be asked at all
// (each partition carries its own error otherwise).
void list_offsets(const std::shared_ptr<net::cluster>& cluster, std::map<topic_partition, std::int64_t> timestamps,
                  isolation level, std::chrono::milliseconds timeout, list_offsets_callback cb);

void fetch_committed(const std::shared_ptr<net::cluster>& cluster, std::string group_id,
                     std::optional<std::vector<topic_partition>> partitions, committed_callback cb);

void commit_offsets(const std::shared_ptr<net::cluster>& cluster, commit_identity who, offsets_to_commit offsets,
                    commit_callback cb);

// Every partition the group has committed: end offset (latest, read_uncommitted as Java's
// kafka-consumer-groups.sh), committed offset and lag.
void group_lag(const std::shared_ptr<net::cluster>& cluster, std::string group_id, std::chrono::milliseconds timeout,
               lag_callback cb);

std::string to_string(const topic_partition& tp);

}  // namespace kwire::client
