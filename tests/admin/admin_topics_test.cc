// The admin client's topic calls against the real broker (issue #16).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using namespace std::chrono_literals;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

// A topic just created or deleted may take a moment to show in a broker's metadata.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 50; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return pred();
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

  kwire::topic_listings listed;
  ASSERT_TRUE(eventually([&] { return (listed = a.list_topics()).count(name) > 0; }));
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

// An admin whose config pins `api` to `version` (-1: as if the broker lacked the API).
kwire::blocking_admin pinned_admin(kwire::protocol::api_key api, std::int16_t version) {
  kwire::admin_config cfg;
  auto r = kwire::parse_admin_config({{"bootstrap.servers", kwire::test::bootstrap()}}, cfg);
  EXPECT_TRUE(r) << r.detail;
  cfg.cluster.connection.version_pins[api] = version;
  return kwire::blocking_admin(std::move(cfg));
}

void make_topic(kwire::blocking_admin& a, const std::string& name, std::int32_t partitions) {
  a.create_topics({{.name = name, .partitions = partitions, .replication_factor = 1}}).at(name).get();
}

TEST(AdminTopics, DescribeGivesPartitionsLeadersReplicasIsrAndUnknownTopicsApart) {
  auto a = make_admin();
  const auto name = unique("admin-describe");
  auto made = a.create_topics({{.name = name, .partitions = 3, .replication_factor = 1}});
  ASSERT_TRUE(made.at(name)) << made.at(name).error.message();
  const auto missing = unique("admin-missing");
  kwire::topic_descriptions got;
  ASSERT_TRUE(eventually([&] {
    got = a.describe_topics({name, missing});
    return got.at(name) && got.at(name).value.partitions.size() == 3 && got.at(name).value.partitions[0].leader >= 0;
  })) << got.at(name).error.message();
  const auto& d = got.at(name).value;
  EXPECT_EQ(d.name, name);
  EXPECT_EQ(d.topic_id, made.at(name).value.topic_id);
  EXPECT_FALSE(d.internal);
  for (std::int32_t p = 0; p < 3; ++p) {
    const auto& part = d.partitions[p];
    EXPECT_EQ(part.partition, p);
    ASSERT_EQ(part.replicas.size(), 1u);
    EXPECT_EQ(part.leader, part.replicas[0]);
    EXPECT_EQ(part.isr, part.replicas);
    EXPECT_TRUE(part.offline_replicas.empty());
    EXPECT_GE(part.leader_epoch, 0);
    // Kafka 3.9 and 4.x have DescribeTopicPartitions: ELR is given (empty on one healthy node).
    EXPECT_TRUE(part.elr.has_value());
  }
  EXPECT_FALSE(d.authorized_operations.has_value());  // not asked for

  ASSERT_FALSE(got.at(missing));
  EXPECT_EQ(got.at(missing).error.ec, kwire::broker_errc::unknown_topic_or_partition);
  EXPECT_NE(got.at(missing).error.detail.find(missing), std::string::npos) << got.at(missing).error.detail;

  kwire::describe_topics_options opts;
  opts.include_authorized_operations = true;
  auto with_ops = a.describe_topics({name}, opts).at(name).get();
  ASSERT_TRUE(with_ops.authorized_operations.has_value());
  // Without an authorizer the broker grants every operation a topic has (with one, see
  // admin_acls_test AuthorizedOperationsAreWhatThePrincipalMayDo).
  EXPECT_EQ(*with_ops.authorized_operations,
            (std::vector<std::string>{"READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS",
                                      "ALTER_CONFIGS"}));

  auto internal = a.describe_topics({"__consumer_offsets"});
  if (internal.at("__consumer_offsets")) {
    EXPECT_TRUE(internal.at("__consumer_offsets").value.internal);
  }
}

TEST(AdminTopics, DescribePagesThroughEveryPartition) {
  auto a = make_admin();
  const auto first = unique("admin-page-a"), second = unique("admin-page-b");
  make_topic(a, first, 5);
  make_topic(a, second, 3);
  kwire::describe_topics_options opts;
  opts.partitions_per_page = 2;  // five pages at least
  kwire::topic_descriptions got;
  ASSERT_TRUE(eventually([&] {
    got = a.describe_topics({first, second}, opts);
    return got.at(first) && got.at(second) && got.at(first).value.partitions.size() == 5 &&
           got.at(second).value.partitions.size() == 3;
  }));
  for (const auto& [name, count] : {std::pair{first, 5}, std::pair{second, 3}})
    for (std::int32_t p = 0; p < count; ++p) EXPECT_EQ(got.at(name).value.partitions[p].partition, p) << name;
}

TEST(AdminTopics, DescribeFallsBackToMetadataWithoutDescribeTopicPartitions) {
  auto setup = make_admin();
  const auto name = unique("admin-describe-md");
  make_topic(setup, name, 2);
  auto a = pinned_admin(kwire::protocol::api_key::describe_topic_partitions, -1);
  const auto missing = unique("admin-missing");
  kwire::topic_descriptions got;
  ASSERT_TRUE(eventually([&] {
    got = a.describe_topics({name, missing});
    return got.at(name) && got.at(name).value.partitions.size() == 2;
  })) << got.at(name).error.message();
  const auto& d = got.at(name).value;
  EXPECT_FALSE(d.topic_id.is_zero());
  EXPECT_EQ(d.partitions[1].partition, 1);
  EXPECT_EQ(d.partitions[1].isr, d.partitions[1].replicas);
  EXPECT_FALSE(d.partitions[0].elr.has_value());  // Metadata does not carry ELR
  EXPECT_EQ(got.at(missing).error.ec, kwire::broker_errc::unknown_topic_or_partition);
  EXPECT_NE(got.at(missing).error.detail.find(missing), std::string::npos);
}

TEST(AdminTopics, DeleteByNameEachTopicItsOwnOutcome) {
  auto a = make_admin();
  const auto name = unique("admin-delete");
  const auto missing = unique("admin-missing");
  auto made = a.create_topics({{.name = name, .partitions = 1, .replication_factor = 1}});
  ASSERT_TRUE(made.at(name));
  auto gone = a.delete_topics({name, missing});
  ASSERT_EQ(gone.size(), 2u);
  ASSERT_TRUE(gone.at(name)) << gone.at(name).error.message();
  EXPECT_EQ(gone.at(name).value.topic_id, made.at(name).value.topic_id);
  EXPECT_EQ(gone.at(missing).error.ec, kwire::broker_errc::unknown_topic_or_partition);
  EXPECT_NE(gone.at(missing).error.detail.find(missing), std::string::npos);
  EXPECT_TRUE(eventually([&] { return !a.list_topics().count(name); }));
}

TEST(AdminTopics, DeleteByTopicId) {
  auto a = make_admin();
  const auto name = unique("admin-delete-id");
  auto made = a.create_topics({{.name = name, .partitions = 1, .replication_factor = 1}});
  const auto id = made.at(name).get().topic_id;
  auto stranger = *kwire::parse_uuid("AAAAAAAAAAAAAAAAAAAAAQ");
  auto gone = a.delete_topics_by_id({id, stranger});
  ASSERT_TRUE(gone.at(id)) << gone.at(id).error.message();
  EXPECT_EQ(gone.at(id).value.name, name);
  EXPECT_EQ(gone.at(stranger).error.ec, kwire::broker_errc::unknown_topic_id) << gone.at(stranger).error.message();
  EXPECT_TRUE(eventually([&] { return !a.list_topics().count(name); }));
}

TEST(AdminTopics, DeleteOnDeleteTopicsV5NamesOnlyAndIdsAreRefused) {
  auto setup = make_admin();
  const auto name = unique("admin-delete-v5");
  auto made = setup.create_topics({{.name = name, .partitions = 1, .replication_factor = 1}});
  const auto id = made.at(name).get().topic_id;
  auto a = pinned_admin(kwire::protocol::api_key::delete_topics, 5);
  auto by_id = a.delete_topics_by_id({id});
  ASSERT_FALSE(by_id.at(id));
  EXPECT_EQ(by_id.at(id).error.ec, kwire::client_errc::no_compatible_version);
  EXPECT_NE(by_id.at(id).error.detail.find("v6"), std::string::npos) << by_id.at(id).error.detail;
  auto gone = a.delete_topics({name});
  ASSERT_TRUE(gone.at(name)) << gone.at(name).error.message();
  EXPECT_TRUE(gone.at(name).value.topic_id.is_zero());  // v5 does not say
}

TEST(AdminTopics, CreatePartitionsRaisesTheCountAndRefusesFewerByName) {
  auto a = make_admin();
  const auto name = unique("admin-partitions");
  const auto missing = unique("admin-missing");
  make_topic(a, name, 2);
  auto grown = a.create_partitions({{name, {.total_count = 4}}, {missing, {.total_count = 2}}});
  ASSERT_TRUE(grown.at(name)) << grown.at(name).error.message();
  EXPECT_EQ(grown.at(name).value, 4);
  EXPECT_EQ(grown.at(missing).error.ec, kwire::broker_errc::unknown_topic_or_partition);
  EXPECT_TRUE(eventually([&] {
    auto d = a.describe_topics({name}).at(name);
    return d && d.value.partitions.size() == 4;
  }));

  auto fewer = a.create_partitions({{name, {.total_count = 3}}});
  ASSERT_FALSE(fewer.at(name));
  EXPECT_EQ(fewer.at(name).error.ec, kwire::broker_errc::invalid_partitions);
  EXPECT_NE(fewer.at(name).error.detail.find(name), std::string::npos) << fewer.at(name).error.detail;

  kwire::create_partitions_options dry;
  dry.validate_only = true;
  ASSERT_TRUE(a.create_partitions({{name, {.total_count = 6}}}, dry).at(name));
  EXPECT_EQ(a.describe_topics({name}).at(name).get().partitions.size(), 4u);

  // An explicit assignment: one replica list per new partition, on the broker that leads p0.
  const auto node = a.describe_topics({name}).at(name).get().partitions[0].leader;
  auto placed = a.create_partitions({{name, {.total_count = 5, .assignment = {{node}}}}});
  ASSERT_TRUE(placed.at(name)) << placed.at(name).error.message();
  EXPECT_TRUE(eventually([&] {
    auto d = a.describe_topics({name}).at(name);
    return d && d.value.partitions.size() == 5 && d.value.partitions[4].replicas == std::vector<std::int32_t>{node};
  }));
}

TEST(AdminTopics, NothingAskedIsAnEmptyAnswerNeverCompletedInline) {
  auto a = make_admin();
  EXPECT_TRUE(a.delete_topics({}).empty());
  EXPECT_TRUE(a.delete_topics_by_id({}).empty());
  EXPECT_TRUE(a.describe_topics({}).empty());
  EXPECT_TRUE(a.create_partitions({}).empty());
  EXPECT_TRUE(a.alter_partition_reassignments({}).empty());

  boost::asio::io_context io;
  auto admin = kwire::admin::create(io.get_executor(), {{"bootstrap.servers", kwire::test::bootstrap()}});
  int done = 0;
  admin->async_describe_topics({}, {}, [&](std::error_code ec, kwire::topic_descriptions d) { done += !ec && d.empty(); });
  admin->async_delete_topics({}, {}, [&](std::error_code ec, kwire::deleted_topics d) { done += !ec && d.empty(); });
  admin->async_alter_partition_reassignments({}, {}, [&](std::error_code ec, kwire::altered_reassignments d) {
    done += !ec && d.empty();
  });
  EXPECT_EQ(done, 0);  // not inside the initiating calls
  io.run_for(5s);
  EXPECT_EQ(done, 3);
}

TEST(AdminTopics, NoBrokerFailsTheWholeCallWithinTheTimeout) {
  kwire::blocking_admin a({{"bootstrap.servers", "127.0.0.1:1"}, {"default.api.timeout.ms", "2000"},
                           {"request.timeout.ms", "1000"}});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(a.list_topics(), kwire::error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

// The documented spelling, one pair of string literals, means properties (it once was ambiguous
// with admin_config); constructing connects to nothing yet.
TEST(AdminTopics, OnePairOfLiteralsIsProperties) {
  kwire::blocking_admin a({{"bootstrap.servers", "127.0.0.1:1"}});
  kwire::blocking_consumer c({{"bootstrap.servers", "127.0.0.1:1"}});
  kwire::blocking_producer p({{"bootstrap.servers", "127.0.0.1:1"}});
  SUCCEED();
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
