// When the cluster goes back to bootstrap.servers (net/rebootstrap.hpp), without sockets: the
// policy is fed metadata attempts, answers and failures at made-up times.

#include <gtest/gtest.h>

#include <kwire/net/rebootstrap.hpp>

namespace {

using namespace kwire::net;
using namespace std::chrono_literals;
using failure = rebootstrap_policy::failure;
using clock_type = rebootstrap_policy::clock;

const clock_type::time_point t0 = clock_type::time_point{} + 1h;

rebootstrap_policy java_defaults(metadata_recovery s = metadata_recovery::rebootstrap) {
  return rebootstrap_policy(s, 300000ms, 1000ms);  // trigger.ms 300000, reconnect.backoff.max.ms 1000
}

bool says_yes(const rebootstrap_policy& p, failure f, clock_type::time_point now, const std::string& fragment) {
  const auto why = p.decide(f, now);
  return why && why->find(fragment) != std::string::npos;
}

TEST(Rebootstrap, EveryKnownBrokerFailingTriggersIt) {
  auto p = java_defaults();
  p.on_attempt(t0);
  EXPECT_FALSE(p.decide(failure::one_broker, t0 + 10ms)) << "one broker down: try the next";
  EXPECT_TRUE(says_yes(p, failure::every_known_broker, t0 + 20ms, "no broker known from the metadata answered"));
}

TEST(Rebootstrap, RebootstrapRequiredTriggersIt) {
  auto p = java_defaults();
  p.on_attempt(t0);
  EXPECT_TRUE(says_yes(p, failure::rebootstrap_required, t0, "REBOOTSTRAP_REQUIRED"));
}

TEST(Rebootstrap, TriggerTimeWithoutAnswer) {
  auto p = java_defaults();
  p.on_attempt(t0);
  p.on_attempt(t0 + 100s);  // a later attempt does not restart the clock
  EXPECT_FALSE(p.decide(failure::one_broker, t0 + 299999ms));
  EXPECT_TRUE(says_yes(p, failure::one_broker, t0 + 300s, "no metadata answer for 300000 ms"));
  EXPECT_TRUE(says_yes(p, failure::one_broker, t0 + 300s, "metadata.recovery.rebootstrap.trigger.ms=300000"));
}

TEST(Rebootstrap, AnAnswerStopsTheClock) {
  auto p = java_defaults();
  p.on_attempt(t0);
  p.on_answer();
  EXPECT_FALSE(p.decide(failure::one_broker, t0 + 400s)) << "no attempt under way";
  p.on_attempt(t0 + 400s);
  EXPECT_FALSE(p.decide(failure::one_broker, t0 + 600s));
  EXPECT_TRUE(p.decide(failure::one_broker, t0 + 700s));
}

TEST(Rebootstrap, StrategyNoneNeverDoesIt) {
  auto p = java_defaults(metadata_recovery::none);
  p.on_attempt(t0);
  for (auto f : {failure::one_broker, failure::every_known_broker, failure::rebootstrap_required})
    EXPECT_FALSE(p.decide(f, t0 + 1h));
  EXPECT_EQ(p.strategy(), metadata_recovery::none);
}

TEST(Rebootstrap, NotTwiceWithinTheMinimumInterval) {
  auto p = java_defaults();
  p.on_attempt(t0);
  ASSERT_TRUE(p.decide(failure::every_known_broker, t0));
  p.on_rebootstrap(t0);
  EXPECT_EQ(p.count(), 1u);
  // The bootstrap servers were down too: the next rounds use the known brokers alone for a second.
  EXPECT_FALSE(p.decide(failure::every_known_broker, t0 + 999ms));
  EXPECT_FALSE(p.decide(failure::rebootstrap_required, t0 + 500ms));
  EXPECT_TRUE(p.decide(failure::every_known_broker, t0 + 1000ms));
  p.on_rebootstrap(t0 + 1000ms);
  EXPECT_EQ(p.count(), 2u);
}

TEST(Rebootstrap, TheTriggerClockStartsAgainAtARebootstrap) {
  rebootstrap_policy p(metadata_recovery::rebootstrap, 5000ms, 1000ms);
  p.on_attempt(t0);
  ASSERT_TRUE(p.decide(failure::one_broker, t0 + 5s));
  p.on_rebootstrap(t0 + 5s);
  EXPECT_FALSE(p.decide(failure::one_broker, t0 + 9s));
  EXPECT_TRUE(p.decide(failure::one_broker, t0 + 10s));
}

TEST(Rebootstrap, ZeroTriggerRebootstrapsAtTheFirstFailure) {
  rebootstrap_policy p(metadata_recovery::rebootstrap, 0ms, 0ms);
  p.on_attempt(t0);
  EXPECT_TRUE(p.decide(failure::one_broker, t0));
}

}  // namespace
