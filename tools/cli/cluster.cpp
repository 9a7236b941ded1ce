// kwire cluster describe|features|log-dirs: the cluster's id, controller and nodes
// (kafka-cluster.sh cluster-id, kafka-broker-api-versions.sh's node list), its features
// (kafka-features.sh describe) and the brokers' log dirs (kafka-log-dirs.sh --describe).
// Exit status: 0, 1 when the call or any broker failed (named on stderr), 2 on bad use.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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
    "       kwire cluster features                          finalized and supported feature levels\n"
    "       kwire cluster log-dirs [--broker N ...] [--topic T ...]\n"
    "                                                       each broker's log dirs and the replicas in them\n"
    "common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE,\n"
    "        --json (one JSON document on stdout), -h/--help\n";

const std::vector<std::string_view> actions{"describe", "features", "log-dirs"};

int bad_use(const std::string& what) {
  std::fprintf(stderr, "kwire cluster: %s\n%s", what.c_str(), usage_text);
  return 2;
}

int describe(blocking_admin& a, bool include_fenced, bool json) {
  describe_cluster_options opts;
  opts.include_fenced_brokers = include_fenced;
  const auto c = a.describe_cluster(opts);
  if (json) {
    std::vector<std::string> nodes;
    for (const auto& n : c.nodes)
      nodes.push_back(cli::json_object({{"id", std::to_string(n.id)},
                                        {"host", json_string(n.host)},
                                        {"port", std::to_string(n.port)},
                                        {"rack", n.rack ? json_string(*n.rack) : "null"},
                                        {"fenced", n.fenced ? "true" : "false"}}));
    std::printf("%s\n", cli::json_object({{"cluster_id", json_string(c.cluster_id)},
                                          {"controller", std::to_string(c.controller)},
                                          {"nodes", cli::json_list(nodes)}})
                            .c_str());
    return 0;
  }
  std::printf("Cluster id: %s\nController: %d\n\n", c.cluster_id.c_str(), c.controller);
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
  bool include_fenced = false;
  std::vector<std::int32_t> brokers;
  std::vector<std::string> topics;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const std::string& a = rest[i];
    if (a == "--include-fenced" && action == "describe") {
      include_fenced = true;
    } else if ((a == "--broker" || a == "--broker-list") && action == "log-dirs" && i + 1 < rest.size()) {
      // One id, or kafka-log-dirs.sh's comma list.
      std::string list = rest[++i] + ",";
      for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
        char* end = nullptr;
        const std::string id = list.substr(start, comma - start);
        const long v = std::strtol(id.c_str(), &end, 10);
        if (id.empty() || *end || v < 0 || v > 0x7fffffff) return bad_use(a + " needs broker ids, got '" + rest[i] + "'");
        brokers.push_back(static_cast<std::int32_t>(v));
      }
    } else if ((a == "--topic" || a == "--topic-list") && action == "log-dirs" && i + 1 < rest.size()) {
      topics.push_back(rest[++i]);
    } else {
      return bad_use("unknown flag '" + a + "' for " + action);
    }
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    if (action == "describe") return describe(*admin, include_fenced, cmd.json());
    if (action == "features") return features(*admin, cmd.json());
    return describe_log_dirs(*admin, std::move(brokers), topics, cmd.json());
  } catch (const kwire::error& e) {
    return cli::fail("cluster", action, e);
  }
}
