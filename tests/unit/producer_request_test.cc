// The producer's pure halves of a Produce round trip: request assembly from drained batches and
// the classification of each partition's answer.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <kwire/producer/produce_request.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/produce.hpp>

namespace kwire::client {
namespace {

protocol::uuid id_of(std::uint8_t n) {
  protocol::uuid u;
  u.bytes[15] = n;
  return u;
}

const protocol::bytes batch_a = {1, 2, 3};
const protocol::bytes batch_b = {4, 5};
const protocol::bytes batch_c = {6};

std::vector<batch_input> three_batches() {
  return {
      {"orders", id_of(1), 0, batch_a},
      {"audit", id_of(2), 3, batch_b},
      {"orders", id_of(1), 2, batch_c},
  };
}

TEST(ProduceRequest, GroupsBatchesByTopicInFirstSeenOrder) {
  const auto batches = three_batches();
  const auto req = make_produce_request(batches, -1, 30000);
  EXPECT_FALSE(req.transactional_id.has_value());
  EXPECT_EQ(req.acks, -1);
  EXPECT_EQ(req.timeout_ms, 30000);
  ASSERT_EQ(req.topic_data.size(), 2u);
  EXPECT_EQ(req.topic_data[0].name, "orders");
  EXPECT_EQ(req.topic_data[0].topic_id, id_of(1));
  ASSERT_EQ(req.topic_data[0].partition_data.size(), 2u);
  EXPECT_EQ(req.topic_data[0].partition_data[0].index, 0);
  EXPECT_EQ(req.topic_data[0].partition_data[0].records->data, batch_a);
  EXPECT_EQ(req.topic_data[0].partition_data[1].index, 2);
  EXPECT_EQ(req.topic_data[0].partition_data[1].records->data, batch_c);
  EXPECT_EQ(req.topic_data[1].name, "audit");
  ASSERT_EQ(req.topic_data[1].partition_data.size(), 1u);
  EXPECT_EQ(req.topic_data[1].partition_data[0].index, 3);
  EXPECT_EQ(req.topic_data[1].partition_data[0].records->data, batch_b);
}

// Both name and id are filled; the version on the wire carries the one it knows (v13 the id,
// older versions the name), so one request serves whichever version the connection picks.
TEST(ProduceRequest, NameBeforeV13IdFromV13) {
  const auto batches = three_batches();
  const auto req = make_produce_request(batches, 1, 5000);
  for (std::int16_t v : {3, 9, 12, 13}) {
    SCOPED_TRACE(v);
    protocol::bytes wire;
    ASSERT_TRUE(protocol::encode(req, v, wire));
    protocol::produce_request back;
    ASSERT_TRUE(protocol::decode(wire, v, back));
    ASSERT_EQ(back.topic_data.size(), 2u);
    if (v >= 13) {
      EXPECT_EQ(back.topic_data[0].name, "");
      EXPECT_EQ(back.topic_data[0].topic_id, id_of(1));
    } else {
      EXPECT_EQ(back.topic_data[0].name, "orders");
      EXPECT_TRUE(back.topic_data[0].topic_id.is_zero());
    }
    EXPECT_EQ(back.topic_data[1].partition_data[0].records->data, batch_b);
  }
}

protocol::produce_response::partition_produce_response answer(std::int32_t index, broker_errc e,
                                                              std::int64_t base = -1) {
  protocol::produce_response::partition_produce_response p;
  p.index = index;
  p.error_code = static_cast<std::int16_t>(e);
  p.base_offset = base;
  return p;
}

protocol::produce_response response_by_name() {
  protocol::produce_response r;
  auto& orders = r.responses.emplace_back();
  orders.name = "orders";
  orders.partition_responses.push_back(answer(2, broker_errc::not_leader_or_follower));
  orders.partition_responses.push_back(answer(0, broker_errc::none, 100));
  orders.partition_responses.back().log_append_time_ms = 1700000000000;
  auto& audit = r.responses.emplace_back();
  audit.name = "audit";
  audit.partition_responses.push_back(answer(3, broker_errc::topic_authorization_failed));
  audit.partition_responses.back().error_message = "denied by policy";
  return r;
}

TEST(ProduceResponse, MatchesAnswersToBatchesByName) {
  const auto batches = three_batches();
  const auto out = classify_produce_response(response_by_name(), batches, false);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].action, batch_action::done);
  EXPECT_EQ(out[0].base_offset, 100);
  EXPECT_EQ(out[0].log_append_time, 1700000000000);
  EXPECT_FALSE(out[0].ec);
  EXPECT_EQ(out[1].action, batch_action::fail);
  EXPECT_EQ(out[1].ec, broker_errc::topic_authorization_failed);
  EXPECT_NE(out[1].detail.find("audit-3"), std::string::npos) << out[1].detail;
  EXPECT_NE(out[1].detail.find("TOPIC_AUTHORIZATION_FAILED"), std::string::npos) << out[1].detail;
  EXPECT_NE(out[1].detail.find("denied by policy"), std::string::npos) << out[1].detail;
  EXPECT_EQ(out[2].action, batch_action::retry);
  EXPECT_EQ(out[2].ec, broker_errc::not_leader_or_follower);
}

TEST(ProduceResponse, MatchesAnswersToBatchesById) {
  const auto batches = three_batches();
  auto r = response_by_name();
  r.responses[0].name.clear();
  r.responses[0].topic_id = id_of(1);
  r.responses[1].name.clear();
  r.responses[1].topic_id = id_of(2);
  const auto out = classify_produce_response(r, batches, false);
  EXPECT_EQ(out[0].action, batch_action::done);
  EXPECT_EQ(out[1].action, batch_action::fail);
  EXPECT_EQ(out[2].action, batch_action::retry);
}

TEST(ProduceResponse, MissingAnswerFailsClearly) {
  const auto batches = three_batches();
  auto r = response_by_name();
  r.responses.pop_back();  // nothing for audit-3
  const auto out = classify_produce_response(r, batches, false);
  EXPECT_EQ(out[1].action, batch_action::fail);
  EXPECT_EQ(out[1].ec, client_errc::invalid_value);
  EXPECT_NE(out[1].detail.find("no answer for audit-3"), std::string::npos) << out[1].detail;
}

TEST(ProduceResponse, WrongTopicIdIsNotAnAnswer) {
  std::vector<batch_input> batches = {{"orders", id_of(1), 0, batch_a}};
  protocol::produce_response r;
  auto& t = r.responses.emplace_back();
  t.topic_id = id_of(9);
  t.partition_responses.push_back(answer(0, broker_errc::none, 5));
  const auto out = classify_produce_response(r, batches, false);
  EXPECT_EQ(out[0].action, batch_action::fail);
}

struct partition_case {
  const char* name;
  broker_errc error;
  bool idempotent;
  batch_action expected;
};

class PartitionErrors : public testing::TestWithParam<partition_case> {};

TEST_P(PartitionErrors, Classify) {
  const auto& c = GetParam();
  const auto out = classify_partition(answer(1, c.error, 42), "t", c.idempotent);
  EXPECT_EQ(out.action, c.expected) << c.name;
  if (c.expected == batch_action::done) {
    EXPECT_FALSE(out.ec);
    EXPECT_EQ(out.base_offset, 42);
  } else {
    EXPECT_EQ(out.ec, c.error);
    EXPECT_NE(out.detail.find("t-1"), std::string::npos) << out.detail;
    EXPECT_NE(out.detail.find(std::string(error_name(c.error))), std::string::npos) << out.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PartitionErrors,
    testing::Values(partition_case{"none", broker_errc::none, false, batch_action::done},
                    partition_case{"not_leader", broker_errc::not_leader_or_follower, true, batch_action::retry},
                    partition_case{"unknown_topic", broker_errc::unknown_topic_or_partition, false, batch_action::retry},
                    partition_case{"timeout", broker_errc::request_timed_out, false, batch_action::retry},
                    partition_case{"isr", broker_errc::not_enough_replicas, false, batch_action::retry},
                    partition_case{"too_large", broker_errc::message_too_large, false, batch_action::fail},
                    partition_case{"list_too_large", broker_errc::record_list_too_large, false, batch_action::fail},
                    partition_case{"invalid_record", broker_errc::invalid_record, false, batch_action::fail},
                    partition_case{"corrupt", broker_errc::corrupt_message, false, batch_action::retry},
                    partition_case{"topic_auth", broker_errc::topic_authorization_failed, false, batch_action::fail},
                    partition_case{"dup_idem", broker_errc::duplicate_sequence_number, true, batch_action::done},
                    partition_case{"dup_plain", broker_errc::duplicate_sequence_number, false, batch_action::fail},
                    partition_case{"ooo_idem", broker_errc::out_of_order_sequence_number, true,
                                   batch_action::reset_producer},
                    partition_case{"ooo_plain", broker_errc::out_of_order_sequence_number, false, batch_action::fail},
                    partition_case{"unknown_pid", broker_errc::unknown_producer_id, true, batch_action::reset_producer},
                    partition_case{"fenced_epoch", broker_errc::invalid_producer_epoch, true, batch_action::fail},
                    partition_case{"fenced", broker_errc::producer_fenced, true, batch_action::fail}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ProduceResponse, RecordErrorsAndUnknownCodesInDetail) {
  auto p = answer(0, broker_errc::invalid_record);
  p.record_errors.push_back({});
  p.record_errors.back().batch_index = 4;
  p.record_errors.back().batch_index_error_message = "timestamp out of range";
  auto out = classify_partition(p, "t", false);
  EXPECT_NE(out.detail.find("record 4: timestamp out of range"), std::string::npos) << out.detail;

  p = answer(0, static_cast<broker_errc>(9999));
  out = classify_partition(p, "t", false);
  EXPECT_EQ(out.action, batch_action::fail);
  EXPECT_NE(out.detail.find("9999"), std::string::npos) << out.detail;
}

TEST(TransportErrors, RetriableOnlyWhenAnotherAttemptCanHelp) {
  EXPECT_TRUE(retriable_transport_error(client_errc::timed_out));
  EXPECT_TRUE(retriable_transport_error(client_errc::connection_closed));
  EXPECT_TRUE(retriable_transport_error(std::make_error_code(std::errc::connection_reset)));
  EXPECT_TRUE(retriable_transport_error(broker_errc::not_leader_or_follower));
  // net::cluster's answer for a node gone from the metadata (a killed leader): tests/faults found
  // records failed with it while the partition had a new leader.
  EXPECT_TRUE(retriable_transport_error(broker_errc::broker_not_available));
  EXPECT_FALSE(retriable_transport_error(client_errc::no_compatible_version));
  EXPECT_FALSE(retriable_transport_error(client_errc::truncated));
  EXPECT_FALSE(retriable_transport_error(broker_errc::topic_authorization_failed));
}

}  // namespace
}  // namespace kwire::client
