// Runs the admin seeds of docs/examples against the real broker and checks what they printed
// and what they left behind.

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
using kwire::test::env_or_empty;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

struct run_result {
  int status = -1;
  std::string out;  // stdout and stderr
};

// docs/examples/<name> ARG, with KWIRE_BOOTSTRAP as the test has it.
run_result run_example(const std::string& name, const std::string& arg) {
  std::string path = env_or_empty("TEST_SRCDIR") + "/kwire/docs/examples/" + name;
  if (!std::ifstream(path).good()) path = "docs/examples/" + name;
  run_result r;
  if (FILE* p = ::popen(("'" + path + "' '" + arg + "' 2>&1").c_str(), "r")) {
    char buf[65536];
    for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, k);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return r;
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

TEST(AdminExamples, CreateListDescribeDeleteATopic) {
  const auto topic = unique("ex-admin");
  auto r = run_example("admin_topics", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  // "partition P leader L replicas L isr L": replication factor 1, so the leader is the replica.
  const std::regex line(R"(^partition (\d) leader (\d+) replicas (\d+) isr (\d+)$)");
  std::istringstream lines(r.out);
  std::vector<std::string> got;
  for (std::string l; std::getline(lines, l);) got.push_back(l);
  ASSERT_EQ(got.size(), 6u) << r.out;
  EXPECT_EQ(got[0], "created " + topic + " with 3 partitions");
  EXPECT_EQ(got[1], "listed " + topic);
  for (int p = 0; p < 3; ++p) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(got[2 + p], m, line)) << got[2 + p];
    EXPECT_EQ(m[1].str(), std::to_string(p));
    EXPECT_EQ(m[2].str(), m[3].str());
    EXPECT_EQ(m[3].str(), m[4].str());
  }
  EXPECT_EQ(got[5], "deleted " + topic);
  auto a = make_admin();
  bool gone = false;
  for (int i = 0; i < 50 && !(gone = !a.list_topics().count(topic)); ++i) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(gone);

  // Again, with the topic there already: the create fails, named, exit status 1.
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();
  r = run_example("admin_topics", topic);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("TOPIC_ALREADY_EXISTS"), std::string::npos) << r.out;
}

TEST(AdminExamples, ConsumerTopicSetAndPartitionsForTopic) {
  auto a = make_admin();
  const auto topic = unique("ex-consumer-topics");
  a.create_topics({{.name = topic, .partitions = 3, .replication_factor = 1}}).at(topic).get();
  run_result r;
  for (int i = 0; i < 50; ++i) {  // until the broker's metadata has the topic and its leaders
    r = run_example("consumer_topics", topic);
    if (r.status == 0 && r.out.find("leader -1") == std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("topic " + topic + "\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("topic __"), std::string::npos) << r.out;  // internal topics left out
  const auto d = a.describe_topics({topic}).at(topic).get();
  for (const auto& p : d.partitions)
    EXPECT_NE(r.out.find("partition " + std::to_string(p.partition) + " leader " + std::to_string(p.leader) + "\n"),
              std::string::npos)
        << r.out;

  r = run_example("consumer_topics", unique("ex-missing"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;
}

}  // namespace
