// Rebootstrap (KIP-899 / KIP-1102) against a three-node cluster of the test's own: the clients
// bootstrap through a TCP forwarder that stands for a load balancer or DNS name in front of the
// cluster (it only moves bytes; the brokers are real), learn the nodes' own addresses from the
// metadata, and then every node is SIGKILLed and started again on a new PLAINTEXT port, so no
// address the clients learned leads anywhere any more, while the forwarder leads to a live node.
//
// - Producer A (metadata.recovery.strategy=rebootstrap, Java's default; idempotent, acks=all)
//   and consumer C (the same strategy; every partition assigned, from the earliest offset) must
//   carry on: A's records all acknowledged, C reads each exactly once and in order per
//   partition: 0 lost, 0 duplicated. Their logs must show the rebootstrap.
// - Producer B (metadata.recovery.strategy=none) must not recover: every record it sends after
//   the fault fails within its delivery.timeout.ms, with an error that names what it tried.
//
// The figures (sent, acknowledged, failed, read, lost, duplicated, out of order, recovery time)
// are printed; docs/reliability.md quotes a run. Only with KWIRE_TEST_FAULTS=1 (tools/faults).

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <kwire/config/consumer_config.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/integration/producer_support.hpp"
#include "tests/support/own_cluster.hpp"
#include "tests/support/tcp_forwarder.hpp"

namespace {

using namespace kwire;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using test::broker_tool;

// Three JVMs SIGKILLed and started again took 75 s on the shared 2-core machine: too long for
// tools/test's short selection. KWIRE_TEST_FAULTS=1 (tools/faults) runs it; otherwise it is
// skipped before any cluster starts.
bool full_suite() { return test::env_or_empty("KWIRE_TEST_FAULTS") == "1"; }
[[maybe_unused]] const bool start_limit_set = setenv("KWIRE_BROKER_START_SECONDS", "400", 0) == 0;
const auto* const environment =
    full_suite() ? ::testing::AddGlobalTestEnvironment(new test::own_cluster(3)) : nullptr;

constexpr int nodes = 3;
constexpr int partitions = 3;
constexpr std::uint64_t records = 6000;  // per producer, at `rate` a second
constexpr std::uint64_t rate = 500;

const auto process_start = steady::now();
void note(const std::string& what) {
  std::printf("[%6.1f s] %s\n", std::chrono::duration<double>(steady::now() - process_start).count(), what.c_str());
  std::fflush(stdout);
}
double seconds(steady::duration d) { return std::chrono::duration<double>(d).count(); }

void broker(const std::string& args) {
  note("tools/broker " + args);
  std::string out;
  const int rc = broker_tool(args, out);
  ASSERT_EQ(rc, 0) << "tools/broker " << args << ":\n" << out;
}

// Node n's PLAINTEXT address, from its server.properties (tools/broker move-port rewrites it).
std::string address_of(int n) {
  std::ifstream props(test::own_cluster::run_dir + "/node-" + std::to_string(n) + "/server.properties");
  const std::string key = "listeners=PLAINTEXT://";
  for (std::string line; std::getline(props, line);)
    if (line.starts_with(key)) return line.substr(key.size(), line.find(',') - key.size());
  ADD_FAILURE() << "no PLAINTEXT listener in node " << n << "'s server.properties";
  return "";
}

// The cluster's log lines of one client, kept to check what it reported.
struct log_lines {
  std::mutex m;
  std::vector<std::string> lines;
  net::log_callback callback(std::string who) {
    return [this, who](net::log_level level, const std::string& text) {
      if (level < net::log_level::info) return;
      std::lock_guard l(m);
      lines.push_back(text);
      if (text.find("rebootstrap") != std::string::npos) note(who + ": " + text);
    };
  }
  std::string first_with(const std::string& fragment) {
    std::lock_guard l(m);
    for (const auto& s : lines)
      if (s.find(fragment) != std::string::npos) return s;
    return "";
  }
};

// What one producer did: per sequence number 0 outstanding, 1 acknowledged, 2 failed.
struct producer_run {
  std::mutex m;
  std::vector<std::int8_t> state;
  std::vector<steady::time_point> sent_at;
  std::uint64_t acked = 0, failed = 0;
  std::vector<steady::time_point> acks;  // when each acknowledgement arrived, in order
  std::string first_error;
  std::unique_ptr<client::blocking_producer> producer;

  void send(const std::string& topic, std::uint64_t seq) {
    {
      std::lock_guard l(m);
      state.push_back(0);
      sent_at.push_back(steady::now());
    }
    const std::string key = "key-" + std::to_string(seq % 100), value = std::to_string(seq);
    client::record r;
    r.topic = topic;
    r.key = client::as_bytes(key);
    r.value = client::as_bytes(value);
    producer->send(r, [this, seq](std::error_code ec, const record_metadata& md) {
      std::lock_guard l(m);
      if (ec) {
        state[seq] = 2;
        ++failed;
        if (first_error.empty()) first_error = ec.message() + ": " + md.error_detail;
        return;
      }
      state[seq] = 1;
      ++acked;
      acks.push_back(steady::now());
    });
  }
};

client::producer_config producer_settings(const std::string& bootstrap, const std::string& strategy,
                                          const std::string& delivery_timeout_ms, log_lines& log,
                                          const std::string& who) {
  client::producer_config cfg;
  const auto res = client::parse_producer_config(client::properties{{"bootstrap.servers", bootstrap},
                                                                    {"client.id", who},
                                                                    {"acks", "all"},
                                                                    {"enable.idempotence", "true"},
                                                                    {"linger.ms", "5"},
                                                                    {"request.timeout.ms", "10000"},
                                                                    {"delivery.timeout.ms", delivery_timeout_ms},
                                                                    {"max.block.ms", delivery_timeout_ms},
                                                                    {"metadata.recovery.strategy", strategy}},
                                                 cfg);
  EXPECT_TRUE(res) << res.detail;
  cfg.cluster.connection.log = log.callback(who);
  return cfg;
}

TEST(rebootstrap, every_node_on_a_new_port_behind_one_bootstrap_address) {
  if (!full_suite()) GTEST_SKIP() << "a long scenario: KWIRE_TEST_FAULTS=1 (tools/faults) runs it";
  net::blocking_cluster admin(test::cluster_settings());
  auto started = admin.start();
  ASSERT_TRUE(started) << started.detail;
  const auto topic_a = test::unique_topic("rebootstrap");
  const auto topic_b = test::unique_topic("no-recovery");
  for (const auto& t : {topic_a, topic_b})
    ASSERT_TRUE(test::create_topic(admin, t, partitions, {{"min.insync.replicas", "2"}}, 3));

  test::tcp_forwarder lb(address_of(1));
  note("forwarder " + lb.address() + " -> node 1 at " + address_of(1));

  log_lines log_a, log_b, log_c;
  producer_run a, b;
  a.producer = client::blocking_producer::create(producer_settings(lb.address(), "rebootstrap", "300000", log_a, "A"));
  b.producer = client::blocking_producer::create(producer_settings(lb.address(), "none", "20000", log_b, "B"));

  // Consumer C reads topic A from the start, while it is written.
  client::consumer_config ccfg;
  {
    const auto res = client::parse_consumer_config(
        client::properties{{"bootstrap.servers", lb.address()}, {"client.id", "C"}, {"auto.offset.reset", "earliest"},
                           {"request.timeout.ms", "10000"}, {"metadata.recovery.strategy", "rebootstrap"}},
        ccfg);
    ASSERT_TRUE(res) << res.detail;
  }
  ccfg.cluster.connection.log = log_c.callback("C");
  client::blocking_consumer consumer(std::move(ccfg));
  std::vector<topic_partition> assigned;
  for (int p = 0; p < partitions; ++p) assigned.push_back({topic_a, p});
  consumer.assign(assigned);

  std::mutex read_m;
  std::map<std::uint64_t, int> read;  // sequence number → times read
  std::uint64_t read_total = 0, out_of_order = 0, poll_failures = 0;
  std::string first_poll_error;
  std::atomic<bool> stop_reading{false};
  std::thread reader([&] {
    std::map<int, std::uint64_t> last;  // per partition: the last sequence number read
    while (!stop_reading.load()) {
      client::records batch;
      try {
        batch = consumer.poll(200ms);
      } catch (const kwire::error& e) {
        std::lock_guard l(read_m);
        if (poll_failures++ == 0) first_poll_error = e.what();
        std::this_thread::sleep_for(100ms);
        continue;
      }
      std::lock_guard l(read_m);
      for (const auto& r : batch) {
        const auto text = r.value_text();
        std::uint64_t s = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), s);
        if (ec != std::errc{} || end != text.data() + text.size()) {
          ADD_FAILURE() << "a record we did not send: '" << text << "'";
          continue;
        }
        ++read_total;
        ++read[s];
        if (last.contains(r.partition()) && s < last[r.partition()]) ++out_of_order;
        last[r.partition()] = s;
      }
    }
  });

  // The fault, once a quarter of A's records are acknowledged: every node SIGKILLed, moved to a
  // new port and started again (together: a node is up only once 2 of 3 controllers are).
  std::atomic<bool> fault_over{false};
  steady::time_point fault_start, fault_end;
  std::thread fault([&] {
    for (;;) {
      {
        std::lock_guard l(a.m);
        if (a.acked >= records / 4) break;
      }
      std::this_thread::sleep_for(10ms);
    }
    fault_start = steady::now();
    for (int n = 1; n <= nodes; ++n) broker("kill-node " + std::to_string(n));
    for (int n = 1; n <= nodes; ++n) broker("move-port " + std::to_string(n));
    std::vector<std::future<std::pair<int, std::string>>> up;
    for (int n = 1; n <= nodes; ++n)
      up.push_back(std::async(std::launch::async, [n] {
        std::string out;
        const int rc = broker_tool("start-node " + std::to_string(n), out);
        return std::pair(rc, out);
      }));
    for (auto& f : up) {
      const auto [rc, out] = f.get();
      EXPECT_EQ(rc, 0) << out;
    }
    lb.retarget(address_of(1));
    fault_end = steady::now();
    note("every node up on a new port (" + address_of(1) + ", " + address_of(2) + ", " + address_of(3) +
         "); forwarder -> node 1 at " + address_of(1));
    fault_over = true;
  });

  // Paced sending to both producers; after the fault, another quarter of the records.
  const auto t0 = steady::now();
  std::uint64_t seq = 0, after_fault = 0;
  for (; seq < records || !fault_over.load() || after_fault < records / 4; ++seq) {
    const auto due = t0 + std::chrono::microseconds(seq * 1000000 / rate);
    if (const auto now = steady::now(); due > now) std::this_thread::sleep_for(due - now);
    if (fault_over.load()) ++after_fault;
    a.send(topic_a, seq);
    b.send(topic_b, seq);
  }
  const auto sent = seq;
  note("sent " + std::to_string(sent) + " to each producer");
  fault.join();
  a.producer->flush();
  note("A flushed");
  b.producer->flush();
  note("B flushed");

  // C reads every record A had acknowledged (or gives up after 120 s).
  std::vector<std::uint64_t> acked_a;
  {
    std::lock_guard l(a.m);
    for (std::uint64_t s = 0; s < sent; ++s)
      if (a.state[s] == 1) acked_a.push_back(s);
  }
  for (const auto end = steady::now() + 120s; steady::now() < end; std::this_thread::sleep_for(200ms)) {
    std::lock_guard l(read_m);
    if (std::all_of(acked_a.begin(), acked_a.end(), [&](std::uint64_t s) { return read.contains(s); })) break;
  }
  std::this_thread::sleep_for(1s);  // a duplicate right behind the last record shows too
  stop_reading = true;
  reader.join();

  std::uint64_t lost = 0, duplicated = 0;
  {
    std::lock_guard l(read_m);
    for (auto s : acked_a)
      if (!read.contains(s)) ++lost;
    for (const auto& [s, n] : read) duplicated += static_cast<std::uint64_t>(n - 1);
  }
  // Recovery: from the nodes being up again to A's first acknowledgement after them; the longest
  // time without an acknowledgement.
  double recovery_s = -1, longest_s = 0;
  {
    std::lock_guard l(a.m);
    for (std::size_t i = 0; i < a.acks.size(); ++i) {
      if (recovery_s < 0 && a.acks[i] >= fault_end) recovery_s = seconds(a.acks[i] - fault_end);
      if (i > 0) longest_s = std::max(longest_s, seconds(a.acks[i] - a.acks[i - 1]));
    }
  }
  std::uint64_t b_acked_after = 0, b_failed_after = 0, b_sent_after = 0;
  {
    std::lock_guard l(b.m);
    for (std::uint64_t s = 0; s < sent; ++s) {
      if (b.sent_at[s] < fault_end) continue;
      ++b_sent_after;
      if (b.state[s] == 1) ++b_acked_after;
      if (b.state[s] == 2) ++b_failed_after;
    }
  }

  std::printf(
      "| scenario | sent | acked | failed | read | lost | duplicated | out of order | nodes down → up (s) | up → first ack (s) "
      "| longest stall (s) |\n"
      "| every node SIGKILLed and back on a new port; bootstrap.servers = a forwarder, strategy rebootstrap (A, C) "
      "| %llu | %llu | %llu | %llu | %llu | %llu | %llu | %.1f | %.1f | %.1f |\n",
      static_cast<unsigned long long>(sent), static_cast<unsigned long long>(a.acked),
      static_cast<unsigned long long>(a.failed), static_cast<unsigned long long>(read_total),
      static_cast<unsigned long long>(lost), static_cast<unsigned long long>(duplicated),
      static_cast<unsigned long long>(out_of_order), seconds(fault_end - fault_start), recovery_s, longest_s);
  std::printf("strategy none (B): %llu sent after the fault, %llu acknowledged, %llu failed; first failure: %s\n",
              static_cast<unsigned long long>(b_sent_after), static_cast<unsigned long long>(b_acked_after),
              static_cast<unsigned long long>(b_failed_after), b.first_error.c_str());
  std::printf("A: %s\nC: %s\nforwarder: %llu connections accepted, %llu refused by the target\n",
              log_a.first_with("rebootstrap").c_str(), log_c.first_with("rebootstrap").c_str(),
              static_cast<unsigned long long>(lb.accepted()), static_cast<unsigned long long>(lb.refused()));
  if (poll_failures) note("C: " + std::to_string(poll_failures) + " poll failure(s), first: " + first_poll_error);
  std::fflush(stdout);

  // A and C recovered: nothing lost, nothing twice, order kept.
  EXPECT_EQ(a.acked + a.failed, sent) << "records never completed";
  EXPECT_EQ(a.failed, 0u) << "first failure: " << a.first_error;
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(duplicated, 0u);
  EXPECT_EQ(out_of_order, 0u);
  EXPECT_GE(recovery_s, 0) << "A had no acknowledgement after the nodes came back";
  EXPECT_NE(log_a.first_with("rebootstrap (metadata.recovery.strategy=rebootstrap)"), "");
  EXPECT_NE(log_a.first_with("going back to bootstrap.servers=" + lb.address()), "");
  EXPECT_NE(log_c.first_with("rebootstrap (metadata.recovery.strategy=rebootstrap)"), "");
  // B did not: no record after the fault acknowledged, each failed, with an error naming brokers.
  EXPECT_GT(b_sent_after, 0u);
  EXPECT_EQ(b_acked_after, 0u);
  EXPECT_EQ(b_failed_after, b_sent_after);
  EXPECT_NE(b.first_error, "");
  EXPECT_EQ(log_b.first_with("rebootstrap"), "") << "strategy none went back to bootstrap.servers";

  a.producer->close();
  b.producer->close(1s);
  consumer.close();
}

}  // namespace
