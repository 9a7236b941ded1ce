#include <kwire/protocol/broker_errc.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

namespace kwire {
namespace {

// Highest code in kafka-clients 4.4.0. Bump it (and add the enumerators and table rows) when a
// newer Kafka appends codes; the dense-range test below then checks nothing was skipped.
constexpr std::int16_t highest_code = 136;

struct known_case {
  broker_errc errc;
  std::int16_t code;
  std::string_view name;
  bool retriable;
};

// Pinned against Kafka's Errors enum; the retriable flags include ones that are easy to get wrong
// (CORRUPT_MESSAGE is retriable, REBALANCE_IN_PROGRESS is not).
constexpr known_case known_cases[] = {
    {broker_errc::unknown_server_error, -1, "UNKNOWN_SERVER_ERROR", false},
    {broker_errc::none, 0, "NONE", false},
    {broker_errc::corrupt_message, 2, "CORRUPT_MESSAGE", true},
    {broker_errc::unknown_topic_or_partition, 3, "UNKNOWN_TOPIC_OR_PARTITION", true},
    {broker_errc::not_leader_or_follower, 6, "NOT_LEADER_OR_FOLLOWER", true},
    {broker_errc::rebalance_in_progress, 27, "REBALANCE_IN_PROGRESS", false},
    {broker_errc::topic_authorization_failed, 29, "TOPIC_AUTHORIZATION_FAILED", false},
    {broker_errc::fenced_instance_id, 82, "FENCED_INSTANCE_ID", false},
    {broker_errc::unknown_topic_id, 100, "UNKNOWN_TOPIC_ID", true},
    {broker_errc::transaction_abortable, 120, "TRANSACTION_ABORTABLE", false},
    {broker_errc::share_session_limit_reached, 133, "SHARE_SESSION_LIMIT_REACHED", true},
    {broker_errc::group_deletion_failed, 134, "GROUP_DELETION_FAILED", false},
    {broker_errc::streams_topology_description_update_failed, 135, "STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED", false},
    {broker_errc::controller_id_not_registered, highest_code, "CONTROLLER_ID_NOT_REGISTERED", false},
};

TEST(BrokerErrc, KnownCodesHaveKafkasNamesAndFlags) {
  for (const known_case& c : known_cases) {
    SCOPED_TRACE(std::string(c.name));
    EXPECT_EQ(static_cast<std::int16_t>(c.errc), c.code);
    EXPECT_TRUE(is_known(c.code));
    EXPECT_EQ(error_name(c.errc), c.name);
    EXPECT_EQ(is_retriable(c.errc), c.retriable);
    EXPECT_FALSE(error_description(c.errc).empty());
  }
}

TEST(BrokerErrc, TableCoversEveryCodeFromMinusOneToHighestWithoutGaps) {
  std::set<std::string_view> names;
  for (int code = -1; code <= highest_code; ++code) {
    SCOPED_TRACE(code);
    const auto e = static_cast<broker_errc>(code);
    EXPECT_TRUE(is_known(static_cast<std::int16_t>(code)));
    EXPECT_FALSE(error_name(e).empty());
    EXPECT_FALSE(error_description(e).empty());
    EXPECT_TRUE(names.insert(error_name(e)).second) << "duplicate name " << error_name(e);
    for (char ch : error_name(e)) {
      EXPECT_TRUE((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')
          << error_name(e) << " is not UPPER_SNAKE";
    }
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(highest_code) + 2);
}

TEST(BrokerErrc, ValuesOutsideTheTableAreUnknown) {
  constexpr std::int16_t outside[] = {-2, highest_code + 1, std::numeric_limits<std::int16_t>::min(),
                                      std::numeric_limits<std::int16_t>::max()};
  for (std::int16_t code : outside) {
    SCOPED_TRACE(code);
    const auto e = static_cast<broker_errc>(code);
    EXPECT_FALSE(is_known(code));
    EXPECT_EQ(error_name(e), "");
    EXPECT_EQ(error_description(e), "");
    EXPECT_FALSE(is_retriable(e));
  }
}

TEST(BrokerErrc, ConvertsToErrorCodeInTheKafkaCategory) {
  const std::error_code ec = broker_errc::not_leader_or_follower;
  EXPECT_EQ(ec.category(), broker_category());
  EXPECT_STREQ(ec.category().name(), "kafka");
  EXPECT_EQ(ec.value(), 6);
  EXPECT_EQ(ec, broker_errc::not_leader_or_follower);
  EXPECT_NE(ec, broker_errc::leader_not_available);
  EXPECT_EQ(ec, make_error_code(broker_errc::not_leader_or_follower));
  // Kafka's NONE is 0, which std::error_code treats as "no error".
  EXPECT_FALSE(std::error_code(broker_errc::none));
  EXPECT_TRUE(std::error_code(broker_errc::unknown_server_error));
}

TEST(BrokerErrc, MessageNamesTheCodeAndDescribesIt) {
  const std::error_code ec = broker_errc::topic_authorization_failed;
  const std::string expected = "TOPIC_AUTHORIZATION_FAILED: " +
                               std::string(error_description(broker_errc::topic_authorization_failed));
  EXPECT_EQ(ec.message(), expected);
  EXPECT_EQ(broker_category().message(-1).rfind("UNKNOWN_SERVER_ERROR: ", 0), 0u);
}

TEST(BrokerErrc, MessageForUnknownValueSaysSo) {
  EXPECT_EQ(broker_category().message(9999), "unknown Kafka error code 9999");
  EXPECT_EQ(broker_category().message(-2), "unknown Kafka error code -2");
  EXPECT_EQ(broker_category().message(highest_code + 1),
            "unknown Kafka error code " + std::to_string(highest_code + 1));
  EXPECT_EQ(make_error_code(static_cast<broker_errc>(1000)).message(), "unknown Kafka error code 1000");
}

}  // namespace
}  // namespace kwire
