// The admin client's ACL calls against the real broker (issue #16). With ACLs on (`tools/broker
// start --authorizer`, KWIRE_AUTHORIZER=1) a SCRAM user made here is refused a topic, then
// allowed once create_acls grants it, then refused again after delete_acls. Without an
// authorizer the broker answers SECURITY_DISABLED, and that is what is checked.

#include <gtest/gtest.h>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/admin/security_cli_support.hpp"

namespace {

using kwire::test::unique;

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }
bool authorizer_on() { return kwire::test::env_or_empty("KWIRE_AUTHORIZER") == "1"; }

kwire::error_info produce_until(const std::string& user, const std::string& password, const std::string& topic,
                                bool want_ok) {
  return kwire::test::until(want_ok, [&] { return kwire::test::produce_as(user, password, topic); });
}

TEST(AdminAcls, WithoutAnAuthorizerTheBrokerSaysSecurityDisabled) {
  if (authorizer_on()) GTEST_SKIP() << "this broker has an authorizer; the test below covers it";
  auto a = make_admin();
  kwire::acl_binding b{.type = kwire::resource_type::topic, .name = unique("acl-off"), .principal = "User:alice",
                       .operation = kwire::acl_operation::read};
  auto made = a.create_acls({b});
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].error.ec, kwire::broker_errc::security_disabled) << made[0].error.message();
  try {
    a.describe_acls();
    FAIL() << "describe_acls succeeded without an authorizer";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), kwire::broker_errc::security_disabled) << e.what();
  }
}

TEST(AdminAcls, APrincipalIsRefusedThenAllowedByCreateAclsThenRefusedAfterDelete) {
  if (!authorizer_on()) GTEST_SKIP() << "needs `tools/broker start --authorizer` (KWIRE_AUTHORIZER=1)";
  auto a = make_admin();
  const auto user = unique("acl-user");
  const auto topic = unique("acl-topic");
  const auto principal = "User:" + user;
  a.alter_user_scram_credentials({{.user = user, .password = "pw", .iterations = 4096}}, {}).at(user).get();
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();

  auto refused = produce_until(user, "pw", topic, false);
  EXPECT_EQ(refused.ec, kwire::broker_errc::topic_authorization_failed) << refused.message();

  const kwire::acl_binding write{.type = kwire::resource_type::topic, .name = topic, .principal = principal,
                                 .operation = kwire::acl_operation::write};
  const kwire::acl_binding describe{.type = kwire::resource_type::topic, .name = topic, .principal = principal,
                                    .operation = kwire::acl_operation::describe};
  auto made = a.create_acls({write, describe,
                             {.type = kwire::resource_type::topic, .name = topic, .principal = "alice-without-type",
                              .operation = kwire::acl_operation::read},
                             {.type = kwire::resource_type::any, .name = topic, .principal = principal}});
  ASSERT_EQ(made.size(), 4u);
  EXPECT_TRUE(made[0]) << made[0].error.message();
  EXPECT_TRUE(made[1]) << made[1].error.message();
  EXPECT_EQ(made[2].error.ec, kwire::broker_errc::invalid_request) << made[2].error.message();  // the broker's word
  EXPECT_EQ(made[3].error.ec, kwire::broker_errc::invalid_request) << made[3].error.message();  // refused here
  EXPECT_NE(made[3].error.detail.find("ANY"), std::string::npos) << made[3].error.detail;

  auto allowed = produce_until(user, "pw", topic, true);
  EXPECT_FALSE(allowed.failed()) << allowed.message();

  // describe: by principal, and by resource name with pattern MATCH.
  kwire::acl_filter mine{.principal = principal};
  auto listed = a.describe_acls(mine);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_TRUE(std::find(listed.begin(), listed.end(), write) != listed.end());
  EXPECT_TRUE(std::find(listed.begin(), listed.end(), describe) != listed.end());
  kwire::acl_filter on_topic{.type = kwire::resource_type::topic, .name = topic, .pattern = kwire::pattern_type::match};
  EXPECT_EQ(a.describe_acls(on_topic).size(), 2u);

  // delete: the WRITE binding, and a filter that matches nothing.
  auto gone = a.delete_acls({{.type = kwire::resource_type::topic, .name = topic, .pattern = kwire::pattern_type::literal,
                              .principal = principal, .operation = kwire::acl_operation::write},
                             {.principal = "User:" + unique("nobody")}});
  ASSERT_EQ(gone.size(), 2u);
  ASSERT_TRUE(gone[0]) << gone[0].error.message();
  ASSERT_EQ(gone[0].value.deleted.size(), 1u);
  EXPECT_EQ(gone[0].value.deleted[0].value, write);
  ASSERT_TRUE(gone[1]) << gone[1].error.message();
  EXPECT_TRUE(gone[1].value.deleted.empty());
  EXPECT_EQ(a.describe_acls(mine).size(), 1u);

  auto refused_again = produce_until(user, "pw", topic, false);
  EXPECT_EQ(refused_again.ec, kwire::broker_errc::topic_authorization_failed) << refused_again.message();

  a.delete_acls({mine});
  a.alter_user_scram_credentials({}, {{.user = user}});
}

TEST(AdminAcls, PrefixedBindingCoversEveryTopicWithThePrefix) {
  if (!authorizer_on()) GTEST_SKIP() << "needs `tools/broker start --authorizer` (KWIRE_AUTHORIZER=1)";
  auto a = make_admin();
  const auto prefix = unique("acl-prefix") + ".";
  const auto principal = "User:" + unique("acl-prefixed");
  const kwire::acl_binding b{.type = kwire::resource_type::topic, .name = prefix, .pattern = kwire::pattern_type::prefixed,
                             .principal = principal, .operation = kwire::acl_operation::read,
                             .permission = kwire::acl_permission::deny};
  a.create_acls({b}).at(0).get();
  kwire::acl_filter match{.type = kwire::resource_type::topic, .name = prefix + "orders",
                          .pattern = kwire::pattern_type::match};
  auto found = a.describe_acls(match);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], b);
  kwire::acl_filter literal{.type = kwire::resource_type::topic, .name = prefix + "orders",
                            .pattern = kwire::pattern_type::literal};
  EXPECT_TRUE(a.describe_acls(literal).empty());
  auto gone = a.delete_acls({{.principal = principal}});
  ASSERT_EQ(gone.at(0).get().deleted.size(), 1u);
}

}  // namespace
