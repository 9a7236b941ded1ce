// kwire offsets: kafka-get-offsets.sh — each partition's offset at a point of the log.
//   kwire offsets --topic T[:P,...] [--time earliest|latest|max-timestamp|MS|YYYY-MM-DDTHH:mm:SS[.sss]]

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
      "usage: kwire offsets --topic T[:P,...] [--topic ...] [--time earliest|latest|max-timestamp|MS|YYYY-MM-DDTHH:mm:SS[.sss]]\n"
      "                     [--read-committed] [common flags]\n"
      "  per partition: the offset at that point (latest, the default: the end of the log; a time: the first\n"
      "  record at or after it, -1 when there is none).\n"
      "  common flags: -b HOST:PORT (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return code;
}

}  // namespace

int offsets_main(int argc, char** argv) {
  cli::admin_command cmd("offsets", argc, argv);
  if (!cmd.error().empty()) return usage(stderr, 2);
  if (cmd.help()) return usage(stdout, 0);
  std::vector<std::string> topics;
  offset_spec spec = offset_spec::latest();
  list_offsets_options options;
  std::string bad;
  const auto& rest = cmd.rest();
  for (std::size_t i = 0; i < rest.size() && bad.empty(); ++i) {
    const std::string& f = rest[i];
    const bool has_value = i + 1 < rest.size();
    if ((f == "-t" || f == "--topic") && has_value) {
      topics.push_back(rest[++i]);
    } else if (f == "--time" && has_value) {
      const std::string v = rest[++i];
      if (v == "earliest" || v == "-2") spec = offset_spec::earliest();
      else if (v == "latest" || v == "-1") spec = offset_spec::latest();
      else if (v == "max-timestamp" || v == "-3") spec = offset_spec::max_timestamp();
      else if (auto ms = cli::parse_int(v); ms && *ms >= 0) spec = offset_spec::for_time(*ms);
      else if (auto dt = cli::parse_datetime(v)) spec = offset_spec::for_time(*dt);
      else bad = "--time takes earliest, latest, max-timestamp, milliseconds or YYYY-MM-DDTHH:mm:SS[.sss], not '" + v + "'";
    } else if (f == "--read-committed") {
      options.read_committed = true;
    } else {
      bad = "unexpected '" + f + "'" + (has_value ? "" : " (or its value is missing)");
    }
  }
  if (bad.empty() && topics.empty()) bad = "--topic T is required";
  if (!bad.empty()) {
    std::fprintf(stderr, "kwire offsets: %s\n", bad.c_str());
    return usage(stderr, 2);
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    std::map<topic_partition, offset_spec> specs;
    for (const auto& tp : cli::expand_topics(*admin, topics)) specs[tp] = spec;
    const auto got = admin->list_offsets(specs, options);
    int failed = 0;
    std::vector<std::string> items;
    cli::table t({"TOPIC", "PARTITION", "OFFSET", "TIMESTAMP"});
    for (const auto& [tp, r] : got) {
      if (!r) {
        ++failed;
        std::fprintf(stderr, "kwire offsets: %s\n", r.error.message().c_str());
      }
      const auto ts = r && r.value.timestamp >= 0 ? std::to_string(r.value.timestamp) : "-";
      t.add({tp.topic, std::to_string(tp.partition), r ? std::to_string(r.value.offset) : "error", ts});
      items.push_back(cli::json_object({{"topic", cli::json_string(tp.topic)}, {"partition", std::to_string(tp.partition)},
                                        {"offset", r ? std::to_string(r.value.offset) : "null"},
                                        {"timestamp", r && r.value.timestamp >= 0 ? std::to_string(r.value.timestamp) : "null"},
                                        {"error", r ? "null" : cli::json_string(r.error.message())}}));
    }
    if (cmd.json()) std::printf("%s\n", cli::json_list(items).c_str());
    else t.print();
    return failed ? 1 : 0;
  } catch (const kwire::error& e) {
    return cli::fail("offsets", "list", e);
  }
}
