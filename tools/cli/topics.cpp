// kwire topics create|delete|list|describe|alter: the kafka-topics.sh tasks, over kwire::blocking_admin.
// Exit status: 0 when every topic went well, 1 when any failed (each failure printed on stderr
// naming its topic), 2 on bad use.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;
using cli::json_string;

constexpr const char* usage_text =
    "usage: kwire topics create   --topic T [--topic T ...] [--partitions N] [--replication-factor N]\n"
    "                             [--replica-assignment 1:2,2:3,...] [--config k=v ...] [--if-not-exists]\n"
    "                             [--validate-only]\n"
    "       kwire topics delete   (--topic T | --topic-id ID) ... [--if-exists]\n"
    "       kwire topics list     [--exclude-internal]\n"
    "       kwire topics describe [--topic T ...] [--exclude-internal] [--if-exists]\n"
    "                             [--under-replicated-partitions] [--unavailable-partitions]\n"
    "                             [--include-authorized-operations]\n"
    "       kwire topics alter    --topic T [--topic T ...] --partitions N [--replica-assignment ...]\n"
    "                             [--if-exists] [--validate-only]\n"
    "common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE,\n"
    "        --json (one JSON document on stdout), -h/--help\n"
    "Exit status 1 when any topic failed (each named on stderr), 2 on bad use.\n";

const std::vector<std::string_view> actions{"create", "delete", "list", "describe", "alter"};

struct flags {
  std::vector<std::string> topics;
  std::vector<uuid> topic_ids;
  std::optional<std::int32_t> partitions;
  std::optional<std::int16_t> replication_factor;
  std::vector<std::vector<std::int32_t>> assignment;
  std::map<std::string, std::string> configs;
  bool if_not_exists = false, if_exists = false, exclude_internal = false, validate_only = false;
  bool under_replicated = false, unavailable = false, authorized_operations = false;
};

int bad_use(const std::string& what) {
  std::fprintf(stderr, "kwire topics: %s\n%s", what.c_str(), usage_text);
  return 2;
}

bool parse_int(const std::string& s, long lo, long hi, long& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtol(s.c_str(), &end, 10);
  return !s.empty() && *end == '\0' && errno == 0 && out >= lo && out <= hi;
}

// kafka-topics.sh's --replica-assignment: partitions by commas, their replicas by colons.
bool parse_assignment(const std::string& s, std::vector<std::vector<std::int32_t>>& out) {
  std::vector<std::int32_t> replicas;
  std::string number;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const char c = i < s.size() ? s[i] : ',';
    if (c == ':' || c == ',') {
      long v;
      if (!parse_int(number, 0, 0x7fffffff, v)) return false;
      replicas.push_back(static_cast<std::int32_t>(v));
      number.clear();
      if (c == ',') out.push_back(std::move(replicas)), replicas.clear();
    } else {
      number.push_back(c);
    }
  }
  return !out.empty();
}

// Reads the action's flags; "" when fine, else what was wrong.
std::string parse_flags(const std::vector<std::string>& rest, flags& f) {
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const std::string& a = rest[i];
    const auto value = [&](std::string& v) {
      if (i + 1 >= rest.size()) return false;
      v = rest[++i];
      return true;
    };
    std::string v;
    long n;
    if (a == "--topic" || a == "-t") {
      if (!value(v)) return a + " needs a topic name";
      f.topics.push_back(v);
    } else if (a == "--topic-id") {
      if (!value(v)) return "--topic-id needs a topic id";
      const auto id = parse_uuid(v);
      if (!id) return "--topic-id: '" + v + "' is not a topic id (22 characters of URL-safe base64)";
      f.topic_ids.push_back(*id);
    } else if (a == "--partitions") {
      if (!value(v) || !parse_int(v, 1, 0x7fffffff, n)) return "--partitions needs a count of 1 or more";
      f.partitions = static_cast<std::int32_t>(n);
    } else if (a == "--replication-factor") {
      if (!value(v) || !parse_int(v, 1, 0x7fff, n)) return "--replication-factor needs a count of 1 or more";
      f.replication_factor = static_cast<std::int16_t>(n);
    } else if (a == "--replica-assignment") {
      if (!value(v) || !parse_assignment(v, f.assignment))
        return "--replica-assignment needs broker ids, partitions by ',' and replicas by ':' (e.g. 1:2,2:3)";
    } else if (a == "--config") {
      if (!value(v) || v.find('=') == std::string::npos || v.front() == '=') return "--config needs key=value";
      f.configs[v.substr(0, v.find('='))] = v.substr(v.find('=') + 1);
    } else if (a == "--if-not-exists") {
      f.if_not_exists = true;
    } else if (a == "--if-exists") {
      f.if_exists = true;
    } else if (a == "--exclude-internal") {
      f.exclude_internal = true;
    } else if (a == "--validate-only") {
      f.validate_only = true;
    } else if (a == "--include-authorized-operations") {
      f.authorized_operations = true;
    } else if (a == "--under-replicated-partitions") {
      f.under_replicated = true;
    } else if (a == "--unavailable-partitions") {
      f.unavailable = true;
    } else {
      return "unknown flag '" + a + "'";
    }
  }
  return "";
}

// One topic's outcome in --json: {"name":..,"ok":true|false[,"error":..,"message":..][,extra]}.
std::string json_outcome(const std::string& name, const error_info& e, std::string extra = "") {
  std::string s = "{\"name\":" + json_string(name) + ",\"ok\":" + (e.failed() ? "false" : "true");
  if (e.failed()) s += ",\"error\":" + json_string(e.ec.message()) + ",\"message\":" + json_string(e.message());
  return s + extra + "}";
}

// Prints each failure naming its topic; returns the exit status.
template <class Results>
int report(const char* verb, const Results& results, bool json, std::string (*extra)(const typename Results::mapped_type&),
           std::error_code forgiven = {}) {
  std::vector<std::string> items;
  int status = 0;
  for (const auto& [name, r] : results) {
    const bool skip = r.error.failed() && forgiven && r.error.ec == forgiven;
    if (r.error.failed() && !skip) {
      std::fprintf(stderr, "kwire topics: %s\n", r.error.message().c_str());
      status = 1;
    } else if (!json && !skip) {
      std::printf("%s topic %s.\n", verb, name.c_str());
    }
    if (json) items.push_back(json_outcome(name, skip ? error_info{} : r.error, r.error.failed() ? "" : extra(r)));
  }
  if (json) std::printf("%s\n", cli::json_object({{"topics", cli::json_list(items)}}).c_str());
  return status;
}

std::string ints(const std::vector<std::int32_t>& v) {
  std::string s;
  for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}

int create(blocking_admin& a, const flags& f, bool json) {
  if (f.topics.empty()) return bad_use("create needs --topic");
  std::vector<new_topic> topics;
  for (const auto& name : f.topics) {
    new_topic t{.name = name, .partitions = f.partitions, .replication_factor = f.replication_factor, .configs = f.configs};
    for (std::size_t p = 0; p < f.assignment.size(); ++p) t.assignment[static_cast<std::int32_t>(p)] = f.assignment[p];
    topics.push_back(std::move(t));
  }
  create_topics_options opts;
  opts.validate_only = f.validate_only;
  const auto made = a.create_topics(std::move(topics), opts);
  return report(
      f.validate_only ? "Would create" : "Created", made, json,
      +[](const result<topic_created>& r) {
        return ",\"topic_id\":" + json_string(to_string(r.value.topic_id)) +
               ",\"partitions\":" + std::to_string(r.value.partitions) +
               ",\"replication_factor\":" + std::to_string(r.value.replication_factor);
      },
      f.if_not_exists ? std::error_code(broker_errc::topic_already_exists) : std::error_code());
}

int remove(blocking_admin& a, const flags& f, bool json) {
  if (f.topics.empty() == f.topic_ids.empty()) return bad_use("delete needs --topic or --topic-id (not both)");
  deleted_topics gone;
  if (!f.topic_ids.empty()) {  // by id: reported as "id ID"
    for (auto& [id, r] : a.delete_topics_by_id(f.topic_ids)) gone["id " + to_string(id)] = std::move(r);
  } else {
    gone = a.delete_topics(f.topics);
  }
  const auto forgiven = !f.if_exists             ? std::error_code()
                        : f.topic_ids.empty() ? std::error_code(broker_errc::unknown_topic_or_partition)
                                              : std::error_code(broker_errc::unknown_topic_id);
  return report(
      "Deleted", gone, json,
      +[](const result<topic_deleted>& r) {
        return ",\"topic\":" + json_string(r.value.name) + ",\"topic_id\":" + json_string(to_string(r.value.topic_id));
      },
      forgiven);
}

int alter(blocking_admin& a, const flags& f, bool json) {
  if (f.topics.empty() || !f.partitions) return bad_use("alter needs --topic and --partitions (the new total)");
  std::map<std::string, new_partitions> changes;
  for (const auto& name : f.topics) changes[name] = new_partitions{*f.partitions, f.assignment};
  create_partitions_options opts;
  opts.validate_only = f.validate_only;
  const auto grown = a.create_partitions(std::move(changes), opts);
  return report(
      f.validate_only ? "Would alter" : "Altered", grown, json,
      +[](const result<std::int32_t>& r) { return ",\"partitions\":" + std::to_string(r.value); },
      f.if_exists ? std::error_code(broker_errc::unknown_topic_or_partition) : std::error_code());
}

int list(blocking_admin& a, const flags& f, bool json) {
  list_topics_options opts;
  opts.list_internal = !f.exclude_internal;  // kafka-topics.sh --list shows internal topics too
  const auto topics = a.list_topics(opts);
  if (!json) {
    for (const auto& [name, t] : topics) std::printf("%s\n", name.c_str());
    return 0;
  }
  std::vector<std::string> items;
  for (const auto& [name, t] : topics)
    items.push_back(cli::json_object({{"name", json_string(name)},
                                      {"topic_id", json_string(to_string(t.topic_id))},
                                      {"internal", t.internal ? "true" : "false"}}));
  std::printf("%s\n", cli::json_object({{"topics", cli::json_list(items)}}).c_str());
  return 0;
}

int describe(blocking_admin& a, const flags& f, bool json) {
  std::vector<std::string> names = f.topics;
  if (names.empty()) {  // every topic, as kafka-topics.sh --describe
    list_topics_options lo;
    lo.list_internal = !f.exclude_internal;
    for (const auto& [name, t] : a.list_topics(lo)) names.push_back(name);
  }
  describe_topics_options options;
  options.include_authorized_operations = f.authorized_operations;
  const auto described = a.describe_topics(names, options);
  const bool filtered = f.under_replicated || f.unavailable;
  const auto wanted = [&](const partition_description& p) {
    if (!filtered) return true;
    return (f.under_replicated && p.isr.size() < p.replicas.size()) || (f.unavailable && p.leader < 0);
  };
  int status = 0;
  std::vector<std::string> items;
  std::vector<std::string> columns{"TOPIC", "TOPIC ID", "PARTITIONS", "REPLICATION", "INTERNAL"};
  if (f.authorized_operations) columns.push_back("AUTHORIZED OPERATIONS");
  cli::table summary(columns);
  cli::table parts({"TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR", "ELR", "LAST KNOWN ELR", "OFFLINE"});
  for (const auto& [name, r] : described) {
    if (!r) {
      if (f.if_exists && r.error.ec == broker_errc::unknown_topic_or_partition) continue;
      std::fprintf(stderr, "kwire topics: %s\n", r.error.message().c_str());
      status = 1;
      if (json) items.push_back(json_outcome(name, r.error));
      continue;
    }
    const auto& d = r.value;
    if (f.exclude_internal && d.internal) continue;
    const std::size_t rf = d.partitions.empty() ? 0 : d.partitions[0].replicas.size();
    std::vector<std::string> row{name, to_string(d.topic_id), std::to_string(d.partitions.size()), std::to_string(rf),
                                 d.internal ? "yes" : "no"};
    if (f.authorized_operations) row.push_back(cli::operations_text(d.authorized_operations));
    summary.add(std::move(row));
    std::vector<std::string> jparts;
    for (const auto& p : d.partitions) {
      if (!wanted(p)) continue;
      parts.add({name, std::to_string(p.partition), p.leader < 0 ? "none" : std::to_string(p.leader), ints(p.replicas),
                 ints(p.isr), p.elr ? ints(*p.elr) : "-", p.last_known_elr ? ints(*p.last_known_elr) : "-",
                 ints(p.offline_replicas)});
      jparts.push_back(cli::json_object({{"partition", std::to_string(p.partition)},
                                         {"leader", std::to_string(p.leader)},
                                         {"leader_epoch", std::to_string(p.leader_epoch)},
                                         {"replicas", cli::json_ints(p.replicas)},
                                         {"isr", cli::json_ints(p.isr)},
                                         {"elr", p.elr ? cli::json_ints(*p.elr) : "null"},
                                         {"last_known_elr", p.last_known_elr ? cli::json_ints(*p.last_known_elr) : "null"},
                                         {"offline", cli::json_ints(p.offline_replicas)}}));
    }
    if (json)
      items.push_back(json_outcome(name, {},
                                   ",\"topic_id\":" + json_string(to_string(d.topic_id)) +
                                       ",\"internal\":" + (d.internal ? "true" : "false") +
                                       (f.authorized_operations
                                            ? ",\"authorized_operations\":" + cli::operations_json(d.authorized_operations)
                                            : std::string()) +
                                       ",\"partitions\":" + cli::json_list(jparts)));
  }
  if (json) {
    std::printf("%s\n", cli::json_object({{"topics", cli::json_list(items)}}).c_str());
  } else {
    if (!filtered) {
      summary.print();
      std::printf("\n");
    }
    parts.print();
  }
  return status;
}

}  // namespace

int topics_main(int argc, char** argv) {
  cli::admin_command cmd("topics", argc, argv);
  if (cmd.help()) {
    std::printf("%s", usage_text);
    return 0;
  }
  if (!cmd.error().empty()) return 2;
  if (cmd.rest().empty()) return bad_use("an action is needed");
  const std::string action = cmd.rest()[0];
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    cli::unknown_action("topics", action, actions);
    std::fprintf(stderr, "%s", usage_text);
    return 2;
  }
  flags f;
  if (auto why = parse_flags(cmd.rest(), f); !why.empty()) return bad_use(why);
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    if (action == "create") return create(*admin, f, cmd.json());
    if (action == "delete") return remove(*admin, f, cmd.json());
    if (action == "alter") return alter(*admin, f, cmd.json());
    if (action == "list") return list(*admin, f, cmd.json());
    return describe(*admin, f, cmd.json());
  } catch (const kwire::error& e) {
    return cli::fail("topics", action, e);
  }
}
