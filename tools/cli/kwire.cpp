// kwire: the command-line client.
//   kwire apis [-b HOST:PORT,...]              the broker's API table beside the versions kwire implements
//   kwire metadata [-b HOST:PORT,...] [--json] brokers, topics, partitions and leaders of the cluster
// -b defaults to $KWIRE_BOOTSTRAP. Everything goes through net/ (the blocking cluster facade).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/versions.hpp>
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

int usage() {
  std::fprintf(stderr,
               "usage: kwire apis [-b HOST:PORT[,...]]\n"
               "       kwire metadata [-b HOST:PORT[,...]] [--json]\n"
               "       kwire produce [-b HOST:PORT[,...]] -t TOPIC ... < lines   (kwire produce --help)\n"
               "       kwire lag [-b HOST:PORT[,...]] -g GROUP [--json]\n"
               "       kwire consume [-b HOST:PORT[,...]] -t TOPIC [-g GROUP] [-p N] [-o ...] [-c N] [-e] [-f FMT] [--json]\n"
               "       kwire topics create|delete|list|describe|alter ...   (kwire topics --help)\n"
               "       kwire cluster describe|features|log-dirs ...       (kwire cluster --help)\n"
               "-b defaults to $KWIRE_BOOTSTRAP\n");
  return 2;
}

int fail(const std::string& what, std::error_code ec, const std::string& detail) {
  const std::string why = detail.empty() ? ec.message() : detail + " [" + ec.message() + "]";
  std::fprintf(stderr, "kwire: %s: %s\n", what.c_str(), why.c_str());
  return 1;
}

std::string range(protocol::vrange r) {
  if (r.empty()) return "-";
  return std::to_string(r.lo) + "-" + std::to_string(r.hi);
}

int apis(net::blocking_cluster& cluster, const net::cluster_config& cfg) {
  const auto view = cluster.snapshot();
  if (view->brokers.empty()) return fail("apis", client_errc::invalid_value, "the cluster metadata lists no broker");
  const auto& first = view->brokers.begin()->second;
  protocol::api_versions_request req;
  req.client_software_name = cfg.connection.software_name;
  req.client_software_version = cfg.connection.software_version;
  auto res = cluster.request(net::node{first.node_id}, req);
  if (!res) return fail("ApiVersions", res.ec, res.detail);
  const auto& broker = res.value.body;
  if (broker.error_code != 0)
    return fail("ApiVersions", static_cast<broker_errc>(broker.error_code), "the broker answered an error");
  std::printf("API table of node %d at %s:%d (ApiVersions v%d answer)\n", first.node_id, first.host.c_str(), first.port,
              res.value.version);
  std::printf("%4s  %-30s %-8s %-8s %s\n", "key", "name", "broker", "kwire", "used");
  int both = 0;
  for (const auto& k : broker.api_keys) {
    const auto* facts = protocol::find_api(k.api_key);
    const std::string name = facts ? std::string(facts->name) : "(unknown to kwire)";
    const auto ours = facts ? facts->supported : protocol::none;
    std::string used = "-";
    if (facts) {
      const auto choice = protocol::choose_version(facts->key, broker);
      if (choice.status) {
        used = "v" + std::to_string(choice.version);
        ++both;
      }
    }
    std::printf("%4d  %-30s %-8s %-8s %s\n", k.api_key, name.c_str(),
                range({k.min_version, k.max_version}).c_str(), range(ours).c_str(), used.c_str());
  }
  std::printf("%zu APIs offered by the broker, %d usable by kwire today\n", broker.api_keys.size(), both);
  return 0;
}

std::string json_ints(const std::vector<std::int32_t>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out + "]";
}

std::string uuid_text(const protocol::uuid& id) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < id.bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += digits[id.bytes[i] >> 4];
    out += digits[id.bytes[i] & 15];
  }
  return out;
}

void print_json(const net::metadata_view& md) {
  std::printf("{\n  \"cluster_id\": %s,\n  \"controller_id\": %d,\n  \"brokers\": [",
              md.cluster_id ? cli::json_string(*md.cluster_id).c_str() : "null", md.controller_id);
  bool first = true;
  for (const auto& [id, b] : md.brokers) {
    std::printf("%s\n    {\"node_id\": %d, \"host\": %s, \"port\": %d, \"rack\": %s}", first ? "" : ",", id,
                cli::json_string(b.host).c_str(), b.port, b.rack ? cli::json_string(*b.rack).c_str() : "null");
    first = false;
  }
  std::printf("\n  ],\n  \"topics\": [");
  first = true;
  for (const auto& [name, t] : md.topics) {
    std::printf("%s\n    {\"name\": %s, \"topic_id\": \"%s\", \"internal\": %s, \"error\": %s, \"partitions\": [",
                first ? "" : ",", cli::json_string(name).c_str(), uuid_text(t.id).c_str(), t.internal ? "true" : "false",
                t.error_code ? cli::json_string(error_text(t.error_code)).c_str() : "null");
    first = false;
    bool pfirst = true;
    for (const auto& p : t.partitions) {
      std::printf("%s\n      {\"partition\": %d, \"leader\": %d, \"leader_epoch\": %d, \"replicas\": %s, \"isr\": %s, "
                  "\"offline\": %s, \"error\": %s}",
                  pfirst ? "" : ",", p.partition, p.leader, p.leader_epoch, json_ints(p.replicas).c_str(),
                  json_ints(p.isr).c_str(), json_ints(p.offline).c_str(),
                  p.error_code ? cli::json_string(error_text(p.error_code)).c_str() : "null");
      pfirst = false;
    }
    std::printf("%s]}", t.partitions.empty() ? "" : "\n    ");
  }
  std::printf("\n  ]\n}\n");
}

void print_text(const net::metadata_view& md) {
  std::printf("cluster %s, controller %d\n", md.cluster_id.value_or("?").c_str(), md.controller_id);
  for (const auto& [id, b] : md.brokers)
    std::printf("  broker %d at %s:%d%s%s\n", id, b.host.c_str(), b.port, b.rack ? " rack " : "",
                b.rack.value_or("").c_str());
  std::printf("%zu topic(s)\n", md.topics.size());
  for (const auto& [name, t] : md.topics) {
    std::printf("  %s%s: %zu partition(s)", name.c_str(), t.internal ? " (internal)" : "", t.partitions.size());
    if (t.error_code) std::printf(" %s", error_text(t.error_code).c_str());
    std::printf("\n");
    for (const auto& p : t.partitions) {
      std::printf("    partition %d leader %d epoch %d replicas %s isr %s", p.partition, p.leader, p.leader_epoch,
                  json_ints(p.replicas).c_str(), json_ints(p.isr).c_str());
      if (!p.offline.empty()) std::printf(" offline %s", json_ints(p.offline).c_str());
      if (p.error_code) std::printf(" %s", error_text(p.error_code).c_str());
      std::printf("\n");
    }
  }
}

int metadata(net::blocking_cluster& cluster, bool json) {
  auto res = cluster.metadata();
  if (!res) return fail("metadata", res.ec, res.detail);
  if (json)
    print_json(*res.value);
  else
    print_text(*res.value);
  return 0;
}

}  // namespace

int produce_main(int argc, char** argv);  // tools/cli/produce.cpp
int lag_main(int argc, char** argv);      // tools/cli/lag.cpp
int consume_main(int argc, char** argv);  // tools/cli/consume.cpp
int topics_main(int argc, char** argv);   // tools/cli/topics.cpp
int cluster_main(int argc, char** argv);  // tools/cli/cluster.cpp

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string_view command = argv[1];
  if (command == "produce") return produce_main(argc - 1, argv + 1);
  if (command == "lag") return lag_main(argc - 1, argv + 1);
  if (command == "consume") return consume_main(argc - 1, argv + 1);
  if (command == "topics") return topics_main(argc - 1, argv + 1);
  if (command == "cluster") return cluster_main(argc - 1, argv + 1);
  const char* env = std::getenv("KWIRE_BOOTSTRAP");
  std::string bootstrap = env ? env : "";
  bool json = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if ((a == "-b" || a == "--bootstrap") && i + 1 < argc) bootstrap = argv[++i];
    else if (a == "--json" && command == "metadata") json = true;
    else return usage();
  }
  if (bootstrap.empty()) {
    std::fprintf(stderr, "kwire: no broker: pass -b HOST:PORT or set KWIRE_BOOTSTRAP\n");
    return 2;
  }
  if (command != "apis" && command != "metadata") return usage();
  net::cluster_config cfg;
  cfg.bootstrap_servers = bootstrap;
  cfg.connection.client_id = "kwire-cli";
  net::blocking_cluster cluster(cfg);
  if (auto r = cluster.start(); !r) return fail("bootstrap", r.ec, r.detail);
  return command == "apis" ? apis(cluster, cfg) : metadata(cluster, json);
}
