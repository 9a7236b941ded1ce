// The admin client's topic calls against the real broker (issue #16).

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace std::chrono_literals;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

TEST(AdminTopics, CreateThenListAndEachTopicHasItsOwnOutcome) {
  kwire::blocking_admin a({{"bootstrap.servers", kwire::test::bootstrap()}});
  const auto name = unique("admin-create");
  auto made = a.create_topics({{.name = name, .partitions = 3, .replication_factor = 1},
                               {.name = "bad/name", .partitions = 1},
                               {.name = name + "-cfg", .partitions = 1, .configs = {{"cleanup.policy", "compact"}}}});
  ASSERT_EQ(made.size(), 3u);
  ASSERT_TRUE(made.at(name)) << made.at(name).error.message();
  EXPECT_EQ(made.at(name).value.partitions, 3);
  EXPECT_EQ(made.at(name).value.replication_factor, 1);
  EXPECT_FALSE(made.at(name).value.topic_id.is_zero());
  ASSERT_TRUE(made.at(name + "-cfg")) << made.at(name + "-cfg").error.message();
  EXPECT_EQ(made.at(name + "-cfg").value.configs.at("cleanup.policy"), "compact");
  // The bad name fails alone, named, with the broker's error.
  ASSERT_FALSE(made.at("bad/name"));
  EXPECT_EQ(made.at("bad/name").error.ec, kwire::broker_errc::invalid_topic_exception);
  EXPECT_NE(made.at("bad/name").error.detail.find("bad/name"), std::string::npos) << made.at("bad/name").error.detail;
  EXPECT_THROW(made.at("bad/name").get(), kwire::error);

  // Again: TOPIC_ALREADY_EXISTS for that topic.
  auto again = a.create_topics({{.name = name, .partitions = 3}});
  EXPECT_EQ(again.at(name).error.ec, kwire::broker_errc::topic_already_exists);

  auto listed = a.list_topics();
  EXPECT_TRUE(listed.count(name));
  EXPECT_EQ(listed.at(name).topic_id, made.at(name).value.topic_id);
  EXPECT_FALSE(listed.count("__consumer_offsets") && listed.at("__consumer_offsets").internal);
}

TEST(AdminTopics, ValidateOnlyCreatesNothing) {
  auto a = make_admin();
  const auto name = unique("admin-validate");
  kwire::create_topics_options opts;
  opts.validate_only = true;
  auto made = a.create_topics({{.name = name, .partitions = 2, .replication_factor = 1}}, opts);
  ASSERT_TRUE(made.at(name)) << made.at(name).error.message();
  EXPECT_FALSE(a.list_topics().count(name));
}

TEST(AdminTopics, ReplicationFactorAboveTheBrokerCountIsNamed) {
  auto a = make_admin();
  const auto name = unique("admin-rf");
  auto made = a.create_topics({{.name = name, .partitions = 1, .replication_factor = 7}});
  ASSERT_FALSE(made.at(name));
  EXPECT_EQ(made.at(name).error.ec, kwire::broker_errc::invalid_replication_factor) << made.at(name).error.message();
}

TEST(AdminTopics, NoBrokerFailsTheWholeCallWithinTheTimeout) {
  kwire::blocking_admin a({{"bootstrap.servers", "127.0.0.1:1"}, {"default.api.timeout.ms", "2000"},
                           {"request.timeout.ms", "1000"}});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(a.list_topics(), kwire::error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

TEST(AdminTopics, BadConfigurationIsNamed) {
  try {
    kwire::blocking_admin a({{"bootstrap.servers", "x:1"}, {"linger.ms", "5"}});
    FAIL() << "linger.ms is not an admin setting";
  } catch (const kwire::error& e) {
    EXPECT_NE(std::string(e.what()).find("linger.ms"), std::string::npos) << e.what();
  }
}

}  // namespace
