// client/consumer/validation: KIP-320's check of a position after a leader change (sans-I/O),
// and the reset report's text.

#include <kwire/consumer/validation.hpp>

#include <gtest/gtest.h>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>

namespace kwire::client {
namespace {

using response = protocol::offset_for_leader_epoch_response;
const topic_partition a0{"a", 0}, a1{"a", 1}, b0{"b", 0};

net::metadata_view metadata() {
  net::metadata_view md;
  for (const char* name : {"a", "b"}) {
    net::topic_info t;
    t.name = name;
    for (int p = 0; p < 3; ++p) {
      net::partition_info pi;
      pi.partition = p;
      pi.leader = p == 2 ? -1 : 10 + p;  // x-2 has no leader
      pi.leader_epoch = 7;
      t.partitions.push_back(pi);
    }
    md.topics[name] = t;
  }
  return md;
}

TEST(Validation, OneRequestPerLeaderAsksThePositionsEpochFencedByTheCurrentOne) {
  std::vector<topic_partition> no_leader;
  const std::map<topic_partition, epoch_check> checks{
      {a0, {20, 3, 7}}, {b0, {5, 4, 7}}, {a1, {9, 6, 7}}, {{"a", 2}, {1, 1, 7}}};
  auto plan = plan_epoch_checks(metadata(), checks, no_leader);
  ASSERT_EQ(plan.size(), 2u);
  const auto& r10 = plan.at(10);
  EXPECT_EQ(r10.replica_id, -2);  // a consumer
  ASSERT_EQ(r10.topics.size(), 2u);
  EXPECT_EQ(r10.topics[0].topic, "a");
  EXPECT_EQ(r10.topics[0].partitions, (std::vector<protocol::offset_for_leader_epoch_request::offset_for_leader_partition>{
                                          {0, 7, 3, {}}}));
  EXPECT_EQ(r10.topics[1].topic, "b");
  EXPECT_EQ(r10.topics[1].partitions[0].leader_epoch, 4);
  EXPECT_EQ(plan.at(11).topics[0].partitions[0].leader_epoch, 6);
  EXPECT_EQ(no_leader, (std::vector<topic_partition>{{"a", 2}}));
  // The request as it goes out at every version the codec has.
  for (std::int16_t v = 0; v <= 4; ++v) {
    protocol::bytes out;
    const auto r = protocol::encode(r10, v, out);
    EXPECT_TRUE(r) << "v" << v << ": " << r.detail;
  }
}

// The answer, as bytes a broker would send (v4, flexible), read back into verdicts.
std::map<topic_partition, epoch_verdict> judge(const std::map<topic_partition, epoch_check>& asked,
                                               std::vector<response::epoch_end_offset> a_parts) {
  response resp;
  resp.topics.push_back({"a", std::move(a_parts), {}});
  protocol::bytes out;
  EXPECT_TRUE(protocol::encode(resp, 4, out));
  response back;
  EXPECT_TRUE(protocol::decode(protocol::byte_view(out), 4, back));
  return read_epoch_checks(back, asked);
}

TEST(Validation, AnEndOffsetBelowThePositionIsATruncationAtTheDivergencePoint) {
  const std::map<topic_partition, epoch_check> asked{{a0, {20, 0, 2}}};
  auto v = judge(asked, {{0, 0, 0, 10, {}}});
  ASSERT_EQ(v.at(a0).kind, epoch_verdict::truncated);
  EXPECT_EQ(v.at(a0).end_offset, 10);
  EXPECT_EQ(v.at(a0).end_epoch, 0);
  const auto text = truncation_error(a0, asked.at(a0), v.at(a0));
  EXPECT_NE(text.find("partition a-0"), std::string::npos) << text;
  EXPECT_NE(text.find("position 20 (leader epoch 0)"), std::string::npos) << text;
  EXPECT_NE(text.find("end offset 10"), std::string::npos) << text;
  EXPECT_NE(text.find("auto.offset.reset is none"), std::string::npos) << text;
}

TEST(Validation, AnEndOffsetAtOrPastThePositionIsValid) {
  // The epoch ends exactly at the position (the consumer read all of it) or later.
  auto v = judge({{a0, {20, 0, 2}}, {a1, {20, 0, 2}}}, {{0, 0, 0, 20, {}}, {0, 1, 1, 35, {}}});
  EXPECT_EQ(v.at(a0).kind, epoch_verdict::valid);
  EXPECT_EQ(v.at(a1).kind, epoch_verdict::valid);
}

TEST(Validation, NoEndOffsetForTheEpochFollowsTheResetPolicy) {
  // -1/-1: the leader has no such epoch (its log starts later, or the epoch is newer than its own).
  auto v = judge({{a0, {20, 5, 6}}, {a1, {20, 5, 6}}}, {{0, 0, -1, -1, {}}, {0, 1, 3, -1, {}}});
  EXPECT_EQ(v.at(a0).kind, epoch_verdict::epoch_unknown);
  EXPECT_EQ(v.at(a1).kind, epoch_verdict::epoch_unknown);
  const auto text = truncation_error(a0, {20, 5, 6}, v.at(a0));
  EXPECT_NE(text.find("no end offset"), std::string::npos) << text;
}

TEST(Validation, FencingAndLeaderErrorsAreRetriedOthersFail) {
  const epoch_check c{20, 0, 2};
  auto v = judge({{a0, c}, {a1, c}, {{"a", 2}, c}},
                 {{static_cast<std::int16_t>(broker_errc::fenced_leader_epoch), 0, -1, -1, {}},
                  {static_cast<std::int16_t>(broker_errc::not_leader_or_follower), 1, -1, -1, {}},
                  {static_cast<std::int16_t>(broker_errc::topic_authorization_failed), 2, -1, -1, {}}});
  EXPECT_EQ(v.at(a0).kind, epoch_verdict::retry);
  EXPECT_EQ(v.at(a0).ec, make_error_code(broker_errc::fenced_leader_epoch));
  EXPECT_EQ(v.at(a1).kind, epoch_verdict::retry);
  const auto& denied = v.at({"a", 2});
  EXPECT_EQ(denied.kind, epoch_verdict::failed);
  EXPECT_NE(denied.detail.find("a-2"), std::string::npos) << denied.detail;
}

TEST(Validation, APartitionTheAnswerLeavesOutIsAFailureNamingIt) {
  auto v = judge({{a0, {20, 0, 2}}, {b0, {20, 0, 2}}}, {{0, 0, 0, 30, {}}, {0, 9, 0, 1, {}}});
  EXPECT_EQ(v.size(), 2u);  // a-9 was not asked: not ours
  EXPECT_EQ(v.at(a0).kind, epoch_verdict::valid);
  EXPECT_EQ(v.at(b0).kind, epoch_verdict::failed);
  EXPECT_EQ(v.at(b0).ec, make_error_code(client_errc::invalid_value));
  EXPECT_NE(v.at(b0).detail.find("b-0"), std::string::npos);
}

TEST(ResetReport, OutOfRangeNamesTheOffsetTheLogsRangeAndThePolicy) {
  offset_reset_event e;
  e.partition = {"T", 0};
  e.reason = reset_reason::out_of_range;
  e.from = 999999999;
  e.to = 0;
  e.policy = "earliest";
  e.log_start = 0;
  e.log_end = 10;
  EXPECT_EQ(describe(e), "partition T-0: offset 999999999 out of range (log 0..10), reset to earliest offset 0 (auto.offset.reset)");
  e.log_start = e.log_end = -1;  // the range could not be looked up
  EXPECT_EQ(describe(e), "partition T-0: offset 999999999 out of range, reset to earliest offset 0 (auto.offset.reset)");
}

TEST(ResetReport, TruncationNamesThePositionItsEpochAndTheLeadersEnd) {
  offset_reset_event e;
  e.partition = {"T", 1};
  e.reason = reset_reason::truncation;
  e.from = 20;
  e.from_epoch = 0;
  e.leader_end_offset = 10;
  e.to = 10;
  e.policy = "divergence";
  EXPECT_EQ(describe(e),
            "partition T-1: log truncated (KIP-320): position 20 (leader epoch 0) is past the leader's end offset 10 for "
            "that epoch; resuming at 10, where the logs diverge");
  e.reason = reset_reason::epoch_unknown;
  e.to = 3;
  e.policy = "latest";
  EXPECT_EQ(describe(e),
            "partition T-1: log truncated (KIP-320): the leader knows no end offset for the epoch of offset 20 (leader "
            "epoch 0), reset to latest offset 3 (auto.offset.reset)");
}

}  // namespace
}  // namespace kwire::client
