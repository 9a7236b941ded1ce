// client/offsets: the sans-I/O halves of ListOffsets, OffsetFetch and OffsetCommit.

#include <kwire/consumer/offsets.hpp>

#include <gtest/gtest.h>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>

namespace kwire::client {
namespace {

const topic_partition a0{"a", 0}, a1{"a", 1};

net::metadata_view metadata() {
  net::metadata_view md;
  net::topic_info a;
  a.name = "a";
  a.id.bytes[15] = 1;
  for (int p = 0; p < 3; ++p) {
    net::partition_info pi;
    pi.partition = p;
    pi.leader = p == 2 ? -1 : p + 10;  // a-2 has no leader
    pi.leader_epoch = 5;
    a.partitions.push_back(pi);
  }
  md.topics["a"] = a;
  return md;
}

TEST(Offsets, ListOffsetsGoesToEachLeaderAndKeepsTheLeaderless) {
  std::vector<topic_partition> no_leader;
  auto plan = plan_list_offsets(metadata(), {{{"a", 0}, earliest_timestamp}, {{"a", 1}, 1234}, {{"a", 2}, -1},
                                             {{"missing", 0}, -1}},
                                isolation::read_committed, no_leader);
  ASSERT_EQ(plan.size(), 2u);
  const auto& r10 = plan.at(10);
  EXPECT_EQ(r10.replica_id, -1);
  EXPECT_EQ(r10.isolation_level, 1);
  ASSERT_EQ(r10.topics.size(), 1u);
  EXPECT_EQ(r10.topics[0].partitions[0].timestamp, earliest_timestamp);
  EXPECT_EQ(r10.topics[0].partitions[0].current_leader_epoch, 5);
  EXPECT_EQ(plan.at(11).topics[0].partitions[0].timestamp, 1234);
  EXPECT_EQ(no_leader, (std::vector<topic_partition>{{"a", 2}, {"missing", 0}}));
}

TEST(Offsets, ListOffsetsAnswersCarryTheirOwnErrors) {
  protocol::list_offsets_response resp;
  resp.topics.push_back({"a", {{0, 0, {}, 100, 42, 5, {}}, {1, 6 /* NOT_LEADER_OR_FOLLOWER */, {}, -1, -1, -1, {}}}, {}});
  offset_lookups out;
  read_list_offsets(resp, out);
  EXPECT_EQ(out[a0].offset, 42);
  EXPECT_FALSE(out[a0].ec);
  EXPECT_EQ(out[a1].ec, make_error_code(broker_errc::not_leader_or_follower));
  EXPECT_NE(out[a1].detail.find("a-1"), std::string::npos);
}

TEST(Offsets, OffsetFetchNewFormFailsToEncodeForOldBrokersSoTheOldFormIsSent) {
  const std::vector<topic_partition> parts{{"a", 0}, {"a", 1}};
  auto fresh = make_offset_fetch("g", parts, metadata(), true);
  protocol::bytes out;
  EXPECT_TRUE(protocol::encode(fresh, 8, out));
  out.clear();
  EXPECT_TRUE(protocol::encode(fresh, 10, out));  // v10 names the topic by id: set from metadata
  ASSERT_EQ(fresh.groups.size(), 1u);
  EXPECT_EQ(fresh.groups[0].topics->at(0).topic_id.bytes[15], 1);
  out.clear();
  EXPECT_EQ(protocol::encode(fresh, 7, out).ec, make_error_code(client_errc::field_not_in_version));
  auto old = make_offset_fetch("g", parts, metadata(), false);
  out.clear();
  EXPECT_TRUE(protocol::encode(old, 7, out));
  EXPECT_EQ(old.topics->at(0).partition_indexes, (std::vector<std::int32_t>{0, 1}));
  // Every partition of the group: null topics in both forms.
  EXPECT_FALSE(make_offset_fetch("g", std::nullopt, metadata(), true).groups[0].topics.has_value());
  EXPECT_FALSE(make_offset_fetch("g", std::nullopt, metadata(), false).topics.has_value());
}

TEST(Offsets, OffsetFetchAnswersByIdByNameAndErrors) {
  protocol::offset_fetch_response resp;
  protocol::offset_fetch_response::offset_fetch_response_group g;
  g.group_id = "g";
  protocol::offset_fetch_response::offset_fetch_response_topics t;
  t.topic_id.bytes[15] = 1;  // v10: by id only
  t.partitions.push_back({0, 17, 3, std::string("meta"), 0, {}});
  t.partitions.push_back({1, -1, -1, std::string(""), 0, {}});
  g.topics.push_back(t);
  resp.groups.push_back(g);
  committed_offsets out;
  ASSERT_TRUE(read_offset_fetch(resp, metadata(), out));
  EXPECT_EQ(out[a0].offset, 17);
  EXPECT_EQ(out[a0].metadata.value_or(""), "meta");
  EXPECT_EQ(out[a1].offset, -1);

  auto unknown = resp;
  unknown.groups[0].topics[0].topic_id.bytes[15] = 9;
  auto r = read_offset_fetch(unknown, metadata(), out);
  EXPECT_EQ(r.ec, make_error_code(client_errc::invalid_value));

  auto group_error = resp;
  group_error.groups[0].error_code = static_cast<std::int16_t>(broker_errc::group_authorization_failed);
  r = read_offset_fetch(group_error, metadata(), out);
  EXPECT_EQ(r.ec, make_error_code(broker_errc::group_authorization_failed));
  EXPECT_NE(r.detail.find("GROUP_AUTHORIZATION_FAILED"), std::string::npos) << r.detail;

  auto partition_error = resp;
  partition_error.groups[0].topics[0].partitions[1].error_code = static_cast<std::int16_t>(broker_errc::unstable_offset_commit);
  r = read_offset_fetch(partition_error, metadata(), out);
  EXPECT_EQ(r.ec, make_error_code(broker_errc::unstable_offset_commit));
  EXPECT_NE(r.detail.find("a-1"), std::string::npos) << r.detail;
}

TEST(Offsets, OffsetCommitCarriesNamesIdsAndMetadata) {
  commit_identity who{"g", 4, "member-1", std::nullopt};
  auto req = make_offset_commit(who, {{{"a", 0}, {10, 5, "m"}}, {{"a", 1}, {20, -1, ""}}}, metadata());
  EXPECT_EQ(req.generation_id_or_member_epoch, 4);
  ASSERT_EQ(req.topics.size(), 1u);
  EXPECT_EQ(req.topics[0].name, "a");
  EXPECT_EQ(req.topics[0].topic_id.bytes[15], 1);
  EXPECT_EQ(req.topics[0].partitions[0].committed_metadata.value_or("?"), "m");
  for (std::int16_t v : {2, 6, 9, 10}) {
    protocol::bytes out;
    EXPECT_TRUE(protocol::encode(req, v, out)) << "v" << v;
  }
  protocol::offset_commit_response resp;
  resp.topics.push_back({"a", {}, {{0, 0, {}}, {1, static_cast<std::int16_t>(broker_errc::illegal_generation), {}}}, {}});
  auto r = read_offset_commit(resp, metadata());
  EXPECT_EQ(r.ec, make_error_code(broker_errc::illegal_generation));
  EXPECT_NE(r.detail.find("a-1"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace kwire::client
