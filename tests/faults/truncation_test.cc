// KIP-320 against a real unclean leader election (issue 20): a topic with replication factor 2 on
// a three-node cluster of the test's own, unclean.leader.election.enable=true and
// min.insync.replicas=1. The follower is stopped (a clean shutdown takes it out of the ISR at
// once), records are written to the leader alone, two consumers read to the end; the leader is
// SIGKILLed, the stale follower started and elected uncleanly (the admin API's elect_leaders
// UNCLEAN): its log ends where it stopped, below the consumers' positions.
//   - auto.offset.reset=earliest: the consumer finds the truncation (OffsetForLeaderEpoch), resumes
//     at the offset where the logs diverge, reports it (offset_reset_event) and reads what the new
//     leader wrote there;
//   - auto.offset.reset=none: poll fails with client_errc::log_truncated naming the partition, the
//     position and the leader's end offset.
// Runs with KWIRE_TEST_FAULTS=1 (tools/faults), not in tools/test: the cluster's start alone took
// 225 s on the shared 2-core machine (docs/reliability.md).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/protocol/client_errc.hpp>
#include "tests/integration/consumer_support.hpp"
#include "tests/support/own_cluster.hpp"

namespace {

using namespace kwire;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using test::attempt;
using test::broker_tool;

[[maybe_unused]] const bool start_limit_set = setenv("KWIRE_BROKER_START_SECONDS", "400", 0) == 0;
// Three nodes start in minutes on 2 loaded cores: the scenario runs with KWIRE_TEST_FAULTS=1 (tools/faults).
bool wanted() { return test::env_or_empty("KWIRE_TEST_FAULTS") == "1"; }
const auto* const environment = wanted() ? ::testing::AddGlobalTestEnvironment(new test::own_cluster(3)) : nullptr;

const auto process_start = steady::now();
void note(const std::string& what) {
  std::printf("[%6.1f s] %s\n", std::chrono::duration<double>(steady::now() - process_start).count(), what.c_str());
  std::fflush(stdout);
}

void broker(const std::string& args) {
  std::string out;
  note("tools/broker " + args);
  EXPECT_EQ(broker_tool(args, out), 0) << args << ": " << out;
}

// The partition's metadata once `ok` holds (nullopt after `limit`).
std::optional<net::partition_info> wait_for(net::blocking_cluster& c, const topic_partition& tp,
                                            const std::function<bool(const net::partition_info&)>& ok,
                                            std::chrono::seconds limit = 120s) {
  for (const auto end = steady::now() + limit; steady::now() < end; std::this_thread::sleep_for(300ms)) {
    auto md = c.metadata({tp.topic});
    const auto* p = md ? md.value->partition(tp.topic, tp.partition) : nullptr;
    if (p && ok(*p)) return *p;
  }
  return std::nullopt;
}

struct reporting_consumer {
  std::mutex m;
  std::vector<client::offset_reset_event> events;
  std::unique_ptr<client::blocking_consumer> c;
  reporting_consumer(const std::string& policy) {
    auto cfg = test::consumer_settings("", {{"auto.offset.reset", policy}, {"client.id", "kwire-truncation-" + policy}});
    cfg.on_offset_reset = [this](const client::offset_reset_event& e) {
      std::lock_guard lock(m);
      events.push_back(e);
      note("reported: " + client::describe(e));
    };
    c = std::make_unique<client::blocking_consumer>(cfg);
  }
  std::vector<client::offset_reset_event> seen() {
    std::lock_guard lock(m);
    return events;
  }
};

TEST(Truncation, AnUncleanElectionIsDetectedAndReported) {
  if (!wanted()) GTEST_SKIP() << "KWIRE_TEST_FAULTS=1 runs it (a cluster of three nodes of its own)";
  net::blocking_cluster cluster(test::cluster_settings());
  ASSERT_TRUE(cluster.start());
  const auto topic = test::unique_topic("truncation");
  const topic_partition tp{topic, 0};
  ASSERT_TRUE(test::create_topic(cluster, topic, 1,
                                 {{"unclean.leader.election.enable", "true"}, {"min.insync.replicas", "1"}}, 2));
  const auto whole = wait_for(cluster, tp, [](const auto& p) { return p.leader >= 0 && p.isr.size() == 2; });
  ASSERT_TRUE(whole);
  const std::int32_t leader = whole->leader;
  const std::int32_t follower = whole->replicas[0] == leader ? whole->replicas[1] : whole->replicas[0];
  note("leader " + std::to_string(leader) + ", follower " + std::to_string(follower) + ", epoch " +
       std::to_string(whole->leader_epoch));

  test::produce(topic, 1, 10);  // 0..9 on both replicas (acks=all, ISR of 2)
  broker("stop-node " + std::to_string(follower));
  ASSERT_TRUE(wait_for(cluster, tp, [&](const auto& p) { return p.isr.size() == 1 && p.leader == leader; }));
  test::produce(topic, 1, 10, 10);  // 10..19 on the leader alone

  reporting_consumer earliest("earliest"), none("none");
  for (auto* x : {&earliest, &none}) {
    ASSERT_NO_THROW(x->c->start());
    x->c->assign({tp});
    x->c->seek_to_beginning({tp});
    if (x == &none) {
      // Under none, assign() alone reports "no position" to the next poll although the seek
      // follows (docs/reliability.md, not yet as Java); the seek then stands.
      auto first = attempt([&] { return x->c->poll(2s); });
      if (!first) {
        EXPECT_NE(first.error.detail.find("no position for " + topic + "-0"), std::string::npos) << first.error.detail;
      }
    }
    auto got = test::poll_for(*x->c, 20);
    ASSERT_EQ(got.size(), 20u);
    EXPECT_EQ(got.back().offset(), 19);
  }
  note("both consumers at offset 20");

  broker("kill-node " + std::to_string(leader));
  broker("start-node " + std::to_string(follower));
  // The follower's log ends at 10. The controller may elect it by itself (the topic allows unclean
  // elections); the admin API's UNCLEAN election makes sure.
  client::blocking_admin admin(client::properties{{"bootstrap.servers", test::bootstrap()}});
  std::optional<net::partition_info> elected;
  std::string last;
  for (const auto end = steady::now() + 180s; !elected && steady::now() < end; std::this_thread::sleep_for(1s)) {
    auto r = attempt([&] { return admin.elect_leaders(client::election_type::unclean, std::vector<topic_partition>{tp}); });
    last = r ? (r.value.count(tp) && !r.value.at(tp) ? r.value.at(tp).error.detail : "elected") : r.error.detail;
    elected = wait_for(cluster, tp, [&](const auto& p) { return p.leader == follower; }, 2s);
  }
  ASSERT_TRUE(elected) << "no unclean election of node " << follower << ": " << last;
  note("node " + std::to_string(follower) + " leads at epoch " + std::to_string(elected->leader_epoch) + " (" + last + ")");
  test::produce(topic, 1, 5, 100);  // offsets 10..14 again, with other values

  // auto.offset.reset=earliest: back to 10, where the logs diverge, reported; the new 10..14 read.
  auto got = test::poll_for(*earliest.c, 5, 120s);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got.front().offset(), 10);
  EXPECT_EQ(test::text(got.front().value()), "0/100");
  const auto events = earliest.seen();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, client::reset_reason::truncation);
  EXPECT_EQ(events[0].partition, tp);
  EXPECT_EQ(events[0].from, 20);
  EXPECT_EQ(events[0].leader_end_offset, 10);
  EXPECT_EQ(events[0].to, 10);

  // auto.offset.reset=none: poll fails, naming the partition, the position and the end offset.
  std::optional<error_info> failure;
  for (const auto end = steady::now() + 120s; !failure && steady::now() < end;) {
    auto r = attempt([&] { return none.c->poll(500ms); });
    if (!r) failure = r.error;
    else EXPECT_TRUE(r.value.empty()) << "records read past a truncation with auto.offset.reset=none";
  }
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->ec, make_error_code(client_errc::log_truncated)) << failure->detail;
  EXPECT_NE(failure->detail.find("partition " + topic + "-0"), std::string::npos) << failure->detail;
  EXPECT_NE(failure->detail.find("position 20"), std::string::npos) << failure->detail;
  EXPECT_NE(failure->detail.find("end offset 10"), std::string::npos) << failure->detail;
  EXPECT_TRUE(none.seen().empty());
  note("done: " + failure->detail);
}

}  // namespace
