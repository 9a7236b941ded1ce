// One hostile broker in a healthy cluster (issue #19): the REAL broker (tools/broker) behind a
// transparent proxy, and a hostile node that the rewritten Metadata makes the leader of partition
// 0 of a three-partition topic (cluster_proxy.hpp). The producer and consumer, bootstrapped at the
// proxy, keep working with partitions 1 and 2 (records delivered there, read back from the real
// broker; records read from there), while partition 0's operations fail with a clear error, within
// the configured timeouts, with bounded memory.

#include <gtest/gtest.h>

#include <future>
#include <iostream>

#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/error.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/hostile/cluster_proxy.hpp"
#include "tests/hostile/hostile_batches.hpp"
#include "tests/integration/producer_support.hpp"

namespace kwire {
namespace {

using namespace std::chrono_literals;
using test::breakage;
using test::cluster_proxy;
using test::memory_bound;

struct hostile_case {
  std::string name;
  breakage how;
  std::string names;  // what partition 0's error must name ("" for silence: no answer, no error)
  bool from_beginning = false;  // consumer: seek_to_beginning (ListOffsets to the hostile node too)
};

// A blocking cluster client of the real broker itself (no proxy).
std::unique_ptr<net::blocking_cluster> direct() {
  auto c = std::make_unique<net::blocking_cluster>(test::cluster_settings());
  if (auto r = c->start(); !r) ADD_FAILURE() << "the real broker: " << r.detail;
  return c;
}

// A three-partition topic on the real broker.
std::string fresh_topic(const std::string& what) {
  auto admin = direct();
  const auto topic = test::unique_topic("hostile-" + what);
  EXPECT_TRUE(test::create_topic(*admin, topic, 3));
  return topic;
}

cluster_proxy::breaker breaking(breakage how) {
  return [how](test::peer_connection& c, const test::peer_request& r) { test::break_answer(c, r, how); };
}

class hostile_cluster_producer : public ::testing::TestWithParam<hostile_case> {};

TEST_P(hostile_cluster_producer, the_healthy_partitions_take_their_records) {
  const auto& k = GetParam();
  const auto topic = fresh_topic("produce");
  const memory_bound mem(64 * 1024);  // KiB
  cluster_proxy proxy(test::bootstrap(), topic, 0, breaking(k.how));
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::future<record_metadata>> healthy, hostile;
  {
    blocking_producer p({{"bootstrap.servers", proxy.bootstrap()},
                         {"request.timeout.ms", "2000"},
                         {"delivery.timeout.ms", "5000"},
                         {"linger.ms", "0"},
                         {"retry.backoff.ms", "50"}});
    const std::string value = "v";
    for (int i = 0; i < 10; ++i) {
      const std::int32_t partition = i % 3;
      record r{.topic = topic, .partition = partition, .value = as_bytes(value)};
      (partition == 0 ? hostile : healthy).push_back(p.send(r));
    }
    for (auto& f : healthy) {
      ASSERT_EQ(f.wait_for(20s), std::future_status::ready) << "a healthy partition's send hung";
      try {
        EXPECT_GE(f.get().offset, 0);
      } catch (const kwire::error& e) {
        ADD_FAILURE() << "a healthy partition's send failed: " << e.what();
      }
    }
    for (auto& f : hostile) {
      ASSERT_EQ(f.wait_for(20s), std::future_status::ready) << "the hostile partition's send hung";
      try {
        f.get();
        ADD_FAILURE() << "the hostile partition took a record";
      } catch (const kwire::error& e) {
        std::cout << k.name << ": " << e.what() << "\n";
        EXPECT_NE(std::string(e.what()).find(k.names), std::string::npos) << e.what();
      }
    }
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 5s + 5s) << "delivery.timeout.ms and some";
  std::cout << k.name << ": done in " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms, " << proxy.hostile().connections() << " connections to the hostile node\n";
  // The healthy partitions' records are on the real broker (read back without the proxy).
  auto real = direct();
  EXPECT_EQ(test::fetch_all(*real, topic, 1, 3).size(), 3u);
  EXPECT_EQ(test::fetch_all(*real, topic, 2, 3).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(
    cases, hostile_cluster_producer,
    ::testing::Values(hostile_case{"undecodable", breakage::undecodable, "Produce"},
                      hostile_case{"frame_too_big", breakage::frame_too_big, "response frame size 2147483647"},
                      hostile_case{"silence", breakage::silence, "timed out"}),
    [](const auto& info) { return info.param.name; });

class hostile_cluster_consumer : public ::testing::TestWithParam<hostile_case> {};

TEST_P(hostile_cluster_consumer, the_healthy_partitions_are_read) {
  const auto& k = GetParam();
  const auto topic = fresh_topic("consume");
  {  // Three records on each healthy partition, written straight to the real broker.
    blocking_producer p({{"bootstrap.servers", test::bootstrap()}, {"linger.ms", "0"}});
    for (std::int32_t partition : {1, 2})
      for (const std::string value : {"a", "b", "c"})
        p.send(record{.topic = topic, .partition = partition, .value = as_bytes(value)}).get();
  }
  const memory_bound mem(64 * 1024);  // KiB
  cluster_proxy proxy(test::bootstrap(), topic, 0, breaking(k.how));
  blocking_consumer c({{"bootstrap.servers", proxy.bootstrap()},
                       {"request.timeout.ms", "2000"},
                       {"default.api.timeout.ms", "5000"},
                       {"fetch.max.wait.ms", "100"},
                       {"fetch.max.bytes", "1048576"},
                       {"retry.backoff.ms", "50"}});
  std::vector<topic_partition> parts{{topic, 0}, {topic, 1}, {topic, 2}};
  c.assign(parts);
  if (k.from_beginning) {
    c.seek_to_beginning(parts);
  } else {
    for (const auto& tp : parts) c.seek(tp, 0);
  }
  std::map<std::int32_t, int> read;
  std::vector<std::string> errors;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 20s) {
    try {
      for (const auto& rec : c.poll(200ms)) ++read[rec.partition()];
    } catch (const kwire::error& e) {
      errors.push_back(e.what());
    }
    const bool healthy_done = read[1] == 3 && read[2] == 3;
    if (healthy_done && (k.how == breakage::silence || !errors.empty())) break;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  std::cout << k.name << ": " << read[1] << " + " << read[2] << " healthy records, " << read[0]
            << " hostile, " << errors.size() << " errors in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms"
            << (errors.empty() ? "" : "; first: " + errors.front()) << "\n";
  EXPECT_EQ(read[1], 3);
  EXPECT_EQ(read[2], 3);
  EXPECT_EQ(read[0], 0);
  EXPECT_LT(took, 15s);
  if (k.how != breakage::silence) {
    ASSERT_FALSE(errors.empty()) << "partition 0's failure was never reported";
    EXPECT_NE(errors.front().find(k.names), std::string::npos) << errors.front();
  }
  c.close();
}

INSTANTIATE_TEST_SUITE_P(
    cases, hostile_cluster_consumer,
    ::testing::Values(hostile_case{"undecodable", breakage::undecodable, "Fetch"},
                      hostile_case{"frame_too_big", breakage::frame_too_big, "response frame size 2147483647"},
                      hostile_case{"bad_crc", breakage::bad_crc, "-0 at offset 0"},
                      hostile_case{"silence", breakage::silence, ""},
                      hostile_case{"list_offsets_undecodable", breakage::undecodable, "ListOffsets", true}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kwire
