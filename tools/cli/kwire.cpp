// kwire: the command-line client. `kwire SUBCOMMAND ...` runs SUBCOMMAND's entry function
// (argv[0] is the subcommand's name); `kwire --help` lists them; `kwire help SUBCOMMAND` and
// `kwire SUBCOMMAND --help` print one's usage. Every subcommand takes the common flags of
// tools/cli/settings.hpp (-b, -X key=value, --command-config FILE).

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/admin_cli.hpp"

// Each subcommand's entry, in tools/cli/<name>.cpp.
int apis_main(int argc, char** argv);
int metadata_main(int argc, char** argv);
int produce_main(int argc, char** argv);
int consume_main(int argc, char** argv);
int lag_main(int argc, char** argv);
int acls_main(int argc, char** argv);
int users_main(int argc, char** argv);
int quotas_main(int argc, char** argv);
int transactions_main(int argc, char** argv);
int topics_main(int argc, char** argv);
int cluster_main(int argc, char** argv);
int configs_main(int argc, char** argv);
int groups_main(int argc, char** argv);
int offsets_main(int argc, char** argv);
int records_main(int argc, char** argv);

namespace {

struct subcommand {
  std::string_view name;
  std::string_view summary;
  int (*main)(int argc, char** argv);
};

// THE list of subcommands: the dispatch, `kwire --help` and "did you mean" all read it. A new
// subcommand is one row here (and its declaration above).
constexpr subcommand subcommands[] = {
    {"apis", "the broker's API versions beside the ones kwire implements", apis_main},
    {"metadata", "brokers, topics, partitions and leaders of the cluster", metadata_main},
    {"produce", "one record per line of stdin", produce_main},
    {"consume", "print records of a topic, alone or in a consumer group", consume_main},
    {"lag", "a consumer group's committed offsets, end offsets and lag", lag_main},
    {"topics", "create, delete, list, describe topics; add partitions (kafka-topics.sh)", topics_main},
    {"cluster", "describe the cluster, features, log dirs; elect leaders; reassignments", cluster_main},
    {"configs", "describe and alter configs of topics, brokers, groups (kafka-configs.sh)", configs_main},
    {"groups", "list, describe, delete consumer groups; reset and delete their offsets", groups_main},
    {"offsets", "earliest, latest or by-time offsets of partitions", offsets_main},
    {"records", "delete records before an offset", records_main},
    {"acls", "list, add and remove ACLs (kafka-acls.sh)", acls_main},
    {"users", "list, add and remove SCRAM users", users_main},
    {"quotas", "describe and alter client quotas", quotas_main},
    {"transactions", "list, describe and abort transactions; fence producers", transactions_main},
};

const subcommand* find(std::string_view name) {
  for (const auto& s : subcommands)
    if (s.name == name) return &s;
  return nullptr;
}

int usage(std::FILE* out, int status) {
  std::fprintf(out,
               "usage: kwire SUBCOMMAND [FLAGS]\n"
               "       kwire help [SUBCOMMAND]      (or kwire SUBCOMMAND --help)\n"
               "subcommands:\n");
  for (const auto& s : subcommands)
    std::fprintf(out, "  %-14.*s %.*s\n", static_cast<int>(s.name.size()), s.name.data(),
                 static_cast<int>(s.summary.size()), s.summary.data());
  std::fprintf(out,
               "every subcommand takes -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value and\n"
               "--command-config FILE (a Java .properties file: TLS, SASL); see kwire help SUBCOMMAND\n");
  return status;
}

int unknown(std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& s : subcommands) names.push_back(s.name);
  const auto hint = kwire::cli::closest(name, names);
  std::fprintf(stderr, "kwire: unknown subcommand '%.*s'%s; kwire --help lists them\n", static_cast<int>(name.size()),
               name.data(), hint.empty() ? "" : (" (did you mean '" + hint + "'?)").c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr, 2);
  const std::string_view first = argv[1];
  if (first == "-h" || first == "--help") return usage(stdout, 0);
  if (first == "help") {
    if (argc == 2 || std::string_view(argv[2]) == "help") return usage(stdout, 0);
    if (argc > 3) return usage(stderr, 2);
    const auto* s = find(argv[2]);
    if (!s) return unknown(argv[2]);
    std::string name(s->name), help("--help");
    char* args[] = {name.data(), help.data(), nullptr};
    return s->main(2, args);
  }
  if (first.starts_with("-")) {
    std::fprintf(stderr, "kwire: '%s' before the subcommand: flags go after it\n", argv[1]);
    return usage(stderr, 2);
  }
  const auto* s = find(first);
  if (!s) return unknown(first);
  return s->main(argc - 1, argv + 1);
}
