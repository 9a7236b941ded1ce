// kwire apis: the API table of one broker (its ApiVersions answer) beside the versions kwire
// implements, and the version kwire would use for each.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/config/admin_config.hpp>
#include <kwire/net/blocking.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/versions.hpp>
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

// To stdout with exit 0 for -h/--help, to stderr with exit 2 for bad use.
int usage(std::FILE* out = stderr, int status = 2) {
  std::fprintf(out,
               "usage: kwire apis [-b HOST:PORT[,...]] [-X key=value]... [--command-config FILE]\n"
               "the API table of the first broker of the cluster beside the versions kwire implements\n"
               "%s",
               cli::common_flags_help);
  return status;
}

int fail(const std::string& what, std::error_code ec, const std::string& detail) {
  const std::string why = detail.empty() ? ec.message() : detail + " [" + ec.message() + "]";
  std::fprintf(stderr, "kwire apis: %s: %s\n", what.c_str(), why.c_str());
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

}  // namespace

int apis_main(int argc, char** argv) {
  cli::common_flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") return usage(stdout, 0);
    const auto took = flags.take(argc, argv, i);
    if (took != cli::common_flags::took::yes) return cli::bad_argument("apis", a), usage();
  }
  client::admin_config cfg;
  if (!cli::settings("apis", flags, {}, &client::parse_admin_config, cfg)) return 2;
  net::blocking_cluster cluster(cfg.cluster);
  if (auto r = cluster.start(); !r) return fail("bootstrap", r.ec, r.detail);
  return apis(cluster, cfg.cluster);
}
