// The admin client's settings: its own key, the common ones, and what it refuses by name.

#include <gtest/gtest.h>

#include <kwire/config/admin_config.hpp>

namespace {

using namespace std::chrono_literals;

TEST(AdminConfig, DefaultsAreTheJavaAdminClients) {
  kwire::admin_config cfg;
  ASSERT_TRUE(kwire::parse_admin_config({{"bootstrap.servers", "h:1"}}, cfg));
  EXPECT_EQ(cfg.default_api_timeout, 60000ms);
  EXPECT_EQ(cfg.cluster.connection.request_timeout, 30000ms);
  EXPECT_EQ(cfg.cluster.bootstrap_servers, "h:1");
}

TEST(AdminConfig, ProducerAndConsumerKeysAreNamedAsSuch) {
  kwire::admin_config cfg;
  auto r = kwire::parse_admin_config({{"bootstrap.servers", "h:1"}, {"linger.ms", "5"}}, cfg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.key, "linger.ms");
  EXPECT_NE(r.detail.find("producer"), std::string::npos) << r.detail;
  r = kwire::parse_admin_config({{"bootstrap.servers", "h:1"}, {"group.id", "g"}}, cfg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.key, "group.id");
}

TEST(AdminConfig, ApiTimeoutBelowRequestTimeoutIsAnErrorOnlyWhenSet) {
  kwire::admin_config cfg;
  auto r = kwire::parse_admin_config(
      {{"bootstrap.servers", "h:1"}, {"default.api.timeout.ms", "1000"}, {"request.timeout.ms", "5000"}}, cfg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.key, "default.api.timeout.ms");
  // Left at its default, it is raised to request.timeout.ms.
  ASSERT_TRUE(kwire::parse_admin_config({{"bootstrap.servers", "h:1"}, {"request.timeout.ms", "90000"}}, cfg));
  EXPECT_EQ(cfg.default_api_timeout, 90000ms);
}

}  // namespace
