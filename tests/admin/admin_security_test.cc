// The admin client's security calls against the real broker (issue #16): SCRAM users (made
// here, then used by kwire's own client over SASL_PLAINTEXT) and client quotas. ACLs are in
// admin_acls_test (they need a broker with an authorizer).

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/admin/security_cli_support.hpp"

namespace {

using namespace std::chrono_literals;
using kwire::test::try_login;
using kwire::test::unique;

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

// The broker learns of a credential through its metadata log: a moment after the controller
// accepted it.
std::optional<kwire::error> login_within(const std::string& mechanism, const std::string& user,
                                         const std::string& password, bool want_ok) {
  std::optional<kwire::error> last;
  for (int i = 0; i < 20; ++i) {
    last = try_login(mechanism, user, password);
    if (last.has_value() != want_ok) return last;
    std::this_thread::sleep_for(250ms);
  }
  return last;
}

// Alterations go through the controller; describe_* asks a broker, which learns of them from
// its metadata log a moment later: ask again until `pred` holds (5 s at most).
template <class Ask, class Pred>
auto settled(Ask ask, Pred pred) {
  auto got = ask();
  for (int i = 0; i < 25 && !pred(got); ++i) {
    std::this_thread::sleep_for(200ms);
    got = ask();
  }
  return got;
}

TEST(AdminScram, UserMadeHereLogsInWithKwiresOwnClientThenIsDeleted) {
  auto a = make_admin();
  const auto user = unique("scram-user");
  auto made = a.alter_user_scram_credentials(
      {{.user = user, .password = "pw-512", .mechanism = kwire::scram_mechanism::sha_512, .iterations = 4096},
       {.user = user, .password = "pw-256", .mechanism = kwire::scram_mechanism::sha_256, .iterations = 8192}},
      {});
  ASSERT_EQ(made.size(), 1u);
  ASSERT_TRUE(made.at(user)) << made.at(user).error.message();

  auto described = settled([&] { return a.describe_user_scram_credentials({user}); },
                           [&](const auto& d) { return d.at(user).value.size() == 2; });
  ASSERT_TRUE(described.at(user)) << described.at(user).error.message();
  auto infos = described.at(user).value;
  ASSERT_EQ(infos.size(), 2u);
  std::sort(infos.begin(), infos.end(), [](auto& x, auto& y) { return x.mechanism < y.mechanism; });
  EXPECT_EQ(infos[0].mechanism, kwire::scram_mechanism::sha_256);
  EXPECT_EQ(infos[0].iterations, 8192);
  EXPECT_EQ(infos[1].mechanism, kwire::scram_mechanism::sha_512);
  EXPECT_EQ(infos[1].iterations, 4096);
  EXPECT_TRUE(a.describe_user_scram_credentials().count(user));  // every user

  // The broker checks the proof against the salted password computed here.
  auto ok512 = login_within("SCRAM-SHA-512", user, "pw-512", true);
  EXPECT_FALSE(ok512) << ok512->what();
  auto ok256 = login_within("SCRAM-SHA-256", user, "pw-256", true);
  EXPECT_FALSE(ok256) << ok256->what();
  auto wrong = try_login("SCRAM-SHA-512", user, "pw-256");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->code(), kwire::broker_errc::sasl_authentication_failed) << wrong->what();

  auto gone = a.alter_user_scram_credentials({}, {{.user = user, .mechanism = kwire::scram_mechanism::sha_512}});
  ASSERT_TRUE(gone.at(user)) << gone.at(user).error.message();
  auto refused = login_within("SCRAM-SHA-512", user, "pw-512", false);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), kwire::broker_errc::sasl_authentication_failed) << refused->what();
  // SHA-256 is still there.
  auto still = settled([&] { return a.describe_user_scram_credentials({user}); },
                       [&](const auto& d) { return d.at(user).value.size() == 1; });
  ASSERT_EQ(still.at(user).value.size(), 1u);
  EXPECT_EQ(still.at(user).value[0].mechanism, kwire::scram_mechanism::sha_256);
  a.alter_user_scram_credentials({}, {{.user = user, .mechanism = kwire::scram_mechanism::sha_256}}).at(user).get();
}

TEST(AdminScram, EachUserHasItsOwnOutcome) {
  auto a = make_admin();
  const auto user = unique("scram-ok");
  const auto missing = unique("scram-missing");
  auto out = a.alter_user_scram_credentials(
      {{.user = user, .password = "pw", .iterations = 4096},
       {.user = "", .password = "pw"},                                   // the broker refuses an empty name
       {.user = unique("scram-few"), .password = "pw", .iterations = 10}},  // below Kafka's 4096
      {{.user = missing, .mechanism = kwire::scram_mechanism::sha_256}});   // nothing to delete
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(out.at(user)) << out.at(user).error.message();
  EXPECT_EQ(out.at("").error.ec, kwire::broker_errc::unacceptable_credential) << out.at("").error.message();
  EXPECT_EQ(out.at(missing).error.ec, kwire::broker_errc::resource_not_found) << out.at(missing).error.message();
  EXPECT_NE(out.at(missing).error.detail.find(missing), std::string::npos) << out.at(missing).error.detail;
  for (const auto& [name, r] : out) {
    if (name.starts_with("scram-few")) {
      EXPECT_EQ(r.error.ec, kwire::broker_errc::unacceptable_credential) << r.error.message();
    }
  }

  auto described = settled([&] { return a.describe_user_scram_credentials({user, missing}); },
                           [&](const auto& d) { return bool(d.at(user)); });
  EXPECT_TRUE(described.at(user));
  EXPECT_EQ(described.at(missing).error.ec, kwire::broker_errc::resource_not_found);
  a.alter_user_scram_credentials({}, {{.user = user}}).at(user).get();
}

TEST(AdminQuotas, SetDescribeAndRemove) {
  auto a = make_admin();
  const auto user = unique("quota-user");
  const auto client = unique("quota-client");
  const kwire::quota_entity u{{"user", user}};
  const kwire::quota_entity uc{{"user", user}, {"client-id", client}};
  auto set = a.alter_client_quotas({{.entity = u, .ops = {{"producer_byte_rate", 1024}, {"consumer_byte_rate", 2048}}},
                                    {.entity = uc, .ops = {{"request_percentage", 50}}}});
  ASSERT_TRUE(set.at(u)) << set.at(u).error.message();
  ASSERT_TRUE(set.at(uc)) << set.at(uc).error.message();

  // The user alone (strict: not its user+client entity)...
  kwire::quota_filter just_user{{{.entity_type = "user", .name = user}}, true};
  kwire::quota_filter any_of_user{{{.entity_type = "user", .name = user}}, false};
  const auto size_is = [](std::size_t n) { return [n](const kwire::client_quotas& q) { return q.size() == n; }; };
  settled([&] { return a.describe_client_quotas(any_of_user); }, size_is(2));
  auto got = a.describe_client_quotas(just_user);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.at(u).at("producer_byte_rate"), 1024);
  EXPECT_EQ(got.at(u).at("consumer_byte_rate"), 2048);
  // ...and both, not strict.
  got = a.describe_client_quotas(any_of_user);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got.at(uc).at("request_percentage"), 50);

  // validate_only changes nothing; a bad key is named per entity.
  kwire::alter_client_quotas_options check;
  check.validate_only = true;
  auto dry = a.alter_client_quotas({{.entity = u, .ops = {{"producer_byte_rate", 1}}}}, check);
  ASSERT_TRUE(dry.at(u)) << dry.at(u).error.message();
  // The metadata log is in order: once a later real change shows, the dry run would show too.
  a.alter_client_quotas({{.entity = u, .ops = {{"request_percentage", 10}}}}).at(u).get();
  got = settled([&] { return a.describe_client_quotas(just_user); },
                [&](const auto& q) { return q.count(u) && q.at(u).count("request_percentage"); });
  EXPECT_EQ(got.at(u).at("producer_byte_rate"), 1024);
  auto bad = a.alter_client_quotas({{.entity = u, .ops = {{"no_such_quota", 1}}}});
  EXPECT_EQ(bad.at(u).error.ec, kwire::broker_errc::invalid_request) << bad.at(u).error.message();

  // Removing one key keeps the other; removing all drops the entity.
  a.alter_client_quotas({{.entity = u, .ops = {{"producer_byte_rate", std::nullopt}}}}).at(u).get();
  got = settled([&] { return a.describe_client_quotas(just_user); },
                [&](const auto& q) { return q.count(u) && !q.at(u).count("producer_byte_rate"); });
  ASSERT_TRUE(got.count(u));
  EXPECT_FALSE(got.at(u).count("producer_byte_rate"));
  EXPECT_EQ(got.at(u).at("consumer_byte_rate"), 2048);
  a.alter_client_quotas({{.entity = u, .ops = {{"consumer_byte_rate", std::nullopt}, {"request_percentage", std::nullopt}}},
                         {.entity = uc, .ops = {{"request_percentage", std::nullopt}}}});
  EXPECT_TRUE(settled([&] { return a.describe_client_quotas(any_of_user); }, size_is(0)).empty());
}

TEST(AdminQuotas, DefaultEntityAndAnEntityNamedTwice) {
  auto a = make_admin();
  const auto client = unique("quota-default");
  const kwire::quota_entity def{{"client-id", std::nullopt}};  // every client id's default
  a.alter_client_quotas({{.entity = def, .ops = {{"producer_byte_rate", 4096000}}}}).at(def).get();
  kwire::quota_filter defaults{{{.entity_type = "client-id",
                                 .match = kwire::quota_filter_component::match_kind::default_entity}}, true};
  auto got = settled([&] { return a.describe_client_quotas(defaults); },
                     [&](const auto& q) { return q.count(def) > 0; });
  ASSERT_TRUE(got.count(def));
  EXPECT_EQ(got.at(def).at("producer_byte_rate"), 4096000);
  a.alter_client_quotas({{.entity = def, .ops = {{"producer_byte_rate", std::nullopt}}}}).at(def).get();

  const kwire::quota_entity c{{"client-id", client}};
  auto twice = a.alter_client_quotas({{.entity = c, .ops = {{"producer_byte_rate", 1}}},
                                      {.entity = c, .ops = {{"producer_byte_rate", 2}}}});
  EXPECT_EQ(twice.at(c).error.ec, kwire::broker_errc::invalid_request);
  EXPECT_TRUE(a.describe_client_quotas({{{.entity_type = "client-id", .name = client}}, true}).empty());
}

}  // namespace
