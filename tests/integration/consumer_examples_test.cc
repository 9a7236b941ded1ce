// Runs each consumer example of docs/examples against the real broker: the test produces the
// input, runs the example, and checks exactly what it printed and what its group committed.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/consumer_support.hpp"

namespace kwire::test {
namespace {

struct example_result {
  int status = -1;
  std::string out, err;
};

// Runs docs/examples/<name> with `args` and KWIRE_BOOTSTRAP as it is (or `bootstrap`); stdout
// and stderr apart.
example_result run_example(const std::string& name, const std::vector<std::string>& args,
                           const std::string& bootstrap = "") {
  const std::string dir = env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : env_or_empty("TEST_TMPDIR");
  static int n = 0;
  const std::string err_path = dir + "/consumer-example-err-" + std::to_string(++n);
  std::string command = bootstrap.empty() ? "" : "KWIRE_BOOTSTRAP=" + shell_quote(bootstrap) + " ";
  command += shell_quote(runfile("docs/examples/" + name));
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " 2>" + shell_quote(err_path);
  example_result r;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[65536];
    for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, k);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// The lines that contain `part` ("partition=1 "), in the order printed.
std::vector<std::string> lines_with(const std::string& text, const std::string& part) {
  auto all = lines_of(text);
  std::vector<std::string> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [&](const auto& l) { return l.find(part) != std::string::npos; });
  return out;
}

// `values` to (topic, partition), keyed "k<i>" when `keyed`, each acknowledged.
void produce_to(const std::string& topic, std::int32_t partition, const std::vector<std::string>& values,
                bool keyed = false) {
  client::blocking_producer p(client::properties{{"bootstrap.servers", test::bootstrap()}, {"linger.ms", "0"}});
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string key = "k" + std::to_string(i);
    client::record r;
    r.topic = topic;
    r.partition = partition;
    if (keyed) r.key = client::as_bytes(key);
    r.value = client::as_bytes(values[i]);
    p.send(r).get();
  }
}

// What `group` has committed for partitions 0..count-1 of `topic`, asked by a consumer that
// joins nothing.
client::committed_offsets committed_of(const std::string& group, const std::string& topic, int count) {
  blocking_consumer c(consumer_settings(group, {{"enable.auto.commit", "false"}}));
  std::vector<topic_partition> tps;
  for (int p = 0; p < count; ++p) tps.push_back({topic, p});
  auto r = attempt([&] { return c.committed(tps); });
  EXPECT_TRUE(r) << r.error.detail;
  return r.value;
}

using ConsumerExamplesTest = fixture;

TEST_F(ConsumerExamplesTest, GroupIteratesRecordsThenAutoCommits) {
  const auto topic = unique("ex-group");
  const auto group = unique("ex-group-g");
  ASSERT_TRUE(create_topic(cluster, topic, 2));
  produce_to(topic, 0, {"a0", "a1", "a2"}, true);
  produce_to(topic, 1, {"b0", "b1"}, true);
  const auto r = run_example("consume_group", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  const std::string head = "topic=" + topic;
  EXPECT_EQ(lines_with(r.out, " partition=0 "),
            (std::vector<std::string>{head + " partition=0 offset=0 key=k0 value=a0",
                                      head + " partition=0 offset=1 key=k1 value=a1",
                                      head + " partition=0 offset=2 key=k2 value=a2"}));
  EXPECT_EQ(lines_with(r.out, " partition=1 "),
            (std::vector<std::string>{head + " partition=1 offset=0 key=k0 value=b0",
                                      head + " partition=1 offset=1 key=k1 value=b1"}));
  EXPECT_EQ(lines_of(r.out).size(), 5u) << r.out;
  const auto c = committed_of(group, topic, 2);
  EXPECT_EQ(c.at({topic, 0}).offset, 3);
  EXPECT_EQ(c.at({topic, 1}).offset, 2);
}

TEST_F(ConsumerExamplesTest, ManualCommitAfterProcessing) {
  const auto topic = unique("ex-manual");
  const auto group = unique("ex-manual-g");
  ASSERT_TRUE(create_topic(cluster, topic, 1));
  produce(topic, 1, 4);
  auto r = run_example("consume_manual_commit", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "partition=0 offset=0 value=0/0\npartition=0 offset=1 value=0/1\npartition=0 offset=2 value=0/2\n"
            "partition=0 offset=3 value=0/3\ncommitted " + topic + "-0 at 4\n");
  EXPECT_EQ(committed_of(group, topic, 1).at({topic, 0}).offset, 4);
  // A second run resumes from the commit: nothing left to read.
  produce(topic, 1, 1, 4);
  r = run_example("consume_manual_commit", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "partition=0 offset=4 value=0/4\ncommitted " + topic + "-0 at 5\n");
}

TEST_F(ConsumerExamplesTest, CommitGivenOffsetsWithMetadata) {
  const auto topic = unique("ex-offsets");
  const auto group = unique("ex-offsets-g");
  ASSERT_TRUE(create_topic(cluster, topic, 1));
  produce(topic, 1, 3);
  const auto r = run_example("consume_commit_offsets", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, topic + "-0: offset 3, metadata \"processed by consume_commit_offsets\"\n");
  const auto c = committed_of(group, topic, 1).at({topic, 0});
  EXPECT_EQ(c.offset, 3);
  EXPECT_EQ(c.metadata.value_or("<none>"), "processed by consume_commit_offsets");
}

TEST_F(ConsumerExamplesTest, AssignAndSeek) {
  const auto topic = unique("ex-seek");
  ASSERT_TRUE(create_topic(cluster, topic, 2));
  produce(topic, 2, 5);
  const auto r = run_example("consume_assign_seek", {topic, "3"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  // Partition 0 from offset 3, partition 1 from its beginning.
  EXPECT_EQ(lines_with(r.out, "partition=0 "),
            (std::vector<std::string>{"partition=0 offset=3 value=0/3", "partition=0 offset=4 value=0/4"}));
  std::vector<std::string> p1;
  for (int i = 0; i < 5; ++i) p1.push_back("partition=1 offset=" + std::to_string(i) + " value=1/" + std::to_string(i));
  EXPECT_EQ(lines_with(r.out, "partition=1 "), p1);
  EXPECT_EQ(lines_of(r.out).size(), 7u) << r.out;

  const auto bad = run_example("consume_assign_seek", {topic, "12x"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err, "OFFSET must be a number >= 0, got '12x'\n");
}

// Seed 001's explanation, step by step: latest for a new group skips what is there (and commits
// the end); once committed, the setting no longer matters; a new group with earliest reads all.
TEST_F(ConsumerExamplesTest, OffsetResetAppliesOnlyToANewGroup) {
  const auto topic = unique("ex-reset");
  const auto group = unique("ex-reset-g");
  ASSERT_TRUE(create_topic(cluster, topic, 1));
  produce(topic, 1, 3);
  auto r = run_example("consume_offset_reset", {topic, group, "latest"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "0 records\n");
  EXPECT_EQ(committed_of(group, topic, 1).at({topic, 0}).offset, 3);

  produce(topic, 1, 2, 3);
  r = run_example("consume_offset_reset", {topic, group, "earliest"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "partition=0 offset=3 value=0/3\npartition=0 offset=4 value=0/4\n2 records\n");

  r = run_example("consume_offset_reset", {topic, unique("ex-reset-new"), "earliest"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(lines_of(r.out).size(), 6u) << r.out;
  EXPECT_EQ(lines_of(r.out).back(), "5 records");

  r = run_example("consume_offset_reset", {topic, group, "oldest"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "auto.offset.reset: expected one of earliest, latest, none, got 'oldest'\n");
}

TEST_F(ConsumerExamplesTest, SubscribeByPattern) {
  const auto prefix = unique("ex-regex");
  const auto group = unique("ex-regex-g");
  for (const auto& t : {prefix + "-a", prefix + "-b", "x" + prefix + "-c"}) {
    ASSERT_TRUE(create_topic(cluster, t, 1));
    produce(t, 1, 2);
  }
  // The whole name must match: x<prefix>-c stays out.
  const auto r = run_example("consume_regex", {prefix + "-.*", group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  auto got = lines_of(r.out);
  std::sort(got.begin(), got.end());
  std::vector<std::string> want;
  for (const auto& t : {prefix + "-a", prefix + "-b"})
    for (int i = 0; i < 2; ++i)
      want.push_back("topic=" + t + " partition=0 offset=" + std::to_string(i) + " value=0/" + std::to_string(i));
  EXPECT_EQ(got, want);

  const auto bad = run_example("consume_regex", {"(", group});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err.rfind("bad pattern '(': ", 0), 0u) << bad.err;
}

// What the producer's json_values example wrote, read back; a record that is not an order is
// named on stderr and the others still come through.
TEST_F(ConsumerExamplesTest, JsonValuesReadBack) {
  const auto topic = unique("ex-json");
  ASSERT_TRUE(create_topic(cluster, topic, 1));
  const auto produced = run_command(shell_quote(runfile("docs/examples/json_values")) + " " + shell_quote(topic));
  ASSERT_EQ(produced.status, 0) << produced.out;
  produce_to(topic, 0, {R"({"id":4,"item":"pie"})"});
  const auto r = run_example("consume_json", {topic, unique("ex-json-g")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "order 1: tea at 3.50\norder 2: coffee at 4.25\norder 3: cake at 6.00\n");
  EXPECT_EQ(r.err, "partition 0 offset 3: not an order: {\"id\":4,\"item\":\"pie\"}\n");
}

TEST_F(ConsumerExamplesTest, LagPerPartitionAndTotal) {
  const auto topic = unique("ex-lag");
  const auto group = unique("ex-lag-g");
  ASSERT_TRUE(create_topic(cluster, topic, 3));
  produce_to(topic, 0, std::vector<std::string>(10, "x"));
  produce_to(topic, 1, std::vector<std::string>(4, "y"));
  produce_to(topic, 2, std::vector<std::string>(2, "z"));
  {
    blocking_consumer c(consumer_settings(group, {{"enable.auto.commit", "false"}}));
    ASSERT_NO_THROW(c.commit(client::offsets_to_commit{{{topic, 0}, {.offset = 6}}, {{topic, 1}, {.offset = 4}}}));
  }
  const auto r = run_example("consume_lag", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "partition 0: end 10, committed 6, lag 4\n"
            "partition 1: end 4, committed 4, lag 0\n"
            "partition 2: end 2, no commit\n"
            "total lag 4\n");
  // It only reads: the commits are as they were.
  const auto c = committed_of(group, topic, 3);
  EXPECT_EQ(c.at({topic, 0}).offset, 6);
  EXPECT_EQ(c.at({topic, 2}).offset, -1);

  const auto missing = run_example("consume_lag", {topic + "-missing", group});
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.err, "topic " + topic + "-missing does not exist\n");
}

// The coroutine consumer on its own io_context: same records, commits after each batch, closes.
TEST_F(ConsumerExamplesTest, AsyncCoroutine) {
  const auto topic = unique("ex-async");
  const auto group = unique("ex-async-g");
  ASSERT_TRUE(create_topic(cluster, topic, 1));
  produce(topic, 1, 3);
  const auto r = run_example("consume_async", {topic, group});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "partition=0 offset=0 value=0/0\npartition=0 offset=1 value=0/1\npartition=0 offset=2 value=0/2\n");
  EXPECT_EQ(committed_of(group, topic, 1).at({topic, 0}).offset, 3);
}

// Nothing listening: each example says which bootstrap server failed and ends with status 1.
TEST_F(ConsumerExamplesTest, UnreachableBrokerIsNamed) {
  for (const auto* name : {"consume_group", "consume_async"}) {
    const auto r = run_example(name, {"t", "g"}, "127.0.0.1:1");
    EXPECT_EQ(r.status, 1) << name;
    EXPECT_EQ(r.out, "") << name;
    EXPECT_EQ(r.err.rfind("no bootstrap server answered (bootstrap.servers=127.0.0.1:1)", 0), 0u)
        << name << ": " << r.err;
  }
}

}  // namespace
}  // namespace kwire::test
