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
#include <optional>
#include <string>
#include <vector>

#include <kwire/config/config.hpp>
#include <kwire/net/config.hpp>

namespace kwire::client {

enum class offset_reset { earliest, latest, none };
enum class isolation { read_uncommitted, read_committed };
enum class group_protocol { classic, consumer };

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
};

// The consumer's own keys (without the common ones).
config_table consumer_only_keys();
config_result parse_consumer_config(const properties& in, consumer_config& out);

}  // namespace kwire::client
