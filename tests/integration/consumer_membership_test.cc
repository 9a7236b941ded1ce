// Group membership against the real broker: the KIP-848 protocol (group.protocol=consumer) — a
// third member takes only what moves, a regex picks up a new topic (splitting a topic and static
// membership run under both protocols in consumer_test) —, heartbeats that a long-held Fetch
// does not delay, and max.poll.interval.ms under both protocols: a member that stops polling
// leaves, its partitions go to the member that polls, and it joins again when it polls.

#include "tests/integration/consumer_support.hpp"

namespace kwire::test {
namespace {

// The group's heartbeat interval is the broker's (5 s by default; tools/broker sets 1 s), so
// deadlines here are generous.
constexpr auto settle_time = 60s;

// Kafka 3.9 ships the KIP-848 protocol switched off (group.coordinator.rebalance.protocols is
// "classic" by default; 4.0 turned it on). Against such a broker a group.protocol=consumer
// member must fail with an error that says so: the KIP-848 tests check that there instead.
bool broker_runs_kip848() {
  const auto v = test::kafka_version();
  return v.empty() || std::atoi(v.c_str()) >= 4;
}

void expect_kip848_refused(net::blocking_cluster& cluster) {
  const auto topic = unique("848-refused");
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  blocking_consumer c(consumer_settings(unique("group-848-refused"), {{"group.protocol", "consumer"}}));
  ASSERT_NO_THROW(c.start());
  c.subscribe({topic});
  auto r = attempt([&] { return c.poll(20s); });
  ASSERT_FALSE(r) << "Kafka " << test::kafka_version() << " accepted a KIP-848 member";
  EXPECT_EQ(r.error.ec, make_error_code(broker_errc::unsupported_version)) << r.error.detail;
  EXPECT_NE(r.error.detail.find("use group.protocol=classic"), std::string::npos) << r.error.detail;
}

// KIP-848 rebalances are incremental: when a third member joins, the first two give up only
// the partitions that move to it (the coordinator's uniform assignor is sticky).
TEST_F(fixture, Kip848AThirdMemberTakesOnlyWhatMoves) {
  if (!broker_runs_kip848()) return expect_kip848_refused(cluster);
  expect_third_member_takes_only_what_moves(
      cluster, "848-third", {{"group.protocol", "consumer"}, {"group.remote.assignor", "uniform"}}, settle_time);
}

// A regex is matched by the member against the metadata (every metadata.max.age.ms) and sent as
// topic names: a new matching topic reaches the coordinator in the next heartbeat.
TEST_F(fixture, Kip848PatternSubscriptionPicksUpANewMatchingTopic) {
  if (!broker_runs_kip848()) return expect_kip848_refused(cluster);
  expect_pattern_picks_up_new_topic(
      cluster, "848-pattern",
      {{"group.protocol", "consumer"}, {"metadata.max.age.ms", "1000"}, {"auto.offset.reset", "earliest"}},
      settle_time);
}

// A broker answers one request per connection at a time: a Fetch it holds for
// fetch.max.wait.ms (20 s here, on an idle topic) must not hold the heartbeats back past the
// session timeout (6 s), or the member is dropped and loses its partition. Coordinator
// requests have a connection of their own.
TEST_F(fixture, HeartbeatsAreNotHeldBehindALongFetch) {
  const auto topic = unique("long-fetch");
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  std::atomic<int> lost{0};
  client::rebalance_listener listen;
  listen.lost = [&](const std::vector<topic_partition>& p) { if (!p.empty()) ++lost; };
  blocking_consumer c(consumer_settings(unique("group-long-fetch"),
                                        {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "1000"},
                                         {"fetch.max.wait.ms", "20000"}, {"fetch.min.bytes", "1000000"},
                                         {"auto.offset.reset", "earliest"}}));
  ASSERT_NO_THROW(c.start());
  c.subscribe({topic}, listen);
  const auto deadline = std::chrono::steady_clock::now() + settle_time;
  while (std::chrono::steady_clock::now() < deadline && c.assignment().empty()) c.poll(100ms);
  ASSERT_EQ(c.assignment().size(), 1u);
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < until) {
    auto r = attempt([&] { return c.poll(500ms); });
    ASSERT_TRUE(r) << r.error.detail;
  }
  EXPECT_EQ(lost, 0) << "the member was dropped from its group";
  EXPECT_EQ(c.assignment().size(), 1u);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_NO_THROW(c.commit());  // not queued behind the Fetch either
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

// max.poll.interval.ms, under each group protocol.
class poll_interval : public fixture, public ::testing::WithParamInterface<const char*> {};

TEST_P(poll_interval, AMemberThatStopsPollingLeavesAndComesBackWhenItPolls) {
  const std::string protocol = GetParam();
  if (protocol == "consumer" && !broker_runs_kip848()) return expect_kip848_refused(cluster);
  const auto topic = unique("poll-interval-" + protocol);
  ASSERT_TRUE(test::create_topic(cluster, topic, 2));
  const auto group = unique("group-poll-interval-" + protocol);
  client::properties common{{"group.protocol", protocol}, {"auto.offset.reset", "earliest"}};
  if (protocol == "classic") {
    common["heartbeat.interval.ms"] = "300";
    common["session.timeout.ms"] = "10000";
  }
  auto slow_props = common;
  slow_props["max.poll.interval.ms"] = "3000";
  std::atomic<int> slow_lost{0};
  client::rebalance_listener listen_slow;
  listen_slow.lost = [&](const std::vector<topic_partition>& p) { if (!p.empty()) ++slow_lost; };
  blocking_consumer slow(consumer_settings(group, slow_props));
  blocking_consumer busy(consumer_settings(group, common));
  ASSERT_NO_THROW(slow.start());
  ASSERT_NO_THROW(busy.start());
  slow.subscribe({topic}, listen_slow);
  busy.subscribe({topic});
  auto slow_polled = std::chrono::steady_clock::now();  // when slow's last poll returned
  auto settle = [&](bool poll_slow, std::size_t slow_n, std::size_t busy_n) {
    const auto deadline = std::chrono::steady_clock::now() + settle_time;
    while (std::chrono::steady_clock::now() < deadline) {
      if (poll_slow) {
        slow.poll(100ms);
        slow_polled = std::chrono::steady_clock::now();
      }
      busy.poll(100ms);
      if (slow.assignment().size() == slow_n && busy.assignment().size() == busy_n) return true;
    }
    return false;
  };
  ASSERT_TRUE(settle(true, 1, 1)) << "slow has " << slow.assignment().size() << ", busy " << busy.assignment().size();

  // slow stops polling: after 3 s it leaves, and busy gets both partitions.
  // max.poll.interval.ms counts from the moment slow's last poll returned, which came before
  // busy's poll in the same round: measure from there, not from after that round.
  const auto stopped = slow_polled;
  ASSERT_TRUE(settle(false, 0, 2)) << "slow has " << slow.assignment().size() << ", busy " << busy.assignment().size();
  EXPECT_GE(std::chrono::steady_clock::now() - stopped, 3s);
  EXPECT_EQ(slow_lost, 1);

  // Its next poll joins again.
  ASSERT_TRUE(settle(true, 1, 1)) << "slow has " << slow.assignment().size() << ", busy " << busy.assignment().size();
}

INSTANTIATE_TEST_SUITE_P(protocols, poll_interval, ::testing::Values("classic", "consumer"));

}  // namespace
}  // namespace kwire::test
