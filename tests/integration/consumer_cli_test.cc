// `kwire consume` and `kwire lag` against the real broker: the seeds' recipe (produce JSON
// records, consume part of them in a group, the lag before and after), assign mode with -p/-o,
// and clear errors.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/integration/producer_support.hpp"

namespace kwire::test {
namespace {

std::size_t lines_in(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

class ConsumeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = cluster_.start();
    ASSERT_TRUE(r) << r.detail;
  }
  net::blocking_cluster cluster_{cluster_settings()};
};

TEST_F(ConsumeCliTest, GroupConsumeCommitsAndLagFollows) {
  const auto topic = unique_topic("cli-consume");
  ASSERT_TRUE(create_topic(cluster_, topic, 3));
  std::string input;
  for (int i = 0; i < 500; ++i) input += "{\"num\": " + std::to_string(i) + "}\n";
  auto p = kwire({"produce", "-b", bootstrap(), "-t", topic}, input);
  ASSERT_EQ(p.status, 0) << p.err;
  const auto group = unique_topic("cli-group");

  // Before: the group has committed nothing, so no partition shows.
  auto lag = kwire({"lag", "-b", bootstrap(), "-g", group, "--json"});
  ASSERT_EQ(lag.status, 0) << lag.err;
  EXPECT_NE(lag.out.find("\"partitions\":[]"), std::string::npos) << lag.out;

  auto c = kwire({"consume", "-b", bootstrap(), "-t", topic, "-g", group, "-o", "beginning", "-c", "200", "-f", "%s\\n"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(lines_in(c.out), 200u);
  EXPECT_NE(c.err.find("200 records consumed"), std::string::npos) << c.err;

  lag = kwire({"lag", "-b", bootstrap(), "-g", group, "--json"});
  ASSERT_EQ(lag.status, 0) << lag.err;
  EXPECT_NE(lag.out.find("\"total_lag\":300"), std::string::npos) << lag.out;

  // The rest: exactly the 300 not yet consumed, then the lag is 0 on every partition.
  c = kwire({"consume", "-b", bootstrap(), "-t", topic, "-g", group, "-e", "--json"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(lines_in(c.out), 300u);
  lag = kwire({"lag", "-b", bootstrap(), "-g", group});
  ASSERT_EQ(lag.status, 0) << lag.err;
  EXPECT_NE(lag.out.find("TOTAL"), std::string::npos) << lag.out;
  lag = kwire({"lag", "-b", bootstrap(), "-g", group, "--json"});
  EXPECT_NE(lag.out.find("\"total_lag\":0"), std::string::npos) << lag.out;
  EXPECT_EQ(std::count(lag.out.begin(), lag.out.end(), '{') - 1, 3) << lag.out;  // three partitions
}

TEST_F(ConsumeCliTest, AssignModeStartsAtTheGivenOffset) {
  const auto topic = unique_topic("cli-assign");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  ASSERT_EQ(kwire({"produce", "-b", bootstrap(), "-t", topic}, "a\nb\nc\nd\n").status, 0);
  auto c = kwire({"consume", "-b", bootstrap(), "-t", topic, "-p", "0", "-o", "2", "-e", "-f", "%o:%s\\n"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(c.out, "2:c\n3:d\n");
  c = kwire({"consume", "-b", bootstrap(), "-t", topic, "-o", "end", "-e"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(c.out, "");
}

// A partition the topic does not have: said at once from the metadata, not after a wait for
// its leader (before: 62 s, then "0 records consumed").
TEST_F(ConsumeCliTest, MissingPartitionFailsAtOnce) {
  const auto topic = unique_topic("cli-no-partition");
  ASSERT_TRUE(create_topic(cluster_, topic, 3));
  const auto start = std::chrono::steady_clock::now();
  const auto c = kwire({"consume", "-b", bootstrap(), "-t", topic, "-p", "99", "-e"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(c.status, 1);
  EXPECT_EQ(c.out, "");
  EXPECT_EQ(c.err, "kwire consume: -p 99: topic " + topic + " has 3 partitions (0..2), not partition 99\n");
}

TEST_F(ConsumeCliTest, BadArgumentsAreNamed) {
  auto c = kwire({"consume", "-b", bootstrap(), "-t", "x", "-o", "soon"});
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("-o"), std::string::npos) << c.err;
  c = kwire({"consume", "-b", bootstrap(), "-t", "x", "-X", "auto.offset.reset=sometimes"});
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("auto.offset.reset"), std::string::npos) << c.err;
  c = kwire({"lag", "-b", bootstrap()});
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("-g GROUP"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace kwire::test
