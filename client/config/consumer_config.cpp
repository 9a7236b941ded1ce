#include <kwire/config/consumer_config.hpp>

#include <algorithm>

#include <kwire/config/producer_config.hpp>

namespace kwire::client {
namespace {

using enum config_type;

constexpr std::string_view resets[] = {"earliest", "latest", "none"};
constexpr std::string_view isolations[] = {"read_uncommitted", "read_committed"};
// Short names, and the Java class names a ported configuration carries (mapped to the short ones).
constexpr std::string_view assignors[] = {"range",
                                          "roundrobin",
                                          "cooperative-sticky",
                                          "org.apache.kafka.clients.consumer.RangeAssignor",
                                          "org.apache.kafka.clients.consumer.RoundRobinAssignor",
                                          "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"};
constexpr std::string_view protocols[] = {"classic", "consumer"};

const config_key consumer[] = {
    {"group.id", string, false, "", 0, 0, {}, "consumer group to join (none: no group, manual assignment)"},
    {"group.instance.id", string, false, "", 0, 0, {}, "static membership id (KIP-345)"},
    {"auto.offset.reset", enumeration, true, "latest", 0, 0, resets, "where to start without a committed offset"},
    {"enable.auto.commit", boolean, true, "true", 0, 0, {}, "commit consumed offsets in the background"},
    {"auto.commit.interval.ms", milliseconds, true, "5000", 0, int32_max, {}, "how often to auto-commit"},
    {"session.timeout.ms", milliseconds, true, "45000", 0, int32_max, {}, "classic group: member dies after this"},
    {"heartbeat.interval.ms", milliseconds, true, "3000", 0, int32_max, {}, "classic group: heartbeat period"},
    {"max.poll.interval.ms", milliseconds, true, "300000", 1, int32_max, {}, "longest gap between polls"},
    {"max.poll.records", integer, true, "500", 1, int32_max, {}, "records one poll returns at most"},
    {"fetch.min.bytes", bytes, true, "1", 0, int32_max, {}, "broker waits for this much data"},
    {"fetch.max.bytes", bytes, true, "52428800", 0, int32_max, {}, "bytes one Fetch returns at most"},
    {"fetch.max.wait.ms", milliseconds, true, "500", 0, int32_max, {}, "broker waits at most this for fetch.min.bytes"},
    {"max.partition.fetch.bytes", bytes, true, "1048576", 0, int32_max, {}, "bytes per partition per Fetch"},
    {"isolation.level", enumeration, true, "read_uncommitted", 0, 0, isolations, "skip aborted transactions or not"},
    {"partition.assignment.strategy", list, true, "range,cooperative-sticky", 0, 0, assignors,
     "classic group assignors, preferred first"},
    {"check.crcs", boolean, true, "true", 0, 0, {}, "check the CRC of fetched batches"},
    {"group.protocol", enumeration, true, "classic", 0, 0, protocols, "classic or consumer (KIP-848)"},
    {"group.remote.assignor", string, false, "", 0, 0, {}, "consumer protocol: server-side assignor name"},
    {"client.rack", string, true, "", 0, 0, {}, "rack of this client, for fetching from the closest replica"},
    {"default.api.timeout.ms", milliseconds, true, "60000", 0, int32_max, {}, "limit of blocking calls without one"},
    {"consumer.timeout.ms", long_integer, true, "-1", -1, no_limit_max, {},
     "kwire: iteration ends after this long without records (-1: never)"},
};

}  // namespace

config_table consumer_only_keys() { return consumer; }

config_result parse_consumer_config(const properties& in, consumer_config& out) {
  config_values v;
  const config_def def{"consumer", {common_keys(), consumer_only_keys()}, "producer", {producer_keys()}, java_consumer};
  auto parsed = parse_config(def, in, v);  // its `ignored` is what a success returns
  if (!parsed) return parsed;
  if (auto res = to_cluster_config(v, out.cluster); !res) return res;

  const auto opt = [&](const char* k) { return v.has(k) ? std::optional(v.string(k)) : std::nullopt; };
  out.group_id = opt("group.id");
  out.group_instance_id = opt("group.instance.id");
  out.group_remote_assignor = opt("group.remote.assignor");
  for (auto k : {"group.id", "group.instance.id", "group.remote.assignor"})
    if (v.has(k) && v.string(k).empty()) return config_error(k, "is empty (leave it out instead)");
  const auto& reset = v.string("auto.offset.reset");
  out.auto_offset_reset = reset == "earliest" ? offset_reset::earliest
                          : reset == "none"   ? offset_reset::none
                                              : offset_reset::latest;
  out.enable_auto_commit = v.boolean("enable.auto.commit");
  out.auto_commit_interval = v.ms("auto.commit.interval.ms");
  out.session_timeout = v.ms("session.timeout.ms");
  out.heartbeat_interval = v.ms("heartbeat.interval.ms");
  out.max_poll_interval = v.ms("max.poll.interval.ms");
  out.max_poll_records = static_cast<std::int32_t>(v.integer("max.poll.records"));
  out.fetch_min_bytes = static_cast<std::int32_t>(v.integer("fetch.min.bytes"));
  out.fetch_max_bytes = static_cast<std::int32_t>(v.integer("fetch.max.bytes"));
  out.fetch_max_wait = v.ms("fetch.max.wait.ms");
  out.max_partition_fetch_bytes = static_cast<std::int32_t>(v.integer("max.partition.fetch.bytes"));
  out.isolation_level =
      v.string("isolation.level") == "read_committed" ? isolation::read_committed : isolation::read_uncommitted;
  out.assignment_strategies.clear();
  for (const auto& a : v.list("partition.assignment.strategy")) {
    const std::string_view name = a.ends_with("RangeAssignor")                ? "range"
                                  : a.ends_with("RoundRobinAssignor")         ? "roundrobin"
                                  : a.ends_with("CooperativeStickyAssignor") ? "cooperative-sticky"
                                                                              : std::string_view(a);
    if (std::find(out.assignment_strategies.begin(), out.assignment_strategies.end(), name) ==
        out.assignment_strategies.end())
      out.assignment_strategies.emplace_back(name);
  }
  out.check_crcs = v.boolean("check.crcs");
  out.protocol = v.string("group.protocol") == "consumer" ? group_protocol::consumer : group_protocol::classic;
  out.client_rack = v.string("client.rack");
  out.default_api_timeout = v.ms("default.api.timeout.ms");
  const auto timeout = v.integer("consumer.timeout.ms");
  out.consumer_timeout = timeout < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(timeout));

  if (out.protocol == group_protocol::consumer) {
    for (auto k : {"session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy"})
      if (v.user_set(k))
        return config_error(k, "cannot be set with group.protocol=consumer (the broker decides it, KIP-848)");
  } else {
    if (v.user_set("group.remote.assignor"))
      return config_error("group.remote.assignor", "needs group.protocol=consumer");
    if (out.heartbeat_interval >= out.session_timeout)
      return config_error("heartbeat.interval.ms", std::to_string(out.heartbeat_interval.count()) +
                                                       " must be below session.timeout.ms (" +
                                                       std::to_string(out.session_timeout.count()) + ")");
    if (out.assignment_strategies.empty())
      return config_error("partition.assignment.strategy", "needs at least one assignor");
  }
  if (!out.group_id && out.enable_auto_commit) {
    if (v.user_set("enable.auto.commit"))
      return config_error("enable.auto.commit", "cannot be true without group.id (offsets are committed to a group)");
    out.enable_auto_commit = false;
  }
  return parsed;
}

std::string describe(const offset_reset_event& e) {
  const std::string tp = "partition " + e.partition.topic + "-" + std::to_string(e.partition.partition);
  const auto n = [](std::int64_t v) { return std::to_string(v); };
  const std::string epoch = e.from_epoch >= 0 ? " (leader epoch " + std::to_string(e.from_epoch) + ")" : "";
  switch (e.reason) {
    case reset_reason::out_of_range: {
      std::string s = tp + ": offset " + n(e.from) + " out of range";
      if (e.log_start >= 0 && e.log_end >= 0) s += " (log " + n(e.log_start) + ".." + n(e.log_end) + ")";
      return s + ", reset to " + e.policy + " offset " + n(e.to) + " (auto.offset.reset)";
    }
    case reset_reason::truncation:
      return tp + ": log truncated (KIP-320): position " + n(e.from) + epoch + " is past the leader's end offset " +
             n(e.leader_end_offset) + " for that epoch; resuming at " + n(e.to) + ", where the logs diverge";
    case reset_reason::epoch_unknown:
      return tp + ": log truncated (KIP-320): the leader knows no end offset for the epoch of offset " + n(e.from) + epoch +
             ", reset to " + e.policy + " offset " + n(e.to) + " (auto.offset.reset)";
  }
  return tp + ": position reset to " + n(e.to);
}

}  // namespace kwire::client
