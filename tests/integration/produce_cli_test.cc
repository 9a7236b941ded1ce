// `kwire produce` against the real broker: lines in, records out, a summary or one delivery
// report per record, and clear errors.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <cstdio>
#include <sstream>
#include <string>

#include "tests/integration/producer_support.hpp"

namespace kwire::test {
namespace {

// Runs `kwire produce ARGS` with `input` on stdin.
cli_result produce(const std::string& input, const std::vector<std::string>& args) {
  std::vector<std::string> all{"produce"};
  all.insert(all.end(), args.begin(), args.end());
  return kwire(all, input);
}

class ProduceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = cluster_.start();
    ASSERT_TRUE(r) << r.detail;
  }
  net::blocking_cluster cluster_{cluster_settings()};
};

TEST_F(ProduceCliTest, KeysHeadersAndJsonReports) {
  const auto topic = unique_topic("cli-json");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  const auto r = produce("k1:v1\nk2:v2:with colon\nno key here\n",
                         {"-b", bootstrap(), "-t", topic, "-K", ":", "-H", "source=cli", "-H", "n=1", "--json"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // {"record":N,"topic":"T","partition":0,"offset":O,"timestamp":S,"error":null}
  std::istringstream lines(r.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    long long record = -1, offset = -1, timestamp = -1;
    int partition = -1;
    char name[256];
    char error[8];
    ASSERT_EQ(std::sscanf(line.c_str(),
                          "{\"record\":%lld,\"topic\":\"%255[^\"]\",\"partition\":%d,\"offset\":%lld,"
                          "\"timestamp\":%lld,\"error\":%7[a-z]}",
                          &record, name, &partition, &offset, &timestamp, error),
              6)
        << line;
    EXPECT_EQ(std::string(name), topic);
    EXPECT_EQ(partition, 0);
    EXPECT_EQ(std::string(error), "null");
    EXPECT_GT(timestamp, 0);
    EXPECT_EQ(record - 1, offset) << "one partition: record n lands at offset n-1";
    ++count;
  }
  EXPECT_EQ(count, 3);
  EXPECT_NE(r.err.find("3 records, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(", 0 errors"), std::string::npos) << r.err;

  const auto back = fetch_all(cluster_, topic, 0, 3);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(text_of(back[0].key), "k1");
  EXPECT_EQ(text_of(back[0].value), "v1");
  EXPECT_EQ(text_of(back[1].key), "k2");
  EXPECT_EQ(text_of(back[1].value), "v2:with colon");  // only the first delimiter splits
  EXPECT_FALSE(back[2].key.has_value());
  EXPECT_EQ(text_of(back[2].value), "no key here");
  for (const auto& rec : back) {
    ASSERT_EQ(rec.headers.size(), 2u);
    EXPECT_EQ(rec.headers[0].key, "source");
    EXPECT_EQ(text_of(rec.headers[0].value), "cli");
    EXPECT_EQ(rec.headers[1].key, "n");
  }
}

TEST_F(ProduceCliTest, PartitionCompressionAndSummary) {
  const auto topic = unique_topic("cli-zstd");
  ASSERT_TRUE(create_topic(cluster_, topic, 3));
  std::string input;
  for (int i = 0; i < 1000; ++i) input += "line " + std::to_string(i) + "\n";
  const auto r = produce(input, {"-b", bootstrap(), "-t", topic, "-p", "2", "-z", "zstd", "--linger-ms", "20"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "1000 records, 7890 bytes delivered to " + topic + ", 0 errors\n");
  std::set<int> codecs;
  const auto back = fetch_all(cluster_, topic, 2, 1000, std::chrono::seconds(20), &codecs);
  ASSERT_EQ(back.size(), 1000u);
  EXPECT_EQ(text_of(back[999].value), "line 999");
  EXPECT_EQ(codecs, std::set<int>{4});  // zstd
}

// A partition the topic does not have fails each record at once from the metadata (Java:
// "Partition 99 of topic t with partition count 3 is not present in metadata"), not after
// max.block.ms.
TEST_F(ProduceCliTest, MissingPartitionFailsAtOnce) {
  const auto topic = unique_topic("cli-no-partition");
  ASSERT_TRUE(create_topic(cluster_, topic, 3));
  const auto start = std::chrono::steady_clock::now();
  const auto r = produce("a\nb\n", {"-b", bootstrap(), "-t", topic, "-p", "99"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "0 records, 0 bytes delivered to " + topic + ", 2 errors\n");
  EXPECT_EQ(r.err, "kwire produce: first error: partition 99 of topic " + topic +
                       " does not exist: it has partitions 0..2\n");
}

TEST_F(ProduceCliTest, AcksZeroReportsNoOffsets) {
  const auto topic = unique_topic("cli-acks0");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  const auto r = produce("a\nb\n", {"-b", bootstrap(), "-t", topic, "--acks", "0", "--json"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\"offset\":-1"), std::string::npos) << r.out;
  EXPECT_EQ(fetch_all(cluster_, topic, 0, 2).size(), 2u);
}

TEST_F(ProduceCliTest, TooLargeLineFailsTheOthersAreDelivered) {
  const auto topic = unique_topic("cli-large");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  const auto r = produce("small\n" + std::string(3000, 'x') + "\nsmall again\n",
                         {"-b", bootstrap(), "-t", topic, "-X", "max.request.size=1000"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "2 records, 16 bytes delivered to " + topic + ", 1 errors\n");
  EXPECT_NE(r.err.find("max.request.size"), std::string::npos) << r.err;
  EXPECT_EQ(fetch_all(cluster_, topic, 0, 2).size(), 2u);
}

// --transactional-id: transactions of --transaction-records lines, each ending in a commit
// marker; with --abort each is written and ends in an abort marker.
TEST_F(ProduceCliTest, TransactionsOfNRecordsCommittedOrAborted) {
  const auto topic = unique_topic("cli-txn");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  std::string input;
  for (int i = 0; i < 10; ++i) input += "v" + std::to_string(i) + "\n";
  auto r = produce(input, {"-b", bootstrap(), "-t", topic, "--transactional-id", topic + "-id", "--transaction-records", "4"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("10 records"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 transactions committed, 0 aborted"), std::string::npos) << r.out;
  r = produce("x0\nx1\n", {"-b", bootstrap(), "-t", topic, "--transactional-id", topic + "-id", "--abort"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 transactions committed, 1 aborted"), std::string::npos) << r.out;

  // The coordinator writes the last marker after the CLI has its answer: read until it is in.
  std::vector<protocol::control_type> markers;
  std::vector<protocol::record> records;
  for (int attempt = 0; attempt < 20 && markers.size() < 4; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    markers.clear();
    records = fetch_all(cluster_, topic, 0, 12, std::chrono::seconds(20), nullptr, &markers);
  }
  ASSERT_EQ(records.size(), 12u);
  EXPECT_EQ(text_of(records[0].value), "v0");
  EXPECT_EQ(text_of(records[11].value), "x1");
  using protocol::control_type;
  EXPECT_EQ(markers, (std::vector<control_type>{control_type::commit, control_type::commit, control_type::commit,
                                                control_type::abort}));

  r = produce("x\n", {"-b", bootstrap(), "-t", topic, "--abort"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("need --transactional-id"), std::string::npos) << r.err;
}

TEST_F(ProduceCliTest, BadSettingsNameTheKey) {
  auto r = produce("", {"-b", bootstrap(), "-t", "x", "-X", "linger.ms=soon"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("linger.ms"), std::string::npos) << r.err;
  r = produce("", {"-b", bootstrap(), "-t", "x", "-z", "brotli"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("compression.type"), std::string::npos) << r.err;
  r = produce("", {"-b", bootstrap(), "-t", "x", "-p", "-3"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("-p"), std::string::npos) << r.err;
  r = produce("", {"-b", bootstrap()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("-t TOPIC"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kwire::test
