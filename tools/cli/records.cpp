// kwire records delete: kafka-delete-records.sh.
//   kwire records delete --topic T --partition P --before OFFSET   (-1: everything up to the end)
//   kwire records delete --offset-json-file F   ({"partitions":[{"topic":"T","partition":0,"offset":3}],"version":1})

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/partition_args.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

// kafka-delete-records.sh's offsets file. Kafka topic names hold only [a-zA-Z0-9._-], so each
// partition entry is a flat object: found one by one, its three fields in any order.
bool read_offsets_file(const std::string& path, std::map<topic_partition, std::int64_t>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = path + ": cannot be read", false;
  std::stringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  if (json.find("\"partitions\"") == std::string::npos) return error = path + ": no \"partitions\" list", false;
  static const std::regex entry(R"(\{[^{}\[\]]*\})");
  static const std::regex topic(R"re("topic"\s*:\s*"([a-zA-Z0-9._-]+)")re");
  static const std::regex partition(R"re("partition"\s*:\s*(\d+))re");
  static const std::regex offset(R"re("offset"\s*:\s*(-?\d+))re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), entry); it != std::sregex_iterator(); ++it) {
    const std::string e = it->str();
    std::smatch t, p, o;
    if (!std::regex_search(e, t, topic) || !std::regex_search(e, p, partition) || !std::regex_search(e, o, offset))
      return error = path + ": each partition needs \"topic\", \"partition\" and \"offset\": " + e, false;
    out[{t[1], std::stoi(p[1])}] = std::stoll(o[1]);
  }
  if (out.empty()) return error = path + ": no partitions", false;
  return true;
}

int usage(std::FILE* out, int code) {
  std::fprintf(out,
      "usage: kwire records delete --topic T --partition P --before OFFSET [--partition P2 --before OFFSET2 ...]\n"
      "                            [common flags]\n"
      "       kwire records delete --offset-json-file F   (kafka-delete-records.sh's file:\n"
      "                            {\"partitions\":[{\"topic\":\"T\",\"partition\":0,\"offset\":3}],\"version\":1})\n"
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
  std::string topic, bad, file;
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
    } else if (f == "--offset-json-file" && has_value) {
      file = rest[++i];
    } else if ((f == "--before" || f == "--offset") && has_value) {
      const auto n = cli::parse_int(rest[++i]);
      if (!n || *n < -1) bad = "--before takes an offset (or -1), not '" + rest[i] + "'";
      before.push_back(n.value_or(0));
    } else {
      bad = "unexpected '" + f + "'" + (has_value ? "" : " (or its value is missing)");
    }
  }
  std::map<topic_partition, std::int64_t> wanted;
  if (bad.empty() && !file.empty()) {
    if (!topic.empty() || !partitions.empty()) bad = "give either --offset-json-file or --topic/--partition/--before";
    else read_offsets_file(file, wanted, bad);
  } else if (bad.empty() && (topic.empty() || partitions.empty() || partitions.size() != before.size())) {
    bad = "--topic T and a --partition P with its --before OFFSET are required (or --offset-json-file F)";
  }
  if (!bad.empty()) {
    std::fprintf(stderr, "kwire records delete: %s\n", bad.c_str());
    return usage(stderr, 2);
  }
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
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
