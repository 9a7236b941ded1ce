// The first exchanges with a real broker: ApiVersions in its classic (v0) and flexible (v3+)
// forms and Metadata at every version both sides speak, decoded completely.

#include <gtest/gtest.h>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/versions.hpp>
#include "tests/support/broker_env.hpp"

namespace kwire {
namespace {

using namespace protocol;

class handshake : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = conn_.connect(test::bootstrap(), "kwire-handshake-test");
    ASSERT_TRUE(r) << r.detail;
  }
  net::blocking_node conn_;
};

void expect_sane_table(const api_versions_response& resp) {
  EXPECT_EQ(resp.error_code, 0);
  ASSERT_FALSE(resp.api_keys.empty());
  bool saw_api_versions = false, saw_metadata = false;
  for (const auto& k : resp.api_keys) {
    EXPECT_LE(k.min_version, k.max_version) << "key " << k.api_key;
    saw_api_versions |= k.api_key == static_cast<std::int16_t>(api_key::api_versions);
    saw_metadata |= k.api_key == static_cast<std::int16_t>(api_key::metadata);
  }
  EXPECT_TRUE(saw_api_versions);
  EXPECT_TRUE(saw_metadata);
}

TEST_F(handshake, api_versions_v0_classic) {
  api_versions_response resp;
  const auto r = conn_.request(api_versions_request{}, 0, resp);
  ASSERT_TRUE(r) << r.detail;
  expect_sane_table(resp);
}

TEST_F(handshake, api_versions_every_version_including_flexible) {
  // Up to the newest both sides know: Kafka 3.9 stops at v4, kwire goes to v5 (Kafka 4.4).
  const auto* theirs = broker_range(conn_.broker_versions(), api_key::api_versions);
  ASSERT_NE(theirs, nullptr);
  const auto hi = std::min(info(api_key::api_versions).supported.hi, theirs->max_version);
  for (std::int16_t v = 0; v <= hi; ++v) {
    SCOPED_TRACE("ApiVersions v" + std::to_string(v));
    api_versions_response resp;
    const auto r = conn_.request(api_versions_request{"kwire-test", "0.1.0", {}}, v, resp);
    ASSERT_TRUE(r) << r.detail;
    expect_sane_table(resp);
    if (v >= 3) {
      // Flexible answers carry the feature tags: every KRaft broker finalizes metadata.version.
      bool metadata_version = false;
      for (const auto& f : resp.finalized_features) metadata_version |= f.name == "metadata.version";
      EXPECT_TRUE(metadata_version);
      EXPECT_GE(resp.finalized_features_epoch, 0);
    }
  }
}

TEST_F(handshake, metadata_at_every_shared_version) {
  const auto* theirs = broker_range(conn_.broker_versions(), api_key::metadata);
  ASSERT_NE(theirs, nullptr);
  const auto ours = info(api_key::metadata).supported;
  int exchanged = 0;
  for (std::int16_t v = std::max(ours.lo, theirs->min_version); v <= std::min(ours.hi, theirs->max_version); ++v) {
    SCOPED_TRACE("Metadata v" + std::to_string(v));
    metadata_request req;
    if (v > 0) req.topics.reset();  // null is every topic; v0 says it with an empty list
    req.allow_auto_topic_creation = v < 4;  // v0-3 cannot say false
    metadata_response resp;
    const auto r = conn_.request(req, v, resp);
    ASSERT_TRUE(r) << r.detail;
    ASSERT_FALSE(resp.brokers.empty());
    for (const auto& b : resp.brokers) {
      EXPECT_FALSE(b.host.empty());
      EXPECT_GT(b.port, 0);
    }
    if (v >= 2) {
      EXPECT_TRUE(resp.cluster_id.has_value());
    }
    if (v >= 1) {
      EXPECT_GE(resp.controller_id, 0);
    }
    EXPECT_EQ(resp.error_code, 0);
    ++exchanged;
  }
  EXPECT_GE(exchanged, 10);
}

TEST_F(handshake, metadata_for_a_missing_topic_reports_the_error) {
  metadata_request req;
  req.topics.emplace().push_back({{}, "kwire-no-such-topic-" + std::to_string(::getpid()), {}});
  req.allow_auto_topic_creation = false;
  metadata_response resp;
  const auto r = conn_.request(req, resp);
  ASSERT_TRUE(r) << r.detail;
  ASSERT_EQ(resp.topics.size(), 1u);
  EXPECT_EQ(resp.topics[0].error_code, static_cast<std::int16_t>(broker_errc::unknown_topic_or_partition));
}

}  // namespace
}  // namespace kwire
