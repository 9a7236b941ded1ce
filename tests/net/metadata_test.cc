// The sans-I/O cluster model, fed with Metadata responses that went through the real codec
// (encoded at a version, then decoded from an exact-size buffer) at the versions Kafka 3.9 and
// 4.x both speak, plus one response written out byte by byte.

#include <gtest/gtest.h>

#include <kwire/net/metadata.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/message.hpp>
#include "tests/support/hex.hpp"

namespace {

using namespace kwire;
using net::cluster_metadata;
using std::chrono::milliseconds;
using clock_type = cluster_metadata::clock;
using resp_t = protocol::metadata_response;

// Kafka 4.x dropped Metadata v0-3; 3.9 stops at v12; v13 is 4.x only. v7 adds leader epochs,
// v9 is the first flexible version (and the first whose epochs are trusted), v10 adds topic ids.
constexpr std::int16_t versions[] = {4, 5, 7, 8, 9, 10, 12, 13};

resp_t::broker broker(std::int32_t id, std::string host, std::int32_t port) {
  resp_t::broker b;
  b.node_id = id;
  b.host = std::move(host);
  b.port = port;
  return b;
}

resp_t::partition part(std::int32_t index, std::int32_t leader, std::int32_t epoch, std::vector<std::int32_t> replicas) {
  resp_t::partition p;
  p.partition_index = index;
  p.leader_id = leader;
  p.leader_epoch = epoch;
  p.replica_nodes = replicas;
  p.isr_nodes = replicas;
  return p;
}

resp_t::topic topic(std::string name, std::vector<resp_t::partition> parts, std::uint8_t id = 0) {
  resp_t::topic t;
  t.name = std::move(name);
  t.partitions = std::move(parts);
  t.topic_id.bytes[15] = id;
  return t;
}

// Drops what `version` cannot carry, so the encoder accepts the value.
resp_t fit(resp_t r, std::int16_t version) {
  for (auto& t : r.topics) {
    if (version < 10) t.topic_id = {};
    for (auto& p : t.partitions) {
      if (version < 7) p.leader_epoch = -1;
      if (version < 5) p.offline_replicas.clear();
    }
  }
  if (version < 13) r.error_code = 0;
  return r;
}

// Encodes at `version` and decodes from an exact-size copy: what the cluster would receive.
resp_t wire(const resp_t& in, std::int16_t version) {
  protocol::bytes body;
  auto e = protocol::encode(fit(in, version), version, body);
  EXPECT_TRUE(e) << e.detail;
  const std::vector<std::uint8_t> exact(body.begin(), body.end());
  resp_t out;
  auto d = protocol::decode(protocol::byte_view(exact), version, out);
  EXPECT_TRUE(d) << d.detail;
  return out;
}

resp_t three_brokers() {
  resp_t r;
  r.brokers = {broker(1, "127.0.0.1", 9092), broker(2, "127.0.0.1", 9093), broker(3, "127.0.0.1", 9094)};
  r.brokers[1].rack = "rack-b";
  r.cluster_id = "c1";
  r.controller_id = 2;
  r.topics = {topic("orders", {part(1, 2, 5, {2, 3, 1}), part(0, 1, 3, {1, 2, 3})}, 7),
              topic("audit", {part(0, 3, 0, {3})}, 8)};
  r.topics[0].partitions[0].offline_replicas = {1};
  return r;
}

const auto t0 = clock_type::time_point{} + std::chrono::hours(1);

TEST(metadata, applies_a_response_at_every_shared_version) {
  for (auto v : versions) {
    SCOPED_TRACE("Metadata v" + std::to_string(v));
    cluster_metadata m(milliseconds(300000), milliseconds(100));
    EXPECT_FALSE(m.has_metadata());
    auto changes = m.apply(wire(three_brokers(), v), v, {}, t0);
    EXPECT_FALSE(changes.error);
    EXPECT_TRUE(m.has_metadata());
    const auto& view = m.view();
    EXPECT_EQ(view.cluster_id, "c1");
    EXPECT_EQ(view.controller_id, 2);
    ASSERT_EQ(view.brokers.size(), 3u);
    EXPECT_EQ(view.broker(2)->port, 9093);
    EXPECT_EQ(view.broker(2)->rack, "rack-b");
    EXPECT_EQ(changes.brokers_added, (std::vector<std::int32_t>{1, 2, 3}));
    ASSERT_NE(view.topic("orders"), nullptr);
    const auto& orders = *view.topic("orders");
    ASSERT_EQ(orders.partitions.size(), 2u);
    EXPECT_EQ(orders.partitions[0].partition, 0);  // sorted, whatever the wire order
    EXPECT_EQ(orders.partitions[1].leader, 2);
    EXPECT_EQ(orders.partitions[1].replicas, (std::vector<std::int32_t>{2, 3, 1}));
    EXPECT_EQ(orders.partitions[1].leader_epoch, v >= 7 ? 5 : -1);
    EXPECT_EQ(orders.partitions[1].offline, v >= 5 ? std::vector<std::int32_t>{1} : std::vector<std::int32_t>{});
    EXPECT_EQ(orders.id.bytes[15], v >= 10 ? 7 : 0);
    EXPECT_EQ(changes.leaders_changed.size(), 3u);

    auto r = m.leader_for("orders", 1);
    ASSERT_TRUE(r.ok()) << r.detail;
    EXPECT_EQ(r.node_id, 2);
    EXPECT_EQ(r.leader_epoch, v >= 7 ? 5 : -1);
    EXPECT_EQ(m.leader_for("audit", 0).node_id, 3);
  }
}

// Metadata v4, written out by hand from the protocol guide's grammar.
TEST(metadata, decodes_and_applies_handwritten_v4_bytes) {
  const auto bytes = test::hex(
      "00000000"                                  // throttle_time_ms
      "00000001 00000001 0009 3132372e302e302e31"  // brokers: [1 at "127.0.0.1"
      "00002384 ffff"                             //   :9092, rack null]
      "0003 616263 00000001"                      // cluster_id "abc", controller 1
      "00000001 0000 0001 74 00"                  // topics: [error 0, "t", not internal,
      "00000001 0000 00000000 00000001"           //   partitions: [error 0, index 0, leader 1,
      "00000001 00000001 00000001 00000001");     //     replicas [1], isr [1]]]
  resp_t resp;
  auto d = protocol::decode(protocol::byte_view(bytes), 4, resp);
  ASSERT_TRUE(d) << d.detail;
  cluster_metadata m(milliseconds(1000), milliseconds(100));
  m.apply(resp, 4, {}, t0);
  EXPECT_EQ(m.view().broker(1)->host, "127.0.0.1");
  EXPECT_EQ(m.view().broker(1)->port, 9092);
  EXPECT_EQ(m.view().cluster_id, "abc");
  EXPECT_EQ(m.leader_for("t", 0).node_id, 1);
  EXPECT_EQ(m.leader_for("t", 0).leader_epoch, -1);
}

TEST(metadata, reports_broker_address_changes) {
  for (auto v : versions) {
    SCOPED_TRACE("Metadata v" + std::to_string(v));
    cluster_metadata m(milliseconds(300000), milliseconds(100));
    m.apply(wire(three_brokers(), v), v, {}, t0);
    auto next = three_brokers();
    next.brokers[0].port = 19092;           // node 1 restarted on another port
    next.brokers[1].host = "localhost";     // node 2 under another name
    next.brokers.pop_back();                // node 3 left
    next.brokers.push_back(broker(4, "127.0.0.1", 9095));
    auto changes = m.apply(wire(next, v), v, {}, t0);
    EXPECT_EQ(changes.brokers_moved, (std::vector<std::int32_t>{1, 2}));
    EXPECT_EQ(changes.brokers_removed, (std::vector<std::int32_t>{3}));
    EXPECT_EQ(changes.brokers_added, (std::vector<std::int32_t>{4}));
    EXPECT_EQ(m.view().broker(1)->port, 19092);
    EXPECT_EQ(m.view().broker(3), nullptr);
    // audit-0 is led by node 3, which is gone: no route, and another refresh is wanted.
    auto r = m.leader_for("audit", 0);
    EXPECT_EQ(r.ec, broker_errc::leader_not_available);
    EXPECT_NE(r.detail.find("node 3 is not among the brokers"), std::string::npos) << r.detail;
  }
}

TEST(metadata, never_goes_back_to_an_older_leader_epoch) {
  for (auto v : versions) {
    if (v < 9) continue;
    SCOPED_TRACE("Metadata v" + std::to_string(v));
    cluster_metadata m(milliseconds(300000), milliseconds(100));
    m.apply(wire(three_brokers(), v), v, {}, t0);
    // A lagging broker still thinks node 1 leads orders-1 at epoch 4 (we know epoch 5, node 2).
    auto lagging = three_brokers();
    lagging.topics[0].partitions[0] = part(1, 1, 4, {2, 3, 1});
    auto changes = m.apply(wire(lagging, v), v, {}, t0);
    ASSERT_EQ(changes.stale_ignored.size(), 1u);
    EXPECT_EQ(changes.stale_ignored[0], std::make_pair(std::string("orders"), 1));
    EXPECT_TRUE(changes.leaders_changed.empty());
    EXPECT_EQ(m.leader_for("orders", 1).node_id, 2);
    EXPECT_EQ(m.leader_for("orders", 1).leader_epoch, 5);
    EXPECT_TRUE(m.refresh_requested());  // ask a broker that is up to date
    // A newer epoch moves the leader.
    auto newer = three_brokers();
    newer.topics[0].partitions[0] = part(1, 3, 6, {2, 3, 1});
    changes = m.apply(wire(newer, v), v, {}, t0);
    EXPECT_TRUE(changes.stale_ignored.empty());
    ASSERT_EQ(changes.leaders_changed.size(), 1u);
    EXPECT_EQ(m.leader_for("orders", 1).node_id, 3);
    EXPECT_EQ(m.leader_for("orders", 1).leader_epoch, 6);
    EXPECT_FALSE(m.refresh_requested());
    // The same epoch with a shrunken ISR is news too, just not about the leader.
    newer.topics[0].partitions[0].isr_nodes = {3};
    changes = m.apply(wire(newer, v), v, {}, t0);
    EXPECT_TRUE(changes.leaders_changed.empty());
    EXPECT_EQ(m.view().partition("orders", 1)->isr, (std::vector<std::int32_t>{3}));
  }
}

TEST(metadata, epochs_before_v9_are_not_trusted) {
  for (std::int16_t v : {7, 8}) {
    cluster_metadata m(milliseconds(300000), milliseconds(100));
    m.apply(wire(three_brokers(), v), v, {}, t0);
    auto older = three_brokers();
    older.topics[0].partitions[0] = part(1, 1, 4, {2, 3, 1});
    auto changes = m.apply(wire(older, v), v, {}, t0);
    EXPECT_TRUE(changes.stale_ignored.empty());
    EXPECT_EQ(m.leader_for("orders", 1).node_id, 1) << "v" << v;
  }
}

TEST(metadata, a_recreated_topic_starts_its_epochs_over) {
  const std::int16_t v = 12;
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), v), v, {}, t0);
  auto recreated = three_brokers();
  recreated.topics[0] = topic("orders", {part(0, 3, 0, {3}), part(1, 3, 0, {3})}, 99);
  auto changes = m.apply(wire(recreated, v), v, {}, t0);
  EXPECT_TRUE(changes.stale_ignored.empty());
  EXPECT_EQ(m.leader_for("orders", 1).node_id, 3);
  EXPECT_EQ(m.view().topic("orders")->id.bytes[15], 99);
}

TEST(metadata, routes_or_says_why_not) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  auto r = m.leader_for("orders", 0);
  EXPECT_EQ(r.ec, broker_errc::unknown_topic_or_partition);
  auto resp = three_brokers();
  resp.topics.push_back(topic("fresh", {part(0, -1, 0, {1})}));
  resp_t::topic missing;
  missing.name = "missing";
  missing.error_code = static_cast<std::int16_t>(broker_errc::unknown_topic_or_partition);
  resp.topics.push_back(missing);
  m.apply(wire(resp, 12), 12, {}, t0);
  EXPECT_TRUE(m.refresh_requested());  // fresh-0 has no leader yet
  r = m.leader_for("orders", 7);
  EXPECT_EQ(r.ec, broker_errc::unknown_topic_or_partition);
  EXPECT_NE(r.detail.find("no partition 7"), std::string::npos) << r.detail;
  r = m.leader_for("fresh", 0);
  EXPECT_EQ(r.ec, broker_errc::leader_not_available);
  r = m.leader_for("missing", 0);
  EXPECT_EQ(r.ec, broker_errc::unknown_topic_or_partition);
  EXPECT_NE(r.detail.find("UNKNOWN_TOPIC_OR_PARTITION"), std::string::npos) << r.detail;
}

TEST(metadata, errors_that_invalidate_a_leader_request_a_refresh) {
  const broker_errc invalidating[] = {broker_errc::not_leader_or_follower, broker_errc::unknown_topic_or_partition,
                                      broker_errc::fenced_leader_epoch, broker_errc::unknown_leader_epoch,
                                      broker_errc::leader_not_available};
  for (auto e : invalidating) {
    SCOPED_TRACE(std::string(error_name(e)));
    cluster_metadata m(milliseconds(300000), milliseconds(100));
    m.apply(wire(three_brokers(), 12), 12, {}, t0);
    EXPECT_FALSE(m.refresh_requested());
    EXPECT_TRUE(m.on_partition_error("orders", 1, e));
    EXPECT_TRUE(m.refresh_requested());
    EXPECT_EQ(m.leader_for("orders", 1).ec, broker_errc::leader_not_available);
    EXPECT_EQ(m.leader_for("orders", 0).node_id, 1);  // the other partitions keep routing
    // The answer to that refresh restores routing, even at the same epoch.
    m.apply(wire(three_brokers(), 12), 12, {}, t0 + milliseconds(200));
    EXPECT_EQ(m.leader_for("orders", 1).node_id, 2);
    EXPECT_FALSE(m.refresh_requested());
  }
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  EXPECT_FALSE(m.on_partition_error("orders", 1, broker_errc::message_too_large));
  EXPECT_FALSE(m.on_partition_error("orders", 1, client_errc::timed_out));
  EXPECT_FALSE(m.refresh_requested());
  EXPECT_EQ(m.leader_for("orders", 1).node_id, 2);
}

TEST(metadata, a_newer_epoch_seen_elsewhere_requests_a_refresh) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  EXPECT_FALSE(m.on_leader_epoch_seen("orders", 1, 5));
  EXPECT_FALSE(m.on_leader_epoch_seen("orders", 1, 4));
  EXPECT_FALSE(m.refresh_requested());
  EXPECT_TRUE(m.on_leader_epoch_seen("orders", 1, 6));
  EXPECT_TRUE(m.refresh_requested());
}

TEST(metadata, refresh_timing) {
  cluster_metadata m(milliseconds(5000), milliseconds(100));
  EXPECT_TRUE(m.refresh_due(t0));  // nothing known yet
  m.on_refresh_started(t0);
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  EXPECT_FALSE(m.refresh_due(t0 + milliseconds(4999)));
  EXPECT_TRUE(m.refresh_due(t0 + milliseconds(5000)));
  EXPECT_EQ(m.next_refresh(t0), t0 + milliseconds(5000));
  // Wanted now, but no sooner than retry.backoff after the last attempt.
  m.request_refresh();
  EXPECT_EQ(m.next_refresh(t0 + milliseconds(10)), t0 + milliseconds(100));
  EXPECT_EQ(m.next_refresh(t0 + milliseconds(300)), t0 + milliseconds(300));
  m.on_refresh_started(t0 + milliseconds(300));
  m.on_refresh_failed(t0 + milliseconds(310));
  EXPECT_EQ(m.next_refresh(t0 + milliseconds(320)), t0 + milliseconds(410));
  m.apply(wire(three_brokers(), 12), 12, {}, t0 + milliseconds(400));
  EXPECT_EQ(m.next_refresh(t0 + milliseconds(400)), t0 + milliseconds(5400));
}

TEST(metadata, incomplete_answers_back_off_up_to_max_age) {
  cluster_metadata m(milliseconds(1000), milliseconds(100));
  auto leaderless = three_brokers();
  leaderless.topics[1].partitions[0].leader_id = -1;  // audit-0 offline
  auto t = t0;
  const milliseconds expected[] = {milliseconds(100), milliseconds(200), milliseconds(400), milliseconds(800),
                                   milliseconds(1000), milliseconds(1000)};
  for (auto wait : expected) {
    m.on_refresh_started(t);
    m.apply(wire(leaderless, 12), 12, {}, t);
    EXPECT_TRUE(m.refresh_requested());
    EXPECT_EQ(m.next_refresh(t), t + wait);
    t += wait;
  }
  // A complete answer ends the back-off.
  m.apply(wire(three_brokers(), 12), 12, {}, t);
  m.request_refresh();
  EXPECT_EQ(m.next_refresh(t), t + milliseconds(100));
}

TEST(metadata, partial_answers_keep_other_topics_and_full_ones_drop_deleted_topics) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  auto only_audit = three_brokers();
  only_audit.topics.erase(only_audit.topics.begin());
  auto changes = m.apply(wire(only_audit, 12), 12, {"audit"}, t0);
  EXPECT_TRUE(changes.topics_removed.empty());
  EXPECT_NE(m.view().topic("orders"), nullptr);
  changes = m.apply(wire(only_audit, 12), 12, {}, t0);
  EXPECT_EQ(changes.topics_removed, std::vector<std::string>{"orders"});
  EXPECT_EQ(m.view().topic("orders"), nullptr);
}

TEST(metadata, a_transient_topic_error_keeps_the_known_partitions) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  auto resp = three_brokers();
  resp.topics[1].partitions.clear();
  resp.topics[1].error_code = static_cast<std::int16_t>(broker_errc::leader_not_available);
  m.apply(wire(resp, 12), 12, {}, t0);
  EXPECT_EQ(m.leader_for("audit", 0).node_id, 3);
  EXPECT_EQ(m.view().topic("audit")->error_code, static_cast<std::int16_t>(broker_errc::leader_not_available));
  EXPECT_TRUE(m.refresh_requested());
}

TEST(metadata, a_top_level_error_applies_nothing) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 13), 13, {}, t0);
  resp_t bad;
  bad.error_code = static_cast<std::int16_t>(broker_errc::rebootstrap_required);
  auto changes = m.apply(wire(bad, 13), 13, {}, t0);
  EXPECT_EQ(changes.error, broker_errc::rebootstrap_required);
  EXPECT_NE(changes.detail.find("REBOOTSTRAP_REQUIRED"), std::string::npos) << changes.detail;
  EXPECT_EQ(m.view().brokers.size(), 3u);
  EXPECT_TRUE(m.refresh_requested());
}

TEST(metadata, snapshots_do_not_change_under_their_holders) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  auto before = m.snapshot();
  m.on_partition_error("orders", 1, broker_errc::not_leader_or_follower);
  EXPECT_EQ(before->partition("orders", 1)->leader, 2);
  EXPECT_EQ(m.view().partition("orders", 1)->leader, -1);
  resp_t empty;
  m.apply(wire(empty, 12), 12, {}, t0);
  EXPECT_EQ(before->brokers.size(), 3u);
  EXPECT_TRUE(m.view().brokers.empty());
}

TEST(metadata, coordinators_are_cached_and_follow_their_broker) {
  cluster_metadata m(milliseconds(300000), milliseconds(100));
  m.apply(wire(three_brokers(), 12), 12, {}, t0);
  using net::coordinator_type;
  EXPECT_EQ(m.coordinator(coordinator_type::group, "g"), nullptr);
  m.set_coordinator(coordinator_type::group, "g", *m.broker(2));
  m.set_coordinator(coordinator_type::transaction, "g", *m.broker(3));
  EXPECT_EQ(m.coordinator(coordinator_type::group, "g")->node_id, 2);
  EXPECT_EQ(m.coordinator(coordinator_type::transaction, "g")->node_id, 3);
  EXPECT_EQ(m.coordinator(coordinator_type::share, "g"), nullptr);
  auto next = three_brokers();
  next.brokers[1].port = 29093;  // node 2 moved
  next.brokers.pop_back();       // node 3 left
  m.apply(wire(next, 12), 12, {}, t0);
  EXPECT_EQ(m.coordinator(coordinator_type::group, "g")->port, 29093);
  EXPECT_EQ(m.coordinator(coordinator_type::transaction, "g"), nullptr);
  m.forget_coordinator(coordinator_type::group, "g");
  EXPECT_EQ(m.coordinator(coordinator_type::group, "g"), nullptr);
}

TEST(metadata, requests_every_topic_or_the_named_ones_without_creating_them) {
  for (auto v : versions) {
    auto all = cluster_metadata::make_request({});
    EXPECT_FALSE(all.topics.has_value());
    EXPECT_FALSE(all.allow_auto_topic_creation);
    protocol::bytes out;
    EXPECT_TRUE(protocol::encode(all, v, out)) << "v" << v;
    auto some = cluster_metadata::make_request({"a", "b"});
    ASSERT_TRUE(some.topics.has_value());
    ASSERT_EQ(some.topics->size(), 2u);
    EXPECT_EQ((*some.topics)[1].name, "b");
    out.clear();
    EXPECT_TRUE(protocol::encode(some, v, out)) << "v" << v;
  }
}

}  // namespace
