// `kwire users`, `kwire acls` and `kwire quotas` against the real broker (issue #16): a user
// made with the CLI logs in with kwire's own client; an ACL added with the CLI lets a user
// produce (with ACLs on: `tools/broker start --authorizer`; without, the CLI reports
// SECURITY_DISABLED); quotas set and removed.

#include <gtest/gtest.h>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/admin/security_cli_support.hpp"

namespace {

using kwire::test::kwire_cli;
using kwire::test::unique;

bool authorizer_on() { return kwire::test::env_or_empty("KWIRE_AUTHORIZER") == "1"; }

// try_login as an error_info (clear when the login worked), for test::until.
kwire::error_info login(const std::string& mechanism, const std::string& user, const std::string& password) {
  auto e = kwire::test::try_login(mechanism, user, password);
  return e ? e->info() : kwire::error_info{};
}

TEST(SecurityCli, UserAddedWithTheCliLogsInWithKwireThenIsRemoved) {
  const auto user = unique("cli-user");
  auto added = kwire_cli({"users", "add", user, "--mechanism", "SCRAM-SHA-256", "--iterations", "4096", "--password-stdin"},
                         "cli-secret\n");
  ASSERT_EQ(added.status, 0) << added.out << added.err;
  auto in = kwire::test::until(true, [&] { return login("SCRAM-SHA-256", user, "cli-secret"); });
  EXPECT_FALSE(in.failed()) << in.message();
  auto wrong = login("SCRAM-SHA-256", user, "not-the-secret");
  EXPECT_EQ(wrong.ec, kwire::broker_errc::sasl_authentication_failed) << wrong.message();

  auto listed = kwire_cli({"users", "list", user, "--json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("{\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":4096}"), std::string::npos) << listed.out;

  auto removed = kwire_cli({"users", "remove", user});
  ASSERT_EQ(removed.status, 0) << removed.out << removed.err;
  auto out = kwire::test::until(false, [&] { return login("SCRAM-SHA-256", user, "cli-secret"); });
  EXPECT_EQ(out.ec, kwire::broker_errc::sasl_authentication_failed) << out.message();
  auto gone = kwire_cli({"users", "list", user});
  EXPECT_EQ(gone.status, 1);
  EXPECT_NE(gone.out.find("RESOURCE_NOT_FOUND"), std::string::npos) << gone.out;
}

TEST(SecurityCli, BadUseIsExplained) {
  auto no_password = kwire_cli({"users", "add", "someone"});
  EXPECT_EQ(no_password.status, 2);
  EXPECT_NE(no_password.err.find("--password"), std::string::npos) << no_password.err;
  auto typo = kwire_cli({"users", "lsit"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find("did you mean 'list'"), std::string::npos) << typo.err;
  auto bad_op = kwire_cli({"acls", "add", "--allow-principal", "User:x", "--operation", "Reed", "--topic", "t"});
  EXPECT_EQ(bad_op.status, 2);
  EXPECT_NE(bad_op.err.find("unknown operation 'Reed'"), std::string::npos) << bad_op.err;
  auto no_entity = kwire_cli({"quotas", "alter", "--add-config", "producer_byte_rate=1"});
  EXPECT_EQ(no_entity.status, 2);
  for (const char* cmd : {"users", "acls", "quotas"}) {
    auto help = kwire_cli({cmd, "--help"});
    EXPECT_EQ(help.status, 0) << cmd;
    EXPECT_NE(help.out.find("usage: kwire"), std::string::npos) << help.out;
  }
}

TEST(SecurityCli, AclAddedWithTheCliLetsAUserProduce) {
  const auto topic = unique("cli-acl");
  const auto user = unique("cli-acl-user");
  const auto principal = "User:" + user;
  if (!authorizer_on()) {
    auto refused = kwire_cli({"acls", "add", "--allow-principal", principal, "--operation", "Write", "--topic", topic});
    EXPECT_EQ(refused.status, 1) << refused.out;
    EXPECT_NE(refused.out.find("SECURITY_DISABLED"), std::string::npos) << refused.out;
    return;
  }
  kwire::blocking_admin a({{"bootstrap.servers", kwire::test::bootstrap()}});
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();
  ASSERT_EQ(kwire_cli({"users", "add", user, "--password", "pw"}).status, 0);
  auto refused = kwire::test::until(false, [&] { return kwire::test::produce_as(user, "pw", topic); });
  EXPECT_EQ(refused.ec, kwire::broker_errc::topic_authorization_failed) << refused.message();

  auto added = kwire_cli({"acls", "add", "--allow-principal", principal, "--operation", "Write", "--operation",
                          "Describe", "--topic", topic});
  ASSERT_EQ(added.status, 0) << added.out << added.err;
  auto allowed = kwire::test::until(true, [&] { return kwire::test::produce_as(user, "pw", topic); });
  EXPECT_FALSE(allowed.failed()) << allowed.message();

  auto listed = kwire_cli({"acls", "list", "--principal", principal, "--json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"operation\":\"WRITE\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"operation\":\"DESCRIBE\""), std::string::npos) << listed.out;

  auto removed = kwire_cli({"acls", "remove", "--allow-principal", principal, "--topic", topic});
  ASSERT_EQ(removed.status, 0) << removed.out << removed.err;
  EXPECT_NE(removed.out.find("removed"), std::string::npos) << removed.out;
  auto after = kwire_cli({"acls", "list", "--principal", principal, "--json"});
  EXPECT_EQ(after.out, "{\"acls\":[]}\n");
  kwire_cli({"users", "remove", user});
}

TEST(SecurityCli, QuotasAlterDescribeRemove) {
  const auto user = unique("cli-quota");
  auto set = kwire_cli({"quotas", "alter", "--entity-type", "users", "--entity-name", user, "--add-config",
                        "producer_byte_rate=1024,consumer_byte_rate=2048"});
  ASSERT_EQ(set.status, 0) << set.err;
  const std::vector<std::string> describe = {"quotas", "describe", "--entity-type", "users", "--entity-name", user, "--json"};
  auto shown = kwire_cli(describe);
  for (int i = 0; i < 20 && shown.out.find("1024") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    shown = kwire_cli(describe);
  }
  EXPECT_EQ(shown.out, "{\"entries\":[{\"entity\":{\"user\":\"" + user +
                           "\"},\"quotas\":{\"consumer_byte_rate\":2048,\"producer_byte_rate\":1024}}]}\n");
  auto bad = kwire_cli({"quotas", "alter", "--entity-type", "users", "--entity-name", user, "--add-config", "nope=1"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("nope"), std::string::npos) << bad.err;
  auto removed = kwire_cli({"quotas", "alter", "--entity-type", "users", "--entity-name", user, "--delete-config",
                            "producer_byte_rate,consumer_byte_rate"});
  ASSERT_EQ(removed.status, 0) << removed.err;
  shown = kwire_cli(describe);
  for (int i = 0; i < 20 && shown.out.find("1024") != std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    shown = kwire_cli(describe);
  }
  EXPECT_EQ(shown.out, "{\"entries\":[]}\n");
}

}  // namespace
