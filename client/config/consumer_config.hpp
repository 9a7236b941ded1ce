#pragma once
// The consumer's settings, parsed from Java-named properties (see config.hpp for the common
// keys). Defaults are the Java 4.x consumer's.
//
// Consumer keys: group.id, group.instance.id, auto.offset.reset (earliest, latest, none),
// enable.auto.commit, auto.commit.interval.ms, session.timeout.ms, heartbeat.interval.ms,
// max.poll.interval.ms, max.poll.records, fetch.min.bytes, fetch.max.bytes, fetch.max.wait.ms,
// max.partition.fetch.bytes, isolation.level (read_uncommitted, read_committed),
// partition.assignment.strategy (a list of range, roundrobin, cooperative-sticky, or the Java
// class names of those three),
// check.crcs, group.protocol (classic, consumer), group.remote.assignor, client.rack,
// default.api.timeout.ms, and kwire's consumer.timeout.ms (as kafka-python's
// consumer_timeout_ms: how long iteration waits for a record before it ends; -1 = forever).
//
// Rules between keys, as the Java 4.x consumer (measured with kafka-clients 4.3.1 by
// tests/unit/data/JavaConfigRules.java):
//   - heartbeat.interval.ms must be below session.timeout.ms (classic protocol);
//   - group.protocol=consumer refuses session.timeout.ms, heartbeat.interval.ms and
//     partition.assignment.strategy (the broker owns them, KIP-848); group.protocol=classic
//     refuses group.remote.assignor;
//   - enable.auto.commit=true set by the user without group.id is an error; left at its default
//     it becomes false.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <kwire/config/config.hpp>
#include <kwire/net/config.hpp>
#include <kwire/topic_partition.hpp>

namespace kwire::client {

enum class offset_reset { earliest, latest, none };
enum class isolation { read_uncommitted, read_committed };
enum class group_protocol { classic, consumer };

// A position the consumer moved by itself, reported to the application (consumer_config::
// on_offset_reset, and a warning through the log callback) so that records skipped or read again
// are never a silent surprise.
enum class reset_reason {
  out_of_range,   // Fetch answered OFFSET_OUT_OF_RANGE: auto.offset.reset applied
  truncation,     // KIP-320: the leader's log ends below the position; resumed where the logs diverge
  epoch_unknown,  // KIP-320: the leader knows no end offset for the position's epoch: auto.offset.reset applied
};
struct offset_reset_event {
  topic_partition partition;
  reset_reason reason = reset_reason::out_of_range;
  std::int64_t from = -1;               // the position given up
  std::int32_t from_epoch = -1;         // its leader epoch (truncation, epoch_unknown)
  std::int64_t to = -1;                 // the new position
  std::string policy;                   // "earliest" / "latest"; "divergence" for a truncation
  std::int64_t log_start = -1;          // out_of_range: the log's range when it was looked up
  std::int64_t log_end = -1;
  std::int64_t leader_end_offset = -1;  // truncation: where the leader's log ends for from_epoch
};
// One line for people: "partition orders-0: offset 999 out of range (log 0..10), reset to earliest
// offset 0 (auto.offset.reset)".
std::string describe(const offset_reset_event& e);

struct consumer_config {
  net::cluster_config cluster;
  std::optional<std::string> group_id;
  std::optional<std::string> group_instance_id;
  offset_reset auto_offset_reset = offset_reset::latest;
  bool enable_auto_commit = true;
  std::chrono::milliseconds auto_commit_interval{5000};
  std::chrono::milliseconds session_timeout{45000};
  std::chrono::milliseconds heartbeat_interval{3000};
  std::chrono::milliseconds max_poll_interval{300000};
  std::int32_t max_poll_records = 500;
  std::int32_t fetch_min_bytes = 1;
  std::int32_t fetch_max_bytes = 52428800;
  std::chrono::milliseconds fetch_max_wait{500};
  std::int32_t max_partition_fetch_bytes = 1048576;
  isolation isolation_level = isolation::read_uncommitted;
  std::vector<std::string> assignment_strategies{"range", "cooperative-sticky"};
  bool check_crcs = true;
  group_protocol protocol = group_protocol::classic;
  std::optional<std::string> group_remote_assignor;
  std::string client_rack;
  std::chrono::milliseconds default_api_timeout{60000};
  std::optional<std::chrono::milliseconds> consumer_timeout;   // absent = wait forever
  // Called on the consumer's strand (the facade's thread for blocking_consumer) each time a
  // position is reset by the consumer itself; set in code, not a property.
  std::function<void(const offset_reset_event&)> on_offset_reset;
};

// The consumer's own keys (without the common ones).
config_table consumer_only_keys();
config_result parse_consumer_config(const properties& in, consumer_config& out);

}  // namespace kwire::client
