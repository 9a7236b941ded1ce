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

// Authorized operations with ACLs on: a principal granted only DESCRIBE on a topic and on a group
// is told exactly {DESCRIBE} for each, and nothing on the cluster; the super user (ANONYMOUS on
// PLAINTEXT) is told every operation the resource type supports.
TEST(AdminAcls, AuthorizedOperationsAreWhatThePrincipalMayDo) {
  if (!authorizer_on()) GTEST_SKIP() << "needs `tools/broker start --authorizer` (KWIRE_AUTHORIZER=1)";
  using ops = std::vector<std::string>;
  auto a = make_admin();
  const auto user = unique("ops-user");
  const auto principal = "User:" + user;
  const auto topic = unique("ops-topic"), hidden = unique("ops-hidden"), group = unique("ops-group");
  a.alter_user_scram_credentials({{.user = user, .password = "pw", .iterations = 4096}}, {}).at(user).get();
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1},
                   {.name = hidden, .partitions = 1, .replication_factor = 1}});
  // An empty classic group, made by committing an offset outside any generation.
  const auto committed = a.alter_group_offsets(group, {{{topic, 0}, {.offset = 0}}});
  ASSERT_TRUE(committed.at({topic, 0})) << committed.at({topic, 0}).error.message();
  a.create_acls({{.type = kwire::resource_type::topic, .name = topic, .principal = principal,
                  .operation = kwire::acl_operation::describe},
                 {.type = kwire::resource_type::group, .name = group, .principal = principal,
                  .operation = kwire::acl_operation::describe}})
      .at(0)
      .get();

  kwire::describe_topics_options topic_ops;
  topic_ops.include_authorized_operations = true;
  kwire::describe_cluster_options cluster_ops;
  cluster_ops.include_authorized_operations = true;
  kwire::describe_groups_options group_ops;
  group_ops.include_authorized_operations = true;

  // The super user: everything each resource type has.
  const auto super_topic = a.describe_topics({topic}, topic_ops).at(topic).get();
  EXPECT_EQ(super_topic.authorized_operations,
            (ops{"READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"}));
  EXPECT_EQ(a.describe_cluster(cluster_ops).authorized_operations,
            (ops{"CREATE", "ALTER", "DESCRIBE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE"}));
  const auto super_group = a.describe_groups({group}, group_ops).at(group).get();
  EXPECT_EQ(super_group.authorized_operations, kwire::test::group_operations());

  // The principal (SCRAM over SASL_PLAINTEXT), once its credential and ACLs reached the broker.
  std::optional<kwire::topic_descriptions> seen;
  for (int i = 0; i < 40; ++i) {
    try {
      kwire::blocking_admin as_user(kwire::test::scram_login("SCRAM-SHA-512", user, "pw"));
      auto d = as_user.describe_topics({topic, hidden}, topic_ops);
      if (d.at(topic)) {
        seen = std::move(d);
        EXPECT_EQ(as_user.describe_cluster(cluster_ops).authorized_operations, ops{});
        const auto g = as_user.describe_groups({group}, group_ops);
        ASSERT_TRUE(g.at(group)) << g.at(group).error.message();
        EXPECT_EQ(g.at(group).value.type, "classic");
        EXPECT_EQ(g.at(group).value.authorized_operations, ops{"DESCRIBE"});
        EXPECT_FALSE(as_user.describe_groups({group}).at(group).get().authorized_operations.has_value());
        break;
      }
    } catch (const kwire::error&) {  // the credential has not reached the broker yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(seen.has_value()) << "the principal never saw " << topic;
  EXPECT_EQ(seen->at(topic).value.authorized_operations, ops{"DESCRIBE"});
  // A topic it may not describe is that topic's error, named.
  ASSERT_FALSE(seen->at(hidden));
  EXPECT_EQ(seen->at(hidden).error.ec, kwire::broker_errc::topic_authorization_failed) << seen->at(hidden).error.message();

  a.delete_acls({{.principal = principal}});
  a.delete_topics({topic, hidden});
  a.alter_user_scram_credentials({}, {{.user = user}});
}

}  // namespace
