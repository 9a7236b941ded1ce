// The security family's pure parts (no broker): Java's names of the ACL enums both ways, how
// bindings and quota entities are named in errors, and the SCRAM salted password that
// AlterUserScramCredentials sends (checked against Python's hashlib.pbkdf2_hmac).

#include <gtest/gtest.h>

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
