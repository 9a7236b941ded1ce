// The embedded consumer protocol (ConsumerProtocolSubscription / ConsumerProtocolAssignment),
// against bytes the Java client's ConsumerProtocol wrote. The hex comes from
//   java -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" tests/interop/ConsumerProtocolBytes.java
// (kafka-clients 4.3.1); each case names the line of its output it was pasted from.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <kwire/group/consumer_protocol.hpp>
#include "tests/support/hex.hpp"

using namespace kwire::client::group;
using kwire::client_errc;
using kwire::test::exact;
using kwire::test::hex;
using kwire::test::to_hex;

namespace {

struct subscription_case {
  std::string name;  // the Java output line
  std::int16_t version;
  subscription value;  // what the Java program serialized
  bytes wire;
};

const std::vector<subscription_case>& subscription_cases() {
  static const std::vector<subscription_case> cases = {
      {"subscription v0 [b,a] null user data", 0, {{"b", "a"}, std::nullopt, {}, std::nullopt, std::nullopt},
       hex("00 00 00 00 00 02 00 01 61 00 01 62 ff ff ff ff")},
      {"subscription v1 [t] 010203 owned u-2,t-1,t-0", 1,
       {{"t"}, bytes{1, 2, 3}, {{"u", 2}, {"t", 1}, {"t", 0}}, std::nullopt, std::nullopt},
       hex("00 01 00 00 00 01 00 01 74 00 00 00 03 01 02 03 00 00 00 02 00 01 74 00 00 00 02 00 00 00 00 00 00 00 01"
           " 00 01 75 00 00 00 01 00 00 00 02")},
      {"subscription v2 [t] owned t-0 generation 5", 2, {{"t"}, std::nullopt, {{"t", 0}}, 5, std::nullopt},
       hex("00 02 00 00 00 01 00 01 74 ff ff ff ff 00 00 00 01 00 01 74 00 00 00 01 00 00 00 00 00 00 00 05")},
      {"subscription v3 [t] 00000007 owned t-0 generation 7 rack r1", 3,
       {{"t"}, bytes{0, 0, 0, 7}, {{"t", 0}}, 7, "r1"},
       hex("00 03 00 00 00 01 00 01 74 00 00 00 04 00 00 00 07 00 00 00 01 00 01 74 00 00 00 01 00 00 00 00 00 00 00 07"
           " 00 02 72 31")},
      {"subscription v3 [t] no generation no rack", 3, {{"t"}, std::nullopt, {}, std::nullopt, std::nullopt},
       hex("00 03 00 00 00 01 00 01 74 ff ff ff ff 00 00 00 00 ff ff ff ff ff ff")},
  };
  return cases;
}

struct assignment_case {
  std::string name;
  std::int16_t version;
  std::vector<topic_partition> partitions;
  std::optional<bytes> user_data;
  bytes wire;
};

const std::vector<assignment_case>& assignment_cases() {
  static const std::vector<assignment_case> cases = {
      {"assignment v0 t-0,u-1,t-2 null user data", 0, {{"t", 0}, {"u", 1}, {"t", 2}}, std::nullopt,
       hex("00 00 00 00 00 02 00 01 74 00 00 00 02 00 00 00 00 00 00 00 02 00 01 75 00 00 00 01 00 00 00 01 ff ff ff ff")},
      {"assignment v3 empty ff", 3, {}, bytes{0xff}, hex("00 03 00 00 00 00 00 00 00 01 ff")},
      {"assignment default version", 3, {{"t", 0}, {"u", 1}, {"t", 2}}, std::nullopt,
       hex("00 03 00 00 00 02 00 01 74 00 00 00 02 00 00 00 00 00 00 00 02 00 01 75 00 00 00 01 00 00 00 01 ff ff ff ff")},
  };
  return cases;
}

std::vector<topic_partition> sorted(std::vector<topic_partition> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(consumer_protocol, subscription_bytes_match_java) {
  for (const auto& c : subscription_cases()) {
    SCOPED_TRACE(c.name);
    bytes out;
    ASSERT_TRUE(encode(to_wire(c.value), c.version, out));
    EXPECT_EQ(to_hex(out), to_hex(c.wire));

    consumer_protocol_subscription decoded;
    std::int16_t version = -1;
    const auto in = exact(c.wire, c.wire.size());
    const auto r = decode(in, decoded, &version);
    ASSERT_TRUE(r) << r.detail;
    EXPECT_EQ(version, c.version);
    const auto back = from_wire(decoded);
    auto topics = c.value.topics;
    std::sort(topics.begin(), topics.end());
    EXPECT_EQ(back.topics, topics);
    EXPECT_EQ(back.user_data, c.value.user_data);
    EXPECT_EQ(back.owned_partitions, sorted(c.value.owned_partitions));
    EXPECT_EQ(back.generation_id, c.value.generation_id);
    EXPECT_EQ(back.rack_id, c.value.rack_id);
  }
}

TEST(consumer_protocol, assignment_bytes_match_java) {
  for (const auto& c : assignment_cases()) {
    SCOPED_TRACE(c.name);
    bytes out;
    ASSERT_TRUE(encode(to_wire(c.partitions, c.user_data), c.version, out));
    EXPECT_EQ(to_hex(out), to_hex(c.wire));
    consumer_protocol_assignment decoded;
    const auto in = exact(c.wire, c.wire.size());
    ASSERT_TRUE(decode(in, decoded));
    EXPECT_EQ(sorted(from_wire(decoded)), sorted(c.partitions));
    EXPECT_EQ(decoded.user_data, c.user_data);
  }
}

// Java reads a version it does not know with its newest schema and ignores what follows
// ("v9 with 2 trailing bytes" -> topics [t] owned [t-0] generation 7 rack r1).
TEST(consumer_protocol, newer_version_reads_as_v3) {
  const auto wire = hex(
      "00 09 00 00 00 01 00 01 74 00 00 00 04 00 00 00 07 00 00 00 01 00 01 74 00 00 00 01 00 00 00 00 00 00 00 07"
      " 00 02 72 31 12 34");
  consumer_protocol_subscription decoded;
  std::int16_t version = 0;
  const auto r = decode(exact(wire, wire.size()), decoded, &version);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(version, 9);
  const auto s = from_wire(decoded);
  EXPECT_EQ(s.topics, std::vector<std::string>{"t"});
  EXPECT_EQ(s.owned_partitions, (std::vector<topic_partition>{{"t", 0}}));
  EXPECT_EQ(s.generation_id, 7);
  EXPECT_EQ(s.rack_id, "r1");
  EXPECT_EQ(cooperative_sticky_generation(s.user_data), 7);
}

TEST(consumer_protocol, bad_bytes_fail_with_a_reason) {
  consumer_protocol_subscription s;
  // Every cut of a valid v3 subscription fails.
  const auto& full = subscription_cases()[3].wire;
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const auto part = exact(full, cut);
    const auto r = decode(part, s);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.ec == client_errc::truncated || r.ec == client_errc::length_exceeds_input) << r.detail;
    EXPECT_NE(r.detail.find("ConsumerProtocolSubscription"), std::string::npos) << r.detail;
  }
  // A known version with bytes left over.
  auto longer = subscription_cases()[0].wire;
  longer.push_back(0);
  auto r = decode(longer, s);
  EXPECT_EQ(r.ec, client_errc::extra_bytes);
  EXPECT_EQ(r.detail, "ConsumerProtocolSubscription v0: 1 bytes left over after ConsumerProtocolSubscription");
  // A negative version.
  r = decode(hex("ff fe 00 00 00 00 ff ff ff ff"), s);
  EXPECT_EQ(r.ec, client_errc::invalid_value);
  EXPECT_EQ(r.detail, "ConsumerProtocolSubscription: version -2 is negative");
  // A topic count larger than the input.
  r = decode(hex("00 00 00 00 00 09 00 01 61"), s);
  EXPECT_EQ(r.ec, client_errc::length_exceeds_input);
  EXPECT_NE(r.detail.find("Topics"), std::string::npos) << r.detail;
  // A null topic list (the schema does not allow it).
  consumer_protocol_assignment a;
  r = decode(hex("00 00 ff ff ff ff ff ff ff ff"), a);
  EXPECT_EQ(r.ec, client_errc::unexpected_null);
  EXPECT_NE(r.detail.find("AssignedPartitions"), std::string::npos) << r.detail;
}

TEST(consumer_protocol, encode_refuses_what_the_version_cannot_carry) {
  bytes out;
  subscription s;
  s.topics = {"t"};
  s.owned_partitions = {{"t", 0}};
  s.generation_id = 3;
  s.rack_id = "r";
  // Java drops the fields a version lacks (they are "ignorable"); so does kwire.
  ASSERT_TRUE(encode(to_wire(s), 0, out));
  EXPECT_EQ(to_hex(out), "00 00 00 00 00 01 00 01 74 ff ff ff ff");
  out.clear();
  auto r = encode(to_wire(s), 4, out);
  EXPECT_EQ(r.ec, client_errc::unsupported_version);
  EXPECT_EQ(r.detail, "ConsumerProtocolSubscription v4 is outside the versions kwire implements (0-3)");
  EXPECT_TRUE(out.empty());
  r = encode(to_wire(s), -1, out);
  EXPECT_EQ(r.ec, client_errc::unsupported_version);
  // A topic name longer than an int16 length allows.
  s.topics = {std::string(40000, 'x')};
  r = encode(to_wire(s), 3, out);
  EXPECT_EQ(r.ec, client_errc::value_too_large);
  EXPECT_NE(r.detail.find("Topics[0]"), std::string::npos) << r.detail;
  EXPECT_TRUE(out.empty());
}

// CooperativeStickyAssignor.subscriptionUserData: "ff ff ff ff" before any assignment,
// "00 00 00 07" after generation 7.
TEST(consumer_protocol, cooperative_sticky_user_data) {
  EXPECT_EQ(to_hex(cooperative_sticky_user_data(-1)), "ff ff ff ff");
  EXPECT_EQ(to_hex(cooperative_sticky_user_data(7)), "00 00 00 07");
  EXPECT_EQ(cooperative_sticky_generation(std::nullopt), std::nullopt);
  EXPECT_EQ(cooperative_sticky_generation(bytes{0, 0, 1, 0}), 256);
  EXPECT_EQ(cooperative_sticky_generation(bytes{0, 0, 1, 0, 9}), 256);
  EXPECT_EQ(cooperative_sticky_generation(bytes{0, 1}), -1);
  EXPECT_EQ(cooperative_sticky_generation(bytes{}), -1);
}
