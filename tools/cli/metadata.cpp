// kwire metadata: brokers, topics, partitions and leaders of the cluster (a Metadata answer), as
// text or as one JSON document (--json).

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/config/admin_config.hpp>
#include <kwire/net/blocking.hpp>
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

// To stdout with exit 0 for -h/--help, to stderr with exit 2 for bad use.
int usage(std::FILE* out = stderr, int status = 2) {
  std::fprintf(out,
               "usage: kwire metadata [-b HOST:PORT[,...]] [--json] [-X key=value]... [--command-config FILE]\n"
               "brokers, topics, partitions and leaders of the cluster\n"
               "  --json                     one JSON document\n"
               "%s",
               cli::common_flags_help);
  return status;
}

int fail(const std::string& what, std::error_code ec, const std::string& detail) {
  const std::string why = detail.empty() ? ec.message() : detail + " [" + ec.message() + "]";
  std::fprintf(stderr, "kwire metadata: %s: %s\n", what.c_str(), why.c_str());
  return 1;
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

int metadata_main(int argc, char** argv) {
  cli::common_flags flags;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") return usage(stdout, 0);
    if (a == "--json") {
      json = true;
      continue;
    }
    const auto took = flags.take(argc, argv, i);
    if (took != cli::common_flags::took::yes) return cli::bad_argument("metadata", a), usage();
  }
  client::admin_config cfg;
  if (!cli::settings("metadata", flags, {}, &client::parse_admin_config, cfg)) return 2;
  net::blocking_cluster cluster(cfg.cluster);
  if (auto r = cluster.start(); !r) return fail("bootstrap", r.ec, r.detail);
  return metadata(cluster, json);
}
