#pragma once
// The cluster as the client knows it, sans-I/O: brokers, topics, partition leaders, group /
// transaction / share coordinators, and when the next Metadata request is due. The cluster feeds
// it the responses it receives and asks it where to send things; tests feed it decoded bytes.
//
// Leader epochs (KIP-320) decide which of two answers is newer: a partition never goes back to
// an older epoch, because brokers answer Metadata from their own, possibly lagging, cache.
// Metadata v0-8 epochs are not trusted (brokers before 2.4 reported them inaccurately during
// reassignments, which is why Java's client compares them only from v9), so such answers simply
// replace what we had.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::net {

struct broker_info {
  std::int32_t node_id = -1;
  std::string host;
  std::int32_t port = 0;
  std::optional<std::string> rack;
  bool operator==(const broker_info&) const = default;
};

struct partition_info {
  std::int32_t partition = -1;
  std::int32_t leader = -1;        // -1: no leader known (none elected, or invalidated by an error)
  std::int32_t leader_epoch = -1;  // -1: unknown
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> isr;
  std::vector<std::int32_t> offline;
  std::int16_t error_code = 0;     // as the broker reported it (e.g. LEADER_NOT_AVAILABLE)
  bool operator==(const partition_info&) const = default;
};

struct topic_info {
  std::string name;
  protocol::uuid id;               // zero before Metadata v10
  bool internal = false;
  std::int16_t error_code = 0;     // e.g. UNKNOWN_TOPIC_OR_PARTITION for a topic we asked for
  std::vector<partition_info> partitions;  // sorted by partition number
  const partition_info* partition(std::int32_t p) const;
};

// An immutable picture of the cluster; snapshot() hands out shared copies.
struct metadata_view {
  std::optional<std::string> cluster_id;
  std::int32_t controller_id = -1;
  std::map<std::int32_t, broker_info> brokers;
  std::map<std::string, topic_info> topics;

  const broker_info* broker(std::int32_t node_id) const;
  const topic_info* topic(const std::string& name) const;
  const partition_info* partition(const std::string& topic, std::int32_t p) const;
};

// FindCoordinator's KeyType.
enum class coordinator_type : std::int8_t { group = 0, transaction = 1, share = 2 };
const char* to_string(coordinator_type t);

// What one applied response changed; the cluster acts on it (reconnects, logs).
struct metadata_changes {
  std::error_code error;                      // a top-level error (v13+): nothing was applied
  std::string detail;
  std::vector<std::int32_t> brokers_added;
  std::vector<std::int32_t> brokers_moved;    // same node id, new host or port: reconnect
  std::vector<std::int32_t> brokers_removed;
  std::vector<std::pair<std::string, std::int32_t>> leaders_changed;  // new leader or epoch
  std::vector<std::pair<std::string, std::int32_t>> stale_ignored;    // older epoch than known
  std::vector<std::string> topics_removed;    // gone from a full listing
};

// Errors that mean our picture of a partition or topic is wrong: ask for fresh metadata.
bool invalidates_metadata(std::error_code ec);

// Where a leader-bound request should go.
struct route {
  std::int32_t node_id = -1;       // valid when ok()
  std::int32_t leader_epoch = -1;
  std::error_code ec;              // why not: unknown topic / partition / no leader (yet)
  std::string detail;
  bool ok() const { return !ec; }
};

class cluster_metadata {
 public:
  using clock = std::chrono::steady_clock;

  cluster_metadata(std::chrono::milliseconds max_age, std::chrono::milliseconds retry_backoff);

  // The request for `topics`, or every topic when empty. Auto creation stays off: looking a
  // topic up must not create it.
  static protocol::metadata_request make_request(const std::vector<std::string>& topics);

  // Applies a response to a request for `requested` topics (empty = all topics) that was
  // decoded at `version`. A full listing also drops topics the cluster no longer has.
  metadata_changes apply(const protocol::metadata_response& resp, std::int16_t version,
                         const std::vector<std::string>& requested, clock::time_point now);

  bool has_metadata() const { return updates_ > 0; }
  std::uint64_t updates() const { return updates_; }
  const metadata_view& view() const { return *view_; }
  std::shared_ptr<const metadata_view> snapshot() const { return view_; }

  // Routing.
  route leader_for(const std::string& topic, std::int32_t partition) const;
  const broker_info* broker(std::int32_t node_id) const { return view_->broker(node_id); }

  // A broker answered a request for (topic, partition) with `ec`. Returns true when this
  // invalidates our picture: the partition's leader is forgotten and a refresh is requested.
  bool on_partition_error(const std::string& topic, std::int32_t partition, std::error_code ec);
  // A response (Produce/Fetch current-leader, KIP-951, or OffsetsForLeaderEpoch) named a leader
  // epoch. A newer epoch than ours means our metadata is behind: refresh. Returns true then.
  bool on_leader_epoch_seen(const std::string& topic, std::int32_t partition, std::int32_t epoch);

  // Refresh decisions. The periodic refresh is due metadata_max_age after the last success; a
  // requested one as soon as possible, but not sooner than retry_backoff after the last attempt.
  // Answers that keep coming back incomplete (a partition with no leader for a while, a broker
  // that lags) double that wait each time, up to metadata_max_age, so an offline partition does
  // not turn into a Metadata request every retry_backoff.
  void request_refresh() { refresh_requested_ = true; }
  bool refresh_requested() const { return refresh_requested_; }
  clock::time_point next_refresh(clock::time_point now) const;
  bool refresh_due(clock::time_point now) const { return next_refresh(now) <= now; }
  void on_refresh_started(clock::time_point now) { last_attempt_ = now; }
  void on_refresh_failed(clock::time_point now) { last_attempt_ = now; refresh_requested_ = true; }

  // Coordinators found with FindCoordinator, by (type, key).
  void set_coordinator(coordinator_type t, const std::string& key, const broker_info& node);
  const broker_info* coordinator(coordinator_type t, const std::string& key) const;
  void forget_coordinator(coordinator_type t, const std::string& key);

 private:
  std::shared_ptr<metadata_view> mutable_view();

  std::chrono::milliseconds max_age_;
  std::chrono::milliseconds retry_backoff_;
  std::shared_ptr<const metadata_view> view_;
  std::uint64_t updates_ = 0;
  bool refresh_requested_ = false;
  int incomplete_answers_ = 0;  // consecutive applied answers that asked for another refresh
  clock::time_point last_success_{};
  clock::time_point last_attempt_{};
  std::map<std::pair<coordinator_type, std::string>, broker_info> coordinators_;
};

}  // namespace kwire::net
