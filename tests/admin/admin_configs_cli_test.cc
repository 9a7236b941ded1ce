// `kwire configs`, `kwire groups`, `kwire offsets` and `kwire records` against the real broker,
// cross-checked with a peer no one here wrote: the Java tools of the Kafka distribution that
// tools/broker runs (kafka-configs.sh's ConfigCommand, kafka-consumer-groups.sh's
// ConsumerGroupCommand) read back what kwire changed.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <random>
#include <regex>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace std::chrono_literals;
using kwire::topic_partition;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string runfile(const std::string& path) {
  if (const char* dir = std::getenv("TEST_SRCDIR"); dir && *dir) {
    const std::string p = std::string(dir) + "/kwire/" + path;
    if (std::ifstream(p).good()) return p;
  }
  return path;
}

struct run_result {
  int status = -1;
  std::string out, err;
};

run_result run(const std::string& command) {
  const std::string dir = kwire::test::env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : kwire::test::env_or_empty("TEST_TMPDIR");
  const std::string err_path = dir + "/admin-cli-err-" + std::to_string(::getpid());
  run_result r;
  if (FILE* p = ::popen((command + " 2>" + quote(err_path)).c_str(), "r")) {
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  return r;
}

run_result kwire_cli(const std::vector<std::string>& args) {
  std::string command = quote(runfile("tools/kwire"));
  for (const auto& a : args) command += " " + quote(a);
  return run(command);
}

// A Java tool of the Kafka distribution tools/broker runs.
run_result java_tool(const std::string& main_class, const std::vector<std::string>& args) {
  std::string cache = kwire::test::env_or_empty("KWIRE_CACHE");
  if (cache.empty()) cache = kwire::test::env_or_empty("HOME") + "/.cache/kwire";
  std::string version = kwire::test::kafka_version();
  if (version.empty()) version = "4.4.0";
  std::string command = "java -cp " + quote(cache + "/kafka-" + version + "/libs/*") + " " + main_class;
  for (const auto& a : args) command += " " + quote(a);
  return run(command);
}

// kafka-configs.sh's class: kafka.admin.ConfigCommand up to Kafka 4.3, org.apache.kafka.tools
// from 4.4 on.
std::string config_command() {
  const std::string v = kwire::test::kafka_version();
  const bool old_line = v.rfind("3.", 0) == 0 || v.rfind("4.0", 0) == 0 || v.rfind("4.1", 0) == 0 ||
                        v.rfind("4.2", 0) == 0 || v.rfind("4.3", 0) == 0;
  return old_line ? "kafka.admin.ConfigCommand" : "org.apache.kafka.tools.ConfigCommand";
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

std::string make_topic(kwire::blocking_admin& a, const std::string& prefix, int partitions) {
  const auto name = unique(prefix);
  auto made = a.create_topics({{.name = name, .partitions = partitions, .replication_factor = 1}});
  EXPECT_TRUE(made.at(name)) << made.at(name).error.message();
  return name;
}

void produce(const std::string& topic, int count) {
  kwire::blocking_producer p({{"bootstrap.servers", kwire::test::bootstrap()}, {"linger.ms", "0"}});
  std::vector<std::future<kwire::record_metadata>> sent;
  for (int i = 0; i < count; ++i) {
    kwire::client::record r;
    r.topic = topic;
    r.partition = 0;
    r.value = kwire::client::as_bytes("v");
    r.timestamp = 1790000000000 + i * 1000;
    sent.push_back(p.send(r));
  }
  for (auto& f : sent) f.get();
}

TEST(AdminCli, ConfigsAlteredByKwireAreWhatKafkaConfigsDescribes) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cli-configs", 1);
  auto r = kwire_cli({"configs", "alter", "--entity-type", "topics", "--entity-name", topic, "--add-config",
                      "retention.ms=3600000,cleanup.policy=[delete,compact]"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Completed updating configs for topic " + topic), std::string::npos) << r.out;

  const auto peer = java_tool(config_command(), {"--bootstrap-server", kwire::test::bootstrap(), "--describe",
                                                             "--entity-type", "topics", "--entity-name", topic});
  ASSERT_EQ(peer.status, 0) << peer.out << peer.err;
  EXPECT_NE(peer.out.find("retention.ms=3600000"), std::string::npos) << peer.out;
  EXPECT_NE(peer.out.find("cleanup.policy=delete,compact"), std::string::npos) << peer.out;

  r = kwire_cli({"configs", "describe", "--entity-type", "topics", "--entity-name", topic, "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("name":"retention.ms","value":"3600000","source":"DYNAMIC_TOPIC_CONFIG")"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("segment.bytes"), std::string::npos) << "without --all only the topic's own settings: " << r.out;

  r = kwire_cli({"configs", "alter", "--entity-type", "topics", "--entity-name", topic, "--delete-config", "retention.ms"});
  ASSERT_EQ(r.status, 0) << r.err;

  // Bad value: exit 1, the broker's error naming the topic.
  r = kwire_cli({"configs", "alter", "--entity-type", "topics", "--entity-name", topic, "--add-config", "retention.ms=soon"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("INVALID_CONFIG"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(topic), std::string::npos) << r.err;

  // Bad use: exit 2 with "did you mean".
  r = kwire_cli({"configs", "describ"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean 'describe'"), std::string::npos) << r.err;
  r = kwire_cli({"configs", "describe", "--entity-type", "tables", "--entity-name", "x"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("tables"), std::string::npos) << r.err;
  EXPECT_EQ(kwire_cli({"configs", "--help"}).status, 0);
}

TEST(AdminCli, ResetOffsetsDryRunThenExecuteAndKafkaConsumerGroupsShowsThem) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cli-reset", 1);
  produce(topic, 10);
  const auto group = unique("cli-reset");
  {
    kwire::client::blocking_consumer c({{"bootstrap.servers", kwire::test::bootstrap()}, {"group.id", group},
                                        {"enable.auto.commit", "false"}});
    c.subscribe({topic});
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (std::chrono::steady_clock::now() < deadline && c.assignment().empty()) c.poll(100ms);
    c.commit(kwire::client::offsets_to_commit{{{topic, 0}, {2, -1, ""}}});
    c.close();
  }
  const topic_partition p0{topic, 0};
  auto committed = [&] { return a.list_group_offsets(group).at(p0).offset; };
  ASSERT_EQ(committed(), 2);

  // Without --execute: the plan, nothing changed.
  auto r = kwire_cli({"groups", "reset-offsets", "-g", group, "--topic", topic, "--to-offset", "7"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(topic + " +0 +7"))) << r.out;
  EXPECT_NE(r.err.find("dry run"), std::string::npos) << r.err;
  EXPECT_EQ(committed(), 2);

  r = kwire_cli({"groups", "reset-offsets", "-g", group, "--topic", topic + ":0", "--to-offset", "7", "--execute"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(committed(), 7);

  const auto peer = java_tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                              {"--bootstrap-server", kwire::test::bootstrap(), "--describe", "--group", group});
  ASSERT_EQ(peer.status, 0) << peer.out << peer.err;
  EXPECT_TRUE(std::regex_search(peer.out, std::regex(group + " +" + topic + " +0 +7 +10 +3"))) << peer.out;

  r = kwire_cli({"groups", "describe", "-g", group});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(group + " +" + topic + " +0 +7 +10 +3"))) << r.out;
  // What this client may do to the group (no authorizer: everything a group has).
  std::string group_ops, group_ops_json;
  for (const auto& op : kwire::test::group_operations()) {
    group_ops += (group_ops.empty() ? "" : ",") + op;
    group_ops_json += (group_ops_json.empty() ? "\"" : ",\"") + op + "\"";
  }
  r = kwire_cli({"groups", "describe", "-g", group, "--include-authorized-operations"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(group + " +classic +Empty +- +0 +" + group_ops + "\n"))) << r.out;
  r = kwire_cli({"groups", "describe", "-g", group, "--include-authorized-operations", "--json"});
  EXPECT_NE(r.out.find("\"authorized_operations\":[" + group_ops_json + "]"), std::string::npos) << r.out;

  // The other targets; offsets stay within the log.
  r = kwire_cli({"groups", "reset-offsets", "-g", group, "--all-topics", "--shift-by", "-2", "--execute"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(committed(), 5);
  r = kwire_cli({"groups", "reset-offsets", "-g", group, "--topic", topic, "--to-datetime", "2026-09-21T14:13:23.000Z",
                 "--execute"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(committed(), 3);  // 1790000000000 ms is 2026-09-21T14:13:20Z; the records are 1 s apart
  r = kwire_cli({"groups", "reset-offsets", "-g", group, "--topic", topic, "--to-offset", "99", "--execute"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(committed(), 10);
  r = kwire_cli({"groups", "reset-offsets", "-g", group, "--topic", topic, "--to-earliest", "--execute", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("executed":true)"), std::string::npos) << r.out;
  EXPECT_EQ(committed(), 0);

  r = kwire_cli({"groups", "list", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("group":")" + group + R"(")"), std::string::npos) << r.out;

  r = kwire_cli({"groups", "reset-offset", "-g", group});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean 'reset-offsets'"), std::string::npos) << r.err;

  r = kwire_cli({"groups", "delete", "-g", group});
  ASSERT_EQ(r.status, 0) << r.err;
  r = kwire_cli({"groups", "delete", "-g", group});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("GROUP_ID_NOT_FOUND"), std::string::npos) << r.err;
}

TEST(AdminCli, OffsetsAndRecordsDelete) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cli-records", 1);
  produce(topic, 10);
  auto r = kwire_cli({"offsets", "--topic", topic});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(topic + " +0 +10"))) << r.out;

  r = kwire_cli({"records", "delete", "--topic", topic, "--partition", "0", "--before", "4"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(topic + " +0 +4"))) << r.out;

  r = kwire_cli({"offsets", "--topic", topic + ":0", "--time", "earliest", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("offset":4)"), std::string::npos) << r.out;

  r = kwire_cli({"offsets", "--topic", topic, "--time", "2026-09-21T14:13:25Z"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(topic + " +0 +5 +1790000005000"))) << r.out;
  // Without a zone the time is local, as the Java tools read it (TZ "XYZ-2": two hours east of UTC).
  r = run("TZ=XYZ-2 " + quote(runfile("tools/kwire")) + " offsets --topic " + quote(topic) + " --time 2026-09-21T16:13:25.000");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(topic + " +0 +5 +1790000005000"))) << r.out;

  // kafka-delete-records.sh's offsets file.
  const std::string file = (kwire::test::env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : kwire::test::env_or_empty("TEST_TMPDIR")) +
                           "/delete-" + topic + ".json";
  std::ofstream(file) << R"({"partitions": [{"topic": ")" << topic << R"(", "partition": 0, "offset": 6}], "version": 1})";
  r = kwire_cli({"records", "delete", "--offset-json-file", file, "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("low_watermark":6)"), std::string::npos) << r.out;
  std::ofstream(file) << R"({"partitions": [{"topic": "x", "offset": 6}]})";
  r = kwire_cli({"records", "delete", "--offset-json-file", file});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("\"partition\""), std::string::npos) << r.err;

  r = kwire_cli({"records", "delete", "--topic", topic, "--partition", "0", "--before", "99"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("OFFSET_OUT_OF_RANGE"), std::string::npos) << r.err;
  EXPECT_EQ(kwire_cli({"records", "remove"}).status, 2);
}

TEST(AdminCli, ListGroupsExampleShowsAGroupAndItsMember) {
  auto a = make_admin();
  const auto topic = make_topic(a, "cli-example", 2);
  const auto group = unique("cli-example");
  kwire::client::blocking_consumer c({{"bootstrap.servers", kwire::test::bootstrap()}, {"group.id", group},
                                      {"client.id", "example-member"}});
  c.subscribe({topic});
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline && c.assignment().size() < 2) c.poll(100ms);
  const auto r = run("KWIRE_BOOTSTRAP=" + quote(kwire::test::bootstrap()) + " " +
                     quote(runfile("docs/examples/admin_list_groups")));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(group + " (classic, Stable)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(client example-member on "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(topic + "-0 " + topic + "-1"), std::string::npos) << r.out;
  c.close();
}

}  // namespace
