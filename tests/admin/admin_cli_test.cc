// `kwire topics` and `kwire cluster` against the real broker, and a cross-check with a peer no
// one here wrote: Kafka's own kafka-topics.sh (TopicCommand) reads back what kwire created, and
// kwire describes what kafka-topics.sh created, identically.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace std::chrono_literals;
using kwire::test::bootstrap;
using kwire::test::env_or_empty;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct run_result {
  int status = -1;
  std::string out, err;
};

run_result run(const std::string& command) {
  static int n = 0;
  const std::string dir = env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : env_or_empty("TEST_TMPDIR");
  const std::string err_path = dir + "/admin-cli-err-" + std::to_string(++n);
  run_result r;
  if (FILE* p = ::popen((command + " </dev/null 2>" + quote(err_path)).c_str(), "r")) {
    char buf[65536];
    for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, k);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  return r;
}

std::string kwire_binary() {
  const std::string p = env_or_empty("TEST_SRCDIR") + "/kwire/tools/kwire";
  return std::ifstream(p).good() ? p : "tools/kwire";
}

run_result kwire_cli(const std::vector<std::string>& args) {
  std::string command = quote(kwire_binary()) + " " + args[0] + " -b " + quote(bootstrap());
  for (std::size_t i = 1; i < args.size(); ++i) command += " " + quote(args[i]);
  return run(command);
}

// kafka-topics.sh itself: TopicCommand from the jars of the Kafka that tools/broker runs.
run_result kafka_topics(const std::vector<std::string>& args) {
  std::string cache = env_or_empty("KWIRE_CACHE");
  if (cache.empty()) cache = env_or_empty("HOME") + "/.cache/kwire";
  std::string version = kwire::test::kafka_version();
  if (version.empty()) version = "4.4.0";
  std::string command = "java -Xmx256m -cp " + quote(cache + "/kafka-" + version + "/libs/*") +
                        " -Dlog4j2.level=ERROR org.apache.kafka.tools.TopicCommand --bootstrap-server " + quote(bootstrap());
  for (const auto& a : args) command += " " + quote(a);
  return run(command);
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", bootstrap()}}); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(AdminCli, TopicsCreateListDescribeAlterDelete) {
  const auto name = unique("cli-topic"), missing = unique("cli-missing");
  auto r = kwire_cli({"topics", "create", "--topic", name, "--partitions", "2", "--replication-factor", "1",
                      "--config", "cleanup.policy=compact"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Created topic " + name), std::string::npos) << r.out;

  r = kwire_cli({"topics", "create", "--topic", name, "--partitions", "2"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("TOPIC_ALREADY_EXISTS"), std::string::npos) << r.err;
  r = kwire_cli({"topics", "create", "--topic", name, "--partitions", "2", "--if-not-exists"});
  EXPECT_EQ(r.status, 0) << r.err;

  r = kwire_cli({"topics", "list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(name + "\n"), std::string::npos) << r.out;
  r = kwire_cli({"topics", "list", "--json"});
  EXPECT_NE(r.out.find("{\"name\":\"" + name + "\""), std::string::npos) << r.out;

  r = kwire_cli({"topics", "alter", "--topic", name, "--partitions", "3"});
  ASSERT_EQ(r.status, 0) << r.err;
  r = kwire_cli({"topics", "alter", "--topic", name, "--partitions", "1"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("INVALID_PARTITIONS"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(name), std::string::npos) << r.err;

  for (int i = 0; i < 50; ++i) {  // the new partition reaches the broker's metadata
    r = kwire_cli({"topics", "describe", "--topic", name, "--json"});
    if (count(r.out, "\"partition\":") == 3) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count(r.out, "\"partition\":"), 3u) << r.out;
  EXPECT_NE(r.out.find("\"name\":\"" + name + "\",\"ok\":true"), std::string::npos) << r.out;

  // What this client may do to the topic (no authorizer: everything a topic has).
  r = kwire_cli({"topics", "describe", "--topic", name, "--include-authorized-operations"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("AUTHORIZED OPERATIONS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" READ,WRITE,CREATE,DELETE,ALTER,DESCRIBE,DESCRIBE_CONFIGS,ALTER_CONFIGS\n"), std::string::npos) << r.out;
  r = kwire_cli({"topics", "describe", "--topic", name, "--include-authorized-operations", "--json"});
  EXPECT_NE(r.out.find("\"authorized_operations\":[\"READ\",\"WRITE\",\"CREATE\",\"DELETE\",\"ALTER\",\"DESCRIBE\","
                       "\"DESCRIBE_CONFIGS\",\"ALTER_CONFIGS\"]"),
            std::string::npos)
      << r.out;
  r = kwire_cli({"topics", "describe", "--topic", name, "--json"});
  EXPECT_EQ(r.out.find("authorized_operations"), std::string::npos) << r.out;  // not asked for

  r = kwire_cli({"topics", "describe", "--topic", name, "--topic", missing});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(name), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("UNKNOWN_TOPIC_OR_PARTITION"), std::string::npos) << r.err;
  r = kwire_cli({"topics", "describe", "--topic", name, "--topic", missing, "--if-exists"});
  EXPECT_EQ(r.status, 0) << r.err;

  r = kwire_cli({"topics", "delete", "--topic", name, "--topic", missing});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("Deleted topic " + name), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  r = kwire_cli({"topics", "delete", "--topic", missing, "--if-exists"});
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(AdminCli, TopicsDeleteByTopicId) {
  auto a = make_admin();
  const auto name = unique("cli-delete-id");
  const auto id = kwire::to_string(a.create_topics({{.name = name, .partitions = 1, .replication_factor = 1}}).at(name).get().topic_id);
  const std::string stranger = "AAAAAAAAAAAAAAAAAAAAAQ";
  auto r = kwire_cli({"topics", "delete", "--topic-id", id, "--topic-id", stranger, "--json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("{\"name\":\"id " + id + "\",\"ok\":true,\"topic\":\"" + name + "\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("UNKNOWN_TOPIC_ID"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(stranger), std::string::npos) << r.err;
  r = kwire_cli({"topics", "delete", "--topic-id", stranger, "--if-exists"});
  EXPECT_EQ(r.status, 0) << r.err;
  r = kwire_cli({"topics", "delete", "--topic-id", "not-an-id"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not-an-id"), std::string::npos) << r.err;
}

TEST(AdminCli, BadUseIsExitTwoWithUsageAndDidYouMean) {
  auto r = kwire_cli({"topics", "delte", "--topic", "x"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean 'delete'"), std::string::npos) << r.err;
  r = kwire_cli({"topics", "create"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("usage:"), std::string::npos) << r.err;
  r = kwire_cli({"topics", "create", "--topic", "x", "--partitions", "zero"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--partitions"), std::string::npos) << r.err;
  r = kwire_cli({"topics", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("kwire topics create"), std::string::npos);
  r = kwire_cli({"cluster", "feature"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean 'features'"), std::string::npos) << r.err;
  r = kwire_cli({"cluster", "-h"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("kwire cluster describe"), std::string::npos);
}

TEST(AdminCli, ClusterDescribeFeaturesAndLogDirs) {
  auto a = make_admin();
  const auto c = a.describe_cluster();
  auto r = kwire_cli({"cluster", "describe", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"cluster_id\":\"" + c.cluster_id + "\""), std::string::npos) << r.out;
  for (const auto& n : c.nodes)
    EXPECT_NE(r.out.find("{\"id\":" + std::to_string(n.id) + ",\"host\":\"" + n.host + "\",\"port\":" + std::to_string(n.port)),
              std::string::npos)
        << r.out;
  r = kwire_cli({"cluster", "describe"});
  EXPECT_NE(r.out.find("Cluster id: " + c.cluster_id), std::string::npos) << r.out;
  const std::string cluster_ops = "CREATE,ALTER,DESCRIBE,CLUSTER_ACTION,DESCRIBE_CONFIGS,ALTER_CONFIGS,IDEMPOTENT_WRITE";
  r = kwire_cli({"cluster", "describe", "--include-authorized-operations"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Authorized operations: " + cluster_ops + "\n"), std::string::npos) << r.out;
  r = kwire_cli({"cluster", "describe", "--include-authorized-operations", "--json"});
  EXPECT_NE(r.out.find("\"authorized_operations\":[\"CREATE\",\"ALTER\",\"DESCRIBE\",\"CLUSTER_ACTION\",\"DESCRIBE_CONFIGS\","
                       "\"ALTER_CONFIGS\",\"IDEMPOTENT_WRITE\"]}"),
            std::string::npos)
      << r.out;

  r = kwire_cli({"cluster", "features"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("metadata.version"), std::string::npos) << r.out;

  const auto name = unique("cli-logdirs");
  a.create_topics({{.name = name, .partitions = 2, .replication_factor = 1}}).at(name).get();
  for (int i = 0; i < 50; ++i) {
    r = kwire_cli({"cluster", "log-dirs", "--topic", name, "--json"});
    if (count(r.out, "\"topic\":\"" + name + "\"") == 2) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count(r.out, "\"topic\":\"" + name + "\""), 2u) << r.out;
  r = kwire_cli({"cluster", "log-dirs", "--broker", "9999"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("9999"), std::string::npos) << r.err;
}

TEST(AdminCli, ClusterElectLeadersAndReassignments) {
  auto a = make_admin();
  const auto name = unique("cli-elect"), missing = unique("cli-missing");
  a.create_topics({{.name = name, .partitions = 2, .replication_factor = 1}}).at(name).get();
  kwire::topic_description d;
  for (int i = 0; i < 50; ++i) {
    auto r = a.describe_topics({name}).at(name);
    d = r.value;
    if (r && d.partitions.size() == 2 && d.partitions.back().leader >= 0) break;
    std::this_thread::sleep_for(100ms);
  }
  // The preferred leaders lead already: not a failure, said per partition.
  auto r = kwire_cli({"cluster", "elect-leaders", "--election-type", "preferred", "--topic", name, "--partition", "0,1"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(count(r.out, "ELECTION_NOT_NEEDED"), 2u) << r.out;
  r = kwire_cli({"cluster", "elect-leaders", "--election-type", "preferred", "--topic", missing, "--partition", "0"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(missing + "-0"), std::string::npos) << r.err;
  r = kwire_cli({"cluster", "elect-leaders", "--topic", name, "--partition", "0"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--election-type"), std::string::npos) << r.err;

  const std::string node = std::to_string(d.partitions[0].replicas.at(0));
  r = kwire_cli({"cluster", "reassign", "--topic", name, "--partition", "0", "--replicas", node});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Reassigning " + name + "-0."), std::string::npos) << r.out;
  r = kwire_cli({"cluster", "reassign", "--topic", name, "--partition", "1", "--replicas", "9999", "--json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("INVALID_REPLICA_ASSIGNMENT"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(name + "-1"), std::string::npos) << r.err;
  r = kwire_cli({"cluster", "reassign", "--topic", name, "--partition", "1", "--cancel"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("NO_REASSIGNMENT_IN_PROGRESS"), std::string::npos) << r.err;
  r = kwire_cli({"cluster", "reassignments", "--topic", name, "--partition", "0,1", "--json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "{\"reassignments\":[]}\n");
}

// "\tTopic: T\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1..." -> partition -> "leader replicas isr".
std::map<int, std::string> java_partitions(const std::string& out) {
  std::map<int, std::string> parts;
  static const std::regex line(R"(Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: ([\d,]*)\s+Isr: ([\d,]*))");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator(); ++it)
    parts[std::stoi((*it)[1])] = (*it)[2].str() + " " + (*it)[3].str() + " " + (*it)[4].str();
  return parts;
}

std::string joined(const std::vector<std::int32_t>& v) {
  std::string s;
  for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}

std::map<int, std::string> kwire_partitions(const kwire::topic_description& d) {
  std::map<int, std::string> parts;
  for (const auto& p : d.partitions)
    parts[p.partition] = std::to_string(p.leader) + " " + joined(p.replicas) + " " + joined(p.isr);
  return parts;
}

std::string java_topic_id(const std::string& out) {
  static const std::regex id(R"(TopicId: ([A-Za-z0-9_-]+))");
  std::smatch m;
  return std::regex_search(out, m, id) ? m[1].str() : "";
}

TEST(AdminCli, KafkaTopicsShReadsWhatKwireCreatesAndTheOtherWayRound) {
  auto a = make_admin();
  // kwire creates; kafka-topics.sh --describe reads it back.
  const auto ours = unique("peer-kwire");
  auto made = a.create_topics({{.name = ours, .partitions = 3, .replication_factor = 1,
                                .configs = {{"cleanup.policy", "compact"}, {"retention.ms", "4321000"}}}});
  ASSERT_TRUE(made.at(ours)) << made.at(ours).error.message();
  kwire::topic_description d;
  for (int i = 0; i < 50; ++i) {  // until the broker's metadata has it, leaders elected
    auto r = a.describe_topics({ours}).at(ours);
    d = r.value;
    if (r && d.partitions.size() == 3 && d.partitions.back().leader >= 0) break;
    std::this_thread::sleep_for(100ms);
  }
  auto j = kafka_topics({"--describe", "--topic", ours});
  ASSERT_EQ(j.status, 0) << j.out << j.err;
  EXPECT_NE(j.out.find("PartitionCount: 3"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("ReplicationFactor: 1"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("cleanup.policy=compact"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("retention.ms=4321000"), std::string::npos) << j.out;
  EXPECT_EQ(java_topic_id(j.out), kwire::to_string(made.at(ours).value.topic_id)) << j.out;
  EXPECT_EQ(java_partitions(j.out), kwire_partitions(d)) << j.out;

  // kafka-topics.sh creates and alters; kwire describes it the same as kafka-topics.sh does.
  const auto theirs = unique("peer-java");
  j = kafka_topics({"--create", "--topic", theirs, "--partitions", "2", "--replication-factor", "1"});
  ASSERT_EQ(j.status, 0) << j.out << j.err;
  j = kafka_topics({"--alter", "--topic", theirs, "--partitions", "4"});
  ASSERT_EQ(j.status, 0) << j.out << j.err;
  for (int i = 0; i < 50; ++i) {
    auto r = a.describe_topics({theirs}).at(theirs);
    if (r && r.value.partitions.size() == 4 && r.value.partitions.back().leader >= 0) break;
    std::this_thread::sleep_for(100ms);
  }
  j = kafka_topics({"--describe", "--topic", theirs});
  ASSERT_EQ(j.status, 0) << j.err;
  const auto seen = a.describe_topics({theirs}).at(theirs).get();
  EXPECT_EQ(seen.partitions.size(), 4u);
  EXPECT_EQ(kwire::to_string(seen.topic_id), java_topic_id(j.out)) << j.out;
  EXPECT_EQ(kwire_partitions(seen), java_partitions(j.out)) << j.out;
  EXPECT_TRUE(a.list_topics().count(theirs));

  // kwire deletes what kafka-topics.sh made; kafka-topics.sh no longer lists it.
  ASSERT_TRUE(a.delete_topics({theirs}).at(theirs));
  bool gone = false;
  for (int i = 0; i < 20 && !gone; ++i) {
    j = kafka_topics({"--list"});
    gone = j.status == 0 && j.out.find(theirs + "\n") == std::string::npos;
    if (!gone) std::this_thread::sleep_for(200ms);
  }
  EXPECT_TRUE(gone) << j.out;
}

}  // namespace
