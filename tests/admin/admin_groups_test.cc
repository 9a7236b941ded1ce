// The admin client's group calls against the real broker (issue #16): list, describe (classic
// and KIP-848 consumer groups), delete, remove members; committed offsets list / alter / delete;
// lag. Groups are made by kwire::blocking_consumer.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <random>
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

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

bool kafka4() { return kwire::test::kafka_version().rfind("3.", 0) != 0; }

std::string make_topic(kwire::blocking_admin& a, const std::string& prefix, int partitions) {
  const auto name = unique(prefix);
  auto made = a.create_topics({{.name = name, .partitions = partitions, .replication_factor = 1}});
  EXPECT_TRUE(made.at(name)) << made.at(name).error.message();
  return name;
}

void produce(const std::string& topic, int partition, int count) {
  kwire::blocking_producer p({{"bootstrap.servers", kwire::test::bootstrap()}, {"linger.ms", "0"}});
  std::vector<std::future<kwire::record_metadata>> sent;
  for (int i = 0; i < count; ++i) {
    kwire::client::record r;
    r.topic = topic;
    r.partition = partition;
    r.value = kwire::client::as_bytes("v");
    sent.push_back(p.send(r));
  }
  for (auto& f : sent) f.get();
}

std::unique_ptr<kwire::client::blocking_consumer> join(const std::string& group, const std::string& topic,
                                                       std::size_t partitions, kwire::properties extra = {}) {
  kwire::properties props{{"bootstrap.servers", kwire::test::bootstrap()}, {"group.id", group},
                          {"client.id", "kwire-admin-test"}, {"enable.auto.commit", "false"},
                          {"auto.offset.reset", "earliest"}};
  for (auto& [k, v] : extra) props[k] = v;
  auto c = std::make_unique<kwire::client::blocking_consumer>(props);
  c->subscribe({topic});
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline && c->assignment().size() < partitions) c->poll(100ms);
  EXPECT_EQ(c->assignment().size(), partitions);
  return c;
}

template <class F>
bool eventually(F ok, std::chrono::milliseconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ok()) return true;
    std::this_thread::sleep_for(200ms);
  }
  return ok();
}

const kwire::group_listing* find(const kwire::group_listings& l, const std::string& id) {
  for (const auto& g : l)
    if (g.group_id == id) return &g;
  return nullptr;
}

TEST(AdminGroups, ClassicGroupListedDescribedAndNotDeletedWhileActive) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-classic", 2);
  const auto group = unique("grp-classic");
  auto c = join(group, topic, 2);

  auto listed = a.list_groups();
  const auto* g = find(listed, group);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->protocol_type, "consumer");
  EXPECT_EQ(g->state, "Stable");
  EXPECT_EQ(g->type, "classic");

  kwire::list_groups_options classic_type;  // ListGroups v5 (Kafka 3.8+): the type filter
  classic_type.types = {"classic"};
  EXPECT_NE(find(a.list_groups(classic_type), group), nullptr);
  kwire::list_groups_options consumer_type;
  consumer_type.types = {"consumer"};
  EXPECT_EQ(find(a.list_groups(consumer_type), group), nullptr);

  kwire::list_groups_options only_empty;
  only_empty.states = {"Empty"};
  EXPECT_EQ(find(a.list_groups(only_empty), group), nullptr);

  // ConsumerGroupDescribe first (Kafka 3.9 has it too, with KIP-848 switched off): not a consumer
  // group, so DescribeGroups.
  auto d = a.describe_groups({group});
  ASSERT_TRUE(d.at(group)) << d.at(group).error.message();
  const auto& desc = d.at(group).value;
  EXPECT_EQ(desc.type, "classic");
  EXPECT_EQ(desc.state, "Stable");
  EXPECT_EQ(desc.protocol_type, "consumer");
  EXPECT_FALSE(desc.assignor.empty());
  ASSERT_EQ(desc.members.size(), 1u);
  const auto& m = desc.members.front();
  EXPECT_EQ(m.client_id, "kwire-admin-test");
  EXPECT_FALSE(m.client_host.empty());
  EXPECT_FALSE(m.member_id.empty());
  EXPECT_EQ(m.assignment, (std::vector<topic_partition>{{topic, 0}, {topic, 1}}));
  EXPECT_EQ(m.subscribed_topics, std::vector<std::string>{topic});

  // Deleting a group with members: NON_EMPTY_GROUP for it, named; an unknown group fails alone.
  const auto missing = unique("grp-missing");
  auto del = a.delete_groups({group, missing});
  ASSERT_FALSE(del.at(group));
  EXPECT_EQ(del.at(group).error.ec, kwire::broker_errc::non_empty_group) << del.at(group).error.message();
  EXPECT_NE(del.at(group).error.detail.find(group), std::string::npos) << del.at(group).error.detail;
  ASSERT_FALSE(del.at(missing));
  EXPECT_EQ(del.at(missing).error.ec, kwire::broker_errc::group_id_not_found) << del.at(missing).error.message();

  // Offsets cannot be altered while the group has members.
  auto alt = a.alter_group_offsets(group, {{{topic, 0}, {.offset = 1}}});
  ASSERT_FALSE(alt.at({topic, 0}));
  EXPECT_NE(alt.at({topic, 0}).error.detail.find("empty"), std::string::npos) << alt.at({topic, 0}).error.detail;

  auto gone = a.describe_groups({missing});
  ASSERT_FALSE(gone.at(missing));
  EXPECT_EQ(gone.at(missing).error.ec, kwire::broker_errc::group_id_not_found) << gone.at(missing).error.message();
  c->close();
}

TEST(AdminGroups, CommittedOffsetsAlterListDeleteLagThenDeleteTheGroup) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-offsets", 2);
  produce(topic, 0, 10);
  produce(topic, 1, 4);
  const auto group = unique("grp-offsets");
  const topic_partition p0{topic, 0}, p1{topic, 1};
  {
    auto c = join(group, topic, 2);
    c->close();
  }
  ASSERT_TRUE(eventually([&] {
    auto d = a.describe_groups({group});
    return d.at(group) && d.at(group).value.state == "Empty";
  }));

  auto alt = a.alter_group_offsets(group, {{p0, {.offset = 3, .metadata = "by admin"}}, {p1, {.offset = 1}}});
  ASSERT_TRUE(alt.at(p0)) << alt.at(p0).error.message();
  ASSERT_TRUE(alt.at(p1)) << alt.at(p1).error.message();

  auto listed = a.list_group_offsets(group);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed.at(p0).offset, 3);
  EXPECT_EQ(listed.at(p0).metadata, "by admin");
  EXPECT_EQ(listed.at(p1).offset, 1);
  kwire::list_group_offsets_options only_p1;
  only_p1.partitions = std::vector<topic_partition>{p1};
  EXPECT_EQ(a.list_group_offsets(group, only_p1).size(), 1u);

  auto lag = a.group_lag(group);
  ASSERT_EQ(lag.rows.size(), 2u);
  EXPECT_EQ(lag.rows[0].lag, 7);
  EXPECT_EQ(lag.rows[1].lag, 3);
  EXPECT_EQ(lag.total, 10);

  auto del = a.delete_group_offsets(group, {p1});
  ASSERT_TRUE(del.at(p1)) << del.at(p1).error.message();
  listed = a.list_group_offsets(group);
  EXPECT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed.count(p0));

  auto gone = a.delete_groups({group});
  ASSERT_TRUE(gone.at(group)) << gone.at(group).error.message();
  auto d = a.describe_groups({group});
  ASSERT_FALSE(d.at(group));
  EXPECT_EQ(d.at(group).error.ec, kwire::broker_errc::group_id_not_found) << d.at(group).error.message();
}

TEST(AdminGroups, DeleteOffsetsOfASubscribedTopicIsRefusedForThatPartition) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-offdel", 1);
  const auto group = unique("grp-offdel");
  auto c = join(group, topic, 1);
  c->commit(kwire::client::offsets_to_commit{{{topic, 0}, {0, -1, ""}}});
  auto del = a.delete_group_offsets(group, {{topic, 0}});
  ASSERT_FALSE(del.at({topic, 0}));
  EXPECT_EQ(del.at({topic, 0}).error.ec, kwire::broker_errc::group_subscribed_to_topic) << del.at({topic, 0}).error.message();
  c->close();
}

TEST(AdminGroups, RemoveStaticMemberByInstanceId) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-remove", 1);
  const auto group = unique("grp-remove");
  const auto instance = unique("instance");
  auto c = join(group, topic, 1, {{"group.instance.id", instance}});
  auto removed = a.remove_members(group, {{.group_instance_id = instance}, {.group_instance_id = "no-such-instance"}});
  ASSERT_TRUE(removed.at(instance)) << removed.at(instance).error.message();
  ASSERT_FALSE(removed.at("no-such-instance"));
  EXPECT_EQ(removed.at("no-such-instance").error.ec, kwire::broker_errc::unknown_member_id)
      << removed.at("no-such-instance").error.message();
}

TEST(AdminGroups, RemoveEveryMember) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-remove-all", 1);
  const auto group = unique("grp-remove-all");
  auto c = join(group, topic, 1);
  const auto members = a.describe_groups({group}).at(group).get().members;
  ASSERT_EQ(members.size(), 1u);
  auto removed = a.remove_members(group, {});
  ASSERT_EQ(removed.size(), 1u);
  ASSERT_TRUE(removed.at(members[0].member_id)) << removed.at(members[0].member_id).error.message();
  // A group that does not exist: the whole call fails, naming it.
  const auto missing = unique("grp-none");
  try {
    a.remove_members(missing, {});
    FAIL() << "removing the members of a group that does not exist";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), kwire::broker_errc::group_id_not_found) << e.what();
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
}

TEST(AdminGroups, AlterOffsetsOfAnUnknownTopicFailsThatPartitionNamed) {
  auto a = make_admin();
  const auto group = unique("grp-unknown-topic");
  const topic_partition tp{unique("grp-no-topic"), 0};
  auto alt = a.alter_group_offsets(group, {{tp, {.offset = 1}}});
  ASSERT_FALSE(alt.at(tp));
  EXPECT_NE(alt.at(tp).error.detail.find(tp.topic), std::string::npos) << alt.at(tp).error.detail;
  EXPECT_EQ(alt.at(tp).error.ec, kwire::broker_errc::unknown_topic_or_partition) << alt.at(tp).error.message();
}

TEST(AdminGroups, ConsumerProtocolGroupDescribedWithItsAssignment) {
  if (!kafka4()) GTEST_SKIP() << "Kafka 3.9 ships KIP-848 groups switched off";
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-848", 2);
  const auto group = unique("grp-848");
  auto c = join(group, topic, 2, {{"group.protocol", "consumer"}});

  kwire::list_groups_options consumer_type;
  consumer_type.types = {"consumer"};
  const auto* g = find(a.list_groups(consumer_type), group);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->type, "consumer");
  kwire::list_groups_options classic_type;
  classic_type.types = {"classic"};
  EXPECT_EQ(find(a.list_groups(classic_type), group), nullptr);

  kwire::described_groups d;
  ASSERT_TRUE(eventually([&] {  // the member's assignment reaches the group a heartbeat later
    d = a.describe_groups({group});
    return d.at(group) && d.at(group).value.members.size() == 1 && d.at(group).value.members[0].assignment.size() == 2;
  })) << d.at(group).error.message();
  const auto& desc = d.at(group).value;
  EXPECT_EQ(desc.type, "consumer");
  EXPECT_EQ(desc.state, "Stable");
  EXPECT_GT(desc.group_epoch, 0);
  const auto& m = desc.members.front();
  EXPECT_EQ(m.client_id, "kwire-admin-test");
  EXPECT_EQ(m.subscribed_topics, std::vector<std::string>{topic});
  EXPECT_EQ(m.assignment, (std::vector<topic_partition>{{topic, 0}, {topic, 1}}));
  EXPECT_GT(m.member_epoch, 0);
  EXPECT_FALSE(desc.authorized_operations.has_value());  // not asked for

  kwire::describe_groups_options with_ops;  // ConsumerGroupDescribe's AuthorizedOperations
  with_ops.include_authorized_operations = true;
  const auto described = a.describe_groups({group}, with_ops).at(group).get();
  EXPECT_EQ(described.type, "consumer");
  EXPECT_EQ(described.authorized_operations, kwire::test::group_operations());
  c->close();
}

// DescribeGroups v3+ AuthorizedOperations, on an empty classic group (made by committing outside
// any generation). Without an authorizer the broker grants every operation a group has (with one,
// see admin_acls_test AuthorizedOperationsAreWhatThePrincipalMayDo).
TEST(AdminGroups, ClassicGroupDescribedWithAuthorizedOperations) {
  auto a = make_admin();
  const auto topic = make_topic(a, "grp-ops", 1);
  const auto group = unique("grp-ops");
  const auto committed = a.alter_group_offsets(group, {{{topic, 0}, {.offset = 0}}});
  ASSERT_TRUE(committed.at({topic, 0})) << committed.at({topic, 0}).error.message();
  kwire::describe_groups_options with_ops;
  with_ops.include_authorized_operations = true;
  const auto d = a.describe_groups({group}, with_ops).at(group).get();
  EXPECT_EQ(d.type, "classic");
  EXPECT_EQ(d.state, "Empty");
  EXPECT_EQ(d.authorized_operations, kwire::test::group_operations());
  EXPECT_FALSE(a.describe_groups({group}).at(group).get().authorized_operations.has_value());
  a.delete_groups({group});
}

}  // namespace
