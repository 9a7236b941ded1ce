// kwire records delete: kafka-delete-records.sh for one partition at a time from the command line.
//   kwire records delete --topic T --partition P --before OFFSET   (-1: everything up to the end)

#include <cstdio>
#include <string>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/partition_args.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

int usage(std::FILE* out, int code) {
  std::fprintf(out,
      "usage: kwire records delete --topic T --partition P --before OFFSET [--partition P2 --before OFFSET2 ...]\n"
      "                            [common flags]\n"
      "  deletes the records of each partition below OFFSET (-1: up to the high watermark) and prints the\n"
      "  partition's new low watermark.\n"
      "  common flags: -b HOST:PORT (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return code;
}

}  // namespace

int records_main(int argc, char** argv) {
  cli::admin_command cmd("records", argc, argv);
  if (!cmd.error().empty()) return usage(stderr, 2);
  if (cmd.help()) return usage(stdout, 0);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(stderr, 2);
  if (rest[0] != "delete") return cli::unknown_action("records", rest[0], {"delete"});
  std::string topic, bad;
  std::vector<std::int32_t> partitions;
  std::vector<std::int64_t> before;
  for (std::size_t i = 1; i < rest.size() && bad.empty(); ++i) {
    const std::string& f = rest[i];
    const bool has_value = i + 1 < rest.size();
    if ((f == "-t" || f == "--topic") && has_value) {
      topic = rest[++i];
    } else if ((f == "-p" || f == "--partition") && has_value) {
      const auto n = cli::parse_int(rest[++i]);
      if (!n || *n < 0) bad = "--partition takes a partition number, not '" + rest[i] + "'";
      partitions.push_back(static_cast<std::int32_t>(n.value_or(0)));
    } else if ((f == "--before" || f == "--offset") && has_value) {
      const auto n = cli::parse_int(rest[++i]);
      if (!n || *n < -1) bad = "--before takes an offset (or -1), not '" + rest[i] + "'";
      before.push_back(n.value_or(0));
    } else {
      bad = "unexpected '" + f + "'" + (has_value ? "" : " (or its value is missing)");
    }
  }
  if (bad.empty() && (topic.empty() || partitions.empty() || partitions.size() != before.size()))
    bad = "--topic T and a --partition P with its --before OFFSET are required";
  if (!bad.empty()) {
    std::fprintf(stderr, "kwire records delete: %s\n", bad.c_str());
    return usage(stderr, 2);
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    std::map<topic_partition, std::int64_t> wanted;
    for (std::size_t i = 0; i < partitions.size(); ++i) wanted[{topic, partitions[i]}] = before[i];
    int failed = 0;
    std::vector<std::string> items;
    cli::table t({"TOPIC", "PARTITION", "LOW-WATERMARK"});
    for (const auto& [tp, r] : admin->delete_records(wanted)) {
      if (!r) {
        ++failed;
        std::fprintf(stderr, "kwire records delete: %s\n", r.error.message().c_str());
      }
      t.add({tp.topic, std::to_string(tp.partition), r ? std::to_string(r.value) : "error"});
      items.push_back(cli::json_object({{"topic", cli::json_string(tp.topic)}, {"partition", std::to_string(tp.partition)},
                                        {"low_watermark", r ? std::to_string(r.value) : "null"},
                                        {"error", r ? "null" : cli::json_string(r.error.message())}}));
    }
    if (cmd.json()) std::printf("%s\n", cli::json_list(items).c_str());
    else t.print();
    return failed ? 1 : 0;
  } catch (const kwire::error& e) {
    return cli::fail("records", "delete", e);
  }
}
