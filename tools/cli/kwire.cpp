// kwire: the command-line client.
//   kwire apis [-b HOST:PORT]       the broker's API table beside the versions kwire implements
//   kwire metadata [-b HOST:PORT]   brokers and topics of the cluster
// -b defaults to $KWIRE_BOOTSTRAP.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/blocking_connection.hpp"
#include "protocol/messages/metadata.hpp"

namespace {

using namespace kwire;

int usage() {
  std::fprintf(stderr,
               "usage: kwire apis [-b HOST:PORT[,...]]\n"
               "       kwire metadata [-b HOST:PORT[,...]]\n"
               "-b defaults to $KWIRE_BOOTSTRAP\n");
  return 2;
}

int fail(const protocol::codec_result& r) {
  std::fprintf(stderr, "kwire: %s (%s)\n", r.detail.c_str(), r.ec.message().c_str());
  return 1;
}

std::string range(protocol::vrange r) {
  if (r.empty()) return "-";
  return std::to_string(r.lo) + "-" + std::to_string(r.hi);
}

int apis(net::blocking_connection& conn) {
  const auto& broker = conn.broker_versions();
  std::printf("API table of %s (ApiVersions v%d answer)\n", conn.peer().c_str(),
              protocol::info(protocol::api_key::api_versions).supported.hi);
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

int metadata(net::blocking_connection& conn) {
  protocol::metadata_request req;
  req.topics.reset();  // null: every topic
  req.allow_auto_topic_creation = false;
  protocol::metadata_response resp;
  if (auto r = conn.request(req, resp); !r) return fail(r);
  std::printf("cluster %s, controller %d\n", resp.cluster_id.value_or("?").c_str(), resp.controller_id);
  for (const auto& b : resp.brokers)
    std::printf("  broker %d at %s:%d%s%s\n", b.node_id, b.host.c_str(), b.port, b.rack ? " rack " : "",
                b.rack.value_or("").c_str());
  std::printf("%zu topic(s)\n", resp.topics.size());
  for (const auto& t : resp.topics) {
    std::printf("  %s%s: %zu partition(s)", t.name.value_or("?").c_str(), t.is_internal ? " (internal)" : "",
                t.partitions.size());
    if (t.error_code) std::printf(" error %d", t.error_code);
    std::printf("\n");
    for (const auto& p : t.partitions)
      std::printf("    partition %d leader %d epoch %d replicas %zu isr %zu\n", p.partition_index, p.leader_id,
                  p.leader_epoch, p.replica_nodes.size(), p.isr_nodes.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string_view command = argv[1];
  const char* env = std::getenv("KWIRE_BOOTSTRAP");
  std::string bootstrap = env ? env : "";
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if ((a == "-b" || a == "--bootstrap") && i + 1 < argc) bootstrap = argv[++i];
    else return usage();
  }
  if (bootstrap.empty()) {
    std::fprintf(stderr, "kwire: no broker: pass -b HOST:PORT or set KWIRE_BOOTSTRAP\n");
    return 2;
  }
  if (command != "apis" && command != "metadata") return usage();
  net::blocking_connection conn;
  if (auto r = conn.connect(bootstrap); !r) return fail(r);
  return command == "apis" ? apis(conn) : metadata(conn);
}
