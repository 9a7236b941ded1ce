// kwire cluster describe|features|log-dirs|elect-leaders|reassign|reassignments: the cluster's
// id, controller and nodes (kafka-cluster.sh cluster-id, kafka-broker-api-versions.sh's node
// list), its features (kafka-features.sh describe), the brokers' log dirs (kafka-log-dirs.sh
// --describe), leader elections (kafka-leader-election.sh) and partition reassignments
// (kafka-reassign-partitions.sh --execute/--cancel/--list).
// Exit status: 0, 1 when the call or any item failed (named on stderr), 2 on bad use.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;
using cli::json_string;

constexpr const char* usage_text =
    "usage: kwire cluster describe [--include-fenced]      cluster id, controller, nodes (host, port, rack)\n"
    "                              [--include-authorized-operations]   what this client may do to the cluster\n"
    "       kwire cluster features                          finalized and supported feature levels\n"
    "       kwire cluster log-dirs [--broker N ...] [--topic T ...]\n"
    "                                                       each broker's log dirs and the replicas in them\n"
    "       kwire cluster elect-leaders --election-type preferred|unclean\n"
    "                             (--topic T --partition N[,N...] ... | --all-topic-partitions)\n"
    "       kwire cluster reassign --topic T --partition N[,N...] (--replicas 1,2,3 | --cancel)\n"
    "       kwire cluster reassignments [--topic T --partition N[,N...] ...]   the moves under way\n"
    "common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE,\n"
    "        --json (one JSON document on stdout), -h/--help\n";

const std::vector<std::string_view> actions{"describe",      "features", "log-dirs",
                                            "elect-leaders", "reassign", "reassignments"};

int bad_use(const std::string& what) {
  std::fprintf(stderr, "kwire cluster: %s\n%s", what.c_str(), usage_text);
  return 2;
}

int describe(blocking_admin& a, bool include_fenced, bool operations, bool json) {
  describe_cluster_options opts;
  opts.include_fenced_brokers = include_fenced;
  opts.include_authorized_operations = operations;
  const auto c = a.describe_cluster(opts);
  if (json) {
    std::vector<std::string> nodes;
    for (const auto& n : c.nodes)
      nodes.push_back(cli::json_object({{"id", std::to_string(n.id)},
                                        {"host", json_string(n.host)},
                                        {"port", std::to_string(n.port)},
                                        {"rack", n.rack ? json_string(*n.rack) : "null"},
                                        {"fenced", n.fenced ? "true" : "false"}}));
    std::vector<std::pair<std::string, std::string>> fields{{"cluster_id", json_string(c.cluster_id)},
                                                            {"controller", std::to_string(c.controller)},
                                                            {"nodes", cli::json_list(nodes)}};
    if (operations) fields.emplace_back("authorized_operations", cli::operations_json(c.authorized_operations));
    std::printf("%s\n", cli::json_object(fields).c_str());
    return 0;
  }
  std::printf("Cluster id: %s\nController: %d\n", c.cluster_id.c_str(), c.controller);
  if (operations) std::printf("Authorized operations: %s\n", cli::operations_text(c.authorized_operations).c_str());
  std::printf("\n");
  cli::table t({"ID", "HOST", "PORT", "RACK", "FENCED"});
  for (const auto& n : c.nodes)
    t.add({std::to_string(n.id), n.host, std::to_string(n.port), n.rack.value_or("-"), n.fenced ? "yes" : "no"});
  t.print();
  return 0;
}

int features(blocking_admin& a, bool json) {
  const auto f = a.describe_features();
  if (json) {
    std::vector<std::pair<std::string, std::string>> fin, sup;
    for (const auto& [name, r] : f.finalized)
      fin.emplace_back(name, cli::json_object({{"min", std::to_string(r.min_version)}, {"max", std::to_string(r.max_version)}}));
    for (const auto& [name, r] : f.supported)
      sup.emplace_back(name, cli::json_object({{"min", std::to_string(r.min_version)}, {"max", std::to_string(r.max_version)}}));
    std::printf("%s\n", cli::json_object({{"finalized_epoch", f.finalized_epoch ? std::to_string(*f.finalized_epoch) : "null"},
                                          {"finalized", cli::json_object(fin)},
                                          {"supported", cli::json_object(sup)}})
                            .c_str());
    return 0;
  }
  cli::table t({"FEATURE", "SUPPORTED MIN", "SUPPORTED MAX", "FINALIZED LEVEL"});
  std::set<std::string> names;
  for (const auto& [n, r] : f.supported) names.insert(n);
  for (const auto& [n, r] : f.finalized) names.insert(n);
  for (const auto& n : names) {
    const auto s = f.supported.find(n);
    const auto fin = f.finalized.find(n);
    t.add({n, s == f.supported.end() ? "-" : std::to_string(s->second.min_version),
           s == f.supported.end() ? "-" : std::to_string(s->second.max_version),
           fin == f.finalized.end() ? "-" : std::to_string(fin->second.max_version)});
  }
  if (f.finalized_epoch) std::printf("Finalized features epoch: %lld\n\n", static_cast<long long>(*f.finalized_epoch));
  t.print();
  return 0;
}

int describe_log_dirs(blocking_admin& a, std::vector<std::int32_t> brokers, const std::vector<std::string>& topics, bool json) {
  const auto all = a.describe_log_dirs(std::move(brokers));
  const auto shown = [&](const std::string& topic) {
    return topics.empty() || std::find(topics.begin(), topics.end(), topic) != topics.end();
  };
  int status = 0;
  std::vector<std::string> jbrokers;
  cli::table t({"BROKER", "DIR", "TOPIC", "PARTITION", "SIZE", "OFFSET LAG", "FUTURE"});
  for (const auto& [id, r] : all) {
    if (!r) {
      std::fprintf(stderr, "kwire cluster: %s\n", r.error.message().c_str());
      status = 1;
      if (json)
        jbrokers.push_back(cli::json_object({{"broker", std::to_string(id)},
                                             {"error", json_string(r.error.ec.message())},
                                             {"message", json_string(r.error.message())}}));
      continue;
    }
    std::vector<std::string> jdirs;
    for (const auto& [path, dir] : r.value) {
      if (dir.error.failed()) {
        std::fprintf(stderr, "kwire cluster: broker %d: %s\n", id, dir.error.message().c_str());
        status = 1;
      }
      std::vector<std::string> jreplicas;
      for (const auto& [tp, info] : dir.replicas) {
        if (!shown(tp.topic)) continue;
        t.add({std::to_string(id), path, tp.topic, std::to_string(tp.partition), std::to_string(info.size),
               std::to_string(info.offset_lag), info.is_future ? "yes" : "no"});
        jreplicas.push_back(cli::json_object({{"topic", json_string(tp.topic)},
                                              {"partition", std::to_string(tp.partition)},
                                              {"size", std::to_string(info.size)},
                                              {"offset_lag", std::to_string(info.offset_lag)},
                                              {"is_future", info.is_future ? "true" : "false"}}));
      }
      if (dir.replicas.empty() || jreplicas.empty()) t.add({std::to_string(id), path, "-", "-", "-", "-", "-"});
      jdirs.push_back(cli::json_object(
          {{"path", json_string(path)},
           {"error", dir.error.failed() ? json_string(dir.error.message()) : "null"},
           {"total_bytes", dir.total_bytes ? std::to_string(*dir.total_bytes) : "null"},
           {"usable_bytes", dir.usable_bytes ? std::to_string(*dir.usable_bytes) : "null"},
           {"replicas", cli::json_list(jreplicas)}}));
    }
    if (json) jbrokers.push_back(cli::json_object({{"broker", std::to_string(id)}, {"dirs", cli::json_list(jdirs)}}));
  }
  if (json) std::printf("%s\n", cli::json_object({{"brokers", cli::json_list(jbrokers)}}).c_str());
  else t.print();
  return status;
}

std::string tp_name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// Per-partition outcomes: "VERB T-P." or the failure on stderr; `fine` is an error that is not
// a failure (ELECTION_NOT_NEEDED: the preferred leader leads already).
int report(const char* verb, const std::map<topic_partition, result<std::monostate>>& results, bool json,
           std::error_code fine = {}) {
  int status = 0;
  std::vector<std::string> items;
  for (const auto& [tp, r] : results) {
    const bool ok = !r.error.failed() || (fine && r.error.ec == fine);
    if (!ok) {
      std::fprintf(stderr, "kwire cluster: %s\n", r.error.message().c_str());
      status = 1;
    } else if (!json) {
      if (r.error.failed()) std::printf("%s\n", r.error.message().c_str());
      else std::printf("%s %s.\n", verb, tp_name(tp).c_str());
    }
    if (json)
      items.push_back(cli::json_object({{"topic", json_string(tp.topic)},
                                        {"partition", std::to_string(tp.partition)},
                                        {"ok", ok ? "true" : "false"},
                                        {"error", r.error.failed() ? json_string(r.error.ec.message()) : "null"},
                                        {"message", r.error.failed() ? json_string(r.error.message()) : "null"}}));
  }
  if (json) std::printf("%s\n", cli::json_object({{"partitions", cli::json_list(items)}}).c_str());
  return status;
}

int reassignments_under_way(blocking_admin& a, std::optional<std::vector<topic_partition>> partitions, bool json) {
  const auto moving = a.list_partition_reassignments(std::move(partitions));
  if (json) {
    std::vector<std::string> items;
    for (const auto& [tp, m] : moving)
      items.push_back(cli::json_object({{"topic", json_string(tp.topic)},
                                        {"partition", std::to_string(tp.partition)},
                                        {"replicas", cli::json_ints(m.replicas)},
                                        {"adding", cli::json_ints(m.adding_replicas)},
                                        {"removing", cli::json_ints(m.removing_replicas)}}));
    std::printf("%s\n", cli::json_object({{"reassignments", cli::json_list(items)}}).c_str());
    return 0;
  }
  const auto ids = [](const std::vector<std::int32_t>& v) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
    return s.empty() ? std::string("-") : s;
  };
  cli::table t({"TOPIC", "PARTITION", "REPLICAS", "ADDING", "REMOVING"});
  for (const auto& [tp, m] : moving)
    t.add({tp.topic, std::to_string(tp.partition), ids(m.replicas), ids(m.adding_replicas), ids(m.removing_replicas)});
  if (t.empty()) std::printf("No partition reassignment is under way.\n");
  else t.print();
  return 0;
}

bool parse_ids(const std::string& text, std::vector<std::int32_t>& out) {
  const std::string list = text + ",";
  for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
    char* end = nullptr;
    const std::string id = list.substr(start, comma - start);
    const long v = std::strtol(id.c_str(), &end, 10);
    if (id.empty() || *end || v < 0 || v > 0x7fffffff) return false;
    out.push_back(static_cast<std::int32_t>(v));
  }
  return true;
}

}  // namespace

int cluster_main(int argc, char** argv) {
  cli::admin_command cmd("cluster", argc, argv);
  if (cmd.help()) {
    std::printf("%s", usage_text);
    return 0;
  }
  if (!cmd.error().empty()) return 2;
  const auto& rest = cmd.rest();
  if (rest.empty()) return bad_use("an action is needed");
  const std::string action = rest[0];
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    cli::unknown_action("cluster", action, actions);
    std::fprintf(stderr, "%s", usage_text);
    return 2;
  }
  bool include_fenced = false, operations = false, all_partitions = false, cancel = false;
  std::vector<std::int32_t> brokers, replicas;
  std::vector<std::string> topics;
  // --topic T [--partition N ...]: the partitions named after each topic are that topic's.
  std::vector<topic_partition> partitions;
  std::optional<election_type> election;
  const bool partition_action = action == "elect-leaders" || action == "reassign" || action == "reassignments";
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const std::string& a = rest[i];
    const bool has_value = i + 1 < rest.size();
    if (a == "--include-fenced" && action == "describe") {
      include_fenced = true;
    } else if (a == "--include-authorized-operations" && action == "describe") {
      operations = true;
    } else if ((a == "--broker" || a == "--broker-list") && action == "log-dirs" && has_value) {
      if (!parse_ids(rest[++i], brokers)) return bad_use(a + " needs broker ids, got '" + rest[i] + "'");
    } else if ((a == "--topic" || a == "--topic-list") && (action == "log-dirs" || partition_action) && has_value) {
      topics.push_back(rest[++i]);
    } else if (a == "--partition" && partition_action && has_value) {
      std::vector<std::int32_t> ps;
      if (topics.empty()) return bad_use("--partition comes after the --topic it belongs to");
      if (!parse_ids(rest[++i], ps)) return bad_use("--partition needs partition numbers, got '" + rest[i] + "'");
      for (auto p : ps) partitions.push_back({topics.back(), p});
    } else if (a == "--election-type" && action == "elect-leaders" && has_value) {
      const std::string t = rest[++i];
      if (t == "preferred" || t == "PREFERRED") election = election_type::preferred;
      else if (t == "unclean" || t == "UNCLEAN") election = election_type::unclean;
      else return bad_use("--election-type is preferred or unclean, got '" + t + "'");
    } else if (a == "--all-topic-partitions" && action == "elect-leaders") {
      all_partitions = true;
    } else if (a == "--replicas" && action == "reassign" && has_value) {
      if (!parse_ids(rest[++i], replicas)) return bad_use("--replicas needs broker ids, got '" + rest[i] + "'");
    } else if (a == "--cancel" && action == "reassign") {
      cancel = true;
    } else {
      return bad_use("unknown flag '" + a + "' for " + action);
    }
  }
  // As kafka-leader-election.sh, a --topic needs its --partition.
  if (partition_action) {
    std::set<std::string> with_partitions;
    for (const auto& tp : partitions) with_partitions.insert(tp.topic);
    for (const auto& t : topics)
      if (!with_partitions.count(t)) return bad_use("--topic " + t + " needs --partition N");
  }
  if (action == "elect-leaders") {
    if (!election) return bad_use("elect-leaders needs --election-type preferred|unclean");
    if (all_partitions == !partitions.empty())
      return bad_use("elect-leaders needs --topic T --partition N, or --all-topic-partitions");
  }
  if (action == "reassign") {
    if (partitions.empty()) return bad_use("reassign needs --topic T --partition N");
    if (cancel == !replicas.empty()) return bad_use("reassign needs either --replicas 1,2,3 or --cancel");
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    if (action == "describe") return describe(*admin, include_fenced, operations, cmd.json());
    if (action == "features") return features(*admin, cmd.json());
    if (action == "elect-leaders") {
      std::optional<std::vector<topic_partition>> which;
      if (!all_partitions) which = partitions;
      return report("Elected a leader for", admin->elect_leaders(*election, std::move(which)), cmd.json(),
                    broker_errc::election_not_needed);
    }
    if (action == "reassign") {
      reassignments changes;
      for (const auto& tp : partitions)
        changes[tp] = cancel ? std::nullopt : std::optional<std::vector<std::int32_t>>(replicas);
      return report(cancel ? "Cancelled the reassignment of" : "Reassigning", admin->alter_partition_reassignments(changes),
                    cmd.json());
    }
    if (action == "reassignments") {
      std::optional<std::vector<topic_partition>> which;
      if (!partitions.empty()) which = partitions;
      return reassignments_under_way(*admin, std::move(which), cmd.json());
    }
    return describe_log_dirs(*admin, std::move(brokers), topics, cmd.json());
  } catch (const kwire::error& e) {
    return cli::fail("cluster", action, e);
  }
}
