// The security family's pure parts (no broker): Java's names of the ACL enums both ways, how
// bindings and quota entities are named in errors, and the SCRAM salted password that
// AlterUserScramCredentials sends (checked against Python's hashlib.pbkdf2_hmac).

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <kwire/admin/security.hpp>
#include <kwire/net/sasl.hpp>
#include "tests/support/hex.hpp"

namespace {

using namespace kwire;

TEST(AdminSecurityNames, JavaNamesBothWays) {
  EXPECT_EQ(to_string(resource_type::transactional_id), "TRANSACTIONAL_ID");
  EXPECT_EQ(to_string(pattern_type::prefixed), "PREFIXED");
  EXPECT_EQ(to_string(acl_operation::cluster_action), "CLUSTER_ACTION");
  EXPECT_EQ(to_string(acl_operation::delete_), "DELETE");
  EXPECT_EQ(to_string(acl_permission::deny), "DENY");
  EXPECT_EQ(to_string(scram_mechanism::sha_256), "SCRAM-SHA-256");
  EXPECT_EQ(to_string(static_cast<acl_operation>(99)), "UNKNOWN");
  // kafka-acls.sh spellings, any case, '_' or '-' or none.
  EXPECT_EQ(parse_acl_operation("ClusterAction"), acl_operation::cluster_action);
  EXPECT_EQ(parse_acl_operation("cluster-action"), acl_operation::cluster_action);
  EXPECT_EQ(parse_acl_operation("IdempotentWrite"), acl_operation::idempotent_write);
  EXPECT_EQ(parse_acl_operation("read"), acl_operation::read);
  EXPECT_EQ(parse_acl_operation("Reed"), std::nullopt);
  EXPECT_EQ(parse_resource_type("transactional-id"), resource_type::transactional_id);
  EXPECT_EQ(parse_pattern_type("Prefixed"), pattern_type::prefixed);
  EXPECT_EQ(parse_acl_permission("Allow"), acl_permission::allow);
  EXPECT_EQ(parse_scram_mechanism("scram-sha-512"), scram_mechanism::sha_512);
  EXPECT_EQ(parse_scram_mechanism("SCRAM-SHA-1"), std::nullopt);
  for (int v = 0; v <= 15; ++v) {
    const auto op = static_cast<acl_operation>(v);
    EXPECT_EQ(parse_acl_operation(to_string(op)), op) << v;
  }
}

// Authorized operations (Metadata, DescribeTopicPartitions, DescribeCluster, DescribeGroups,
// ConsumerGroupDescribe): bit n is AclOperation code n, as Java's Utils.from32BitField reads it.
TEST(AdminSecurityNames, AuthorizedOperationsBitsAreJavasOperationCodes) {
  using ops = std::vector<std::string>;
  // INT32_MIN (0x80000000) is Kafka's "not asked for".
  EXPECT_EQ(decode_authorized_operations(std::numeric_limits<std::int32_t>::min()), std::nullopt);
  EXPECT_EQ(decode_authorized_operations(0), ops{});
  EXPECT_EQ(decode_authorized_operations(1 << 8), ops{"DESCRIBE"});
  // A topic's every operation as an authorizer-less broker reports it: READ(3) WRITE(4)
  // CREATE(5) DELETE(6) ALTER(7) DESCRIBE(8) DESCRIBE_CONFIGS(10) ALTER_CONFIGS(11) = 0x0df8.
  EXPECT_EQ(decode_authorized_operations(0x0df8),
            (ops{"READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"}));
  // Every named code 3..15, in code order.
  EXPECT_EQ(decode_authorized_operations(0xfff8),
            (ops{"READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS",
                 "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "CREATE_TOKENS", "DESCRIBE_TOKENS", "TWO_PHASE_COMMIT"}));
  // UNKNOWN(0), ANY(1) and ALL(2) are filters, never a right: left out, as Java's AdminClient does.
  EXPECT_EQ(decode_authorized_operations(0b111), ops{});
  EXPECT_EQ(decode_authorized_operations(0b111 | (1 << 9)), ops{"CLUSTER_ACTION"});
  // A code this kwire does not know is kept, numbered; bit 31 alone is not INT32_MIN's "absent"
  // when another bit is set.
  EXPECT_EQ(decode_authorized_operations((1 << 3) | (1 << 16)), (ops{"READ", "UNKNOWN(16)"}));
  EXPECT_EQ(decode_authorized_operations(std::numeric_limits<std::int32_t>::min() | (1 << 4)),
            (ops{"WRITE", "UNKNOWN(31)"}));
}

TEST(AdminSecurityNames, BindingsAndEntitiesAreNamed) {
  const acl_binding b{.type = resource_type::topic, .name = "orders", .pattern = pattern_type::prefixed,
                      .principal = "User:alice", .host = "10.0.0.1", .operation = acl_operation::write,
                      .permission = acl_permission::deny};
  EXPECT_EQ(describe(b), "TOPIC:PREFIXED:orders User:alice WRITE DENY from 10.0.0.1");
  EXPECT_EQ(describe(quota_entity{{"user", "alice"}, {"client-id", std::nullopt}}), "client-id=<default>,user=alice");
  EXPECT_EQ(describe(quota_entity{}), "<no entity>");
}

TEST(AdminSecurityNames, SaltedPasswordIsPbkdf2OfTheMechanism) {
  // RFC 7677's example password and salt ("pencil", W22ZaJ0SNY7soEsUEjb6gQ==), 4096 rounds.
  const auto salt = test::hex("5b6d99689d12358eeca04b141236fa81");
  EXPECT_EQ(net::scram_salted_password(net::scram_hash::sha256, "pencil", salt, 4096),
            test::hex("c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d"));
  EXPECT_EQ(net::scram_salted_password(net::scram_hash::sha512, "pencil", salt, 4096),
            test::hex("f16efe1be67f1d09502ebd5ed9262fddffba5a377ab4f0b687e5ed5ba0f50686"
                      "b8a4ae166476da8ab3b951d2fa9238b63998f45461bc33a464814949cec9631d"));
  const auto a = net::secure_random_bytes(32), b = net::secure_random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
