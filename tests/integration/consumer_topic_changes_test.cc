// A subscribed topic that changes under a group (issue 20's fault list), under both group
// protocols: partitions added while the group consumes are picked up and read; the topic deleted
// while a member consumes and a producer sends gives both a clear error naming the topic, and
// neither spins (CPU counted over the wait) nor hangs.

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/integration/consumer_support.hpp"

namespace kwire::test {
namespace {

using steady = std::chrono::steady_clock;

// CPU seconds (user + system) of this process so far: every thread, the clients' own included.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

client::blocking_admin admin() { return client::blocking_admin({{"bootstrap.servers", test::bootstrap()}}); }

struct topic_changes : fixture, ::testing::WithParamInterface<std::string> {
  void SetUp() override {
    if (GetParam() == "consumer" && test::kafka_version().starts_with("3."))
      GTEST_SKIP() << "Kafka 3.9 ships the KIP-848 protocol switched off";
    fixture::SetUp();
  }
  client::properties member(const std::string& metadata_age_ms = "5000") const {
    return {{"group.protocol", GetParam()},
            {"auto.offset.reset", "earliest"},
            {"metadata.max.age.ms", metadata_age_ms}};
  }
  // `topic` made with 2 partitions of 10 records each, then `c` subscribed to it has read the 20.
  void read_new_topic(blocking_consumer& c, const std::string& topic) {
    ASSERT_TRUE(test::create_topic(cluster, topic, 2));
    produce(topic, 2, 10);
    c.subscribe({topic});
    ASSERT_EQ(poll_for(c, 20, 60s, true).size(), 20u);
  }
};

// Two partitions, then four: the new partitions' records reach the member within
// metadata.max.age.ms (5 s here) plus a rebalance.
TEST_P(topic_changes, PartitionsAddedWhileConsumingArePickedUp) {
  const auto topic = unique("grown-" + GetParam());
  blocking_consumer c(consumer_settings(unique("group-grown"), member()));
  ASSERT_NO_FATAL_FAILURE(read_new_topic(c, topic));

  auto a = admin();
  ASSERT_NO_THROW(a.create_partitions({{topic, {.total_count = 4}}}).at(topic).get());
  const auto grown = steady::now();
  produce(topic, 4, 10, 10);  // 10 more to each of the four partitions

  std::set<std::int32_t> partitions;
  std::size_t got = 0;
  double first_new_s = -1;
  for (const auto end = steady::now() + 90s; got < 40 && steady::now() < end;) {
    auto r = attempt([&] { return c.poll(200ms); });
    ASSERT_TRUE(r) << r.error.detail;
    for (const auto& rec : r.value) {
      ++got;
      partitions.insert(rec.partition());
      if (rec.partition() >= 2 && first_new_s < 0)
        first_new_s = std::chrono::duration<double>(steady::now() - grown).count();
    }
    if (!r.value.empty()) c.commit();
  }
  std::printf("group.protocol=%s: the first record of a new partition %.1f s after CreatePartitions\n",
              GetParam().c_str(), first_new_s);
  EXPECT_EQ(got, 40u) << "10 new records on each of 4 partitions";
  EXPECT_EQ(partitions, (std::set<std::int32_t>{0, 1, 2, 3}));
  auto assigned = c.assignment();
  EXPECT_EQ(assigned.size(), 4u);
  // metadata.max.age.ms is 5 s; a rebalance on the loaded test machine takes some more.
  EXPECT_GE(first_new_s, 0);
  EXPECT_LT(first_new_s, 45);
  c.close();
}

// The topic deleted while a member consumes it and a producer sends to it.
TEST_P(topic_changes, TopicDeletedWhileConsumingAndProducing) {
  const auto topic = unique("deleted-" + GetParam());
  blocking_consumer c(consumer_settings(unique("group-deleted"), member()));
  ASSERT_NO_FATAL_FAILURE(read_new_topic(c, topic));

  client::blocking_producer p(client::properties{{"bootstrap.servers", test::bootstrap()},
                                                 {"linger.ms", "0"},
                                                 {"max.block.ms", "10000"},
                                                 {"delivery.timeout.ms", "15000"},
                                                 {"request.timeout.ms", "5000"}});
  std::atomic<bool> stop{false};
  std::mutex m;
  std::uint64_t sent = 0, acked = 0, failed = 0;
  std::string first_send_error;
  std::thread sender([&] {
    while (!stop.load()) {
      client::record r;
      r.topic = topic;
      r.value = client::as_bytes(std::string_view("x"));
      try {
        p.send(r, [&](std::error_code ec, const record_metadata& md) {
          std::lock_guard l(m);
          if (!ec) return (void)++acked;
          ++failed;
          if (first_send_error.empty()) first_send_error = ec.message() + ": " + md.error_detail;
        });
        std::lock_guard l(m);
        ++sent;
      } catch (const kwire::error& e) {
        std::lock_guard l(m);
        ++failed;
        if (first_send_error.empty()) first_send_error = std::string("send: ") + e.what();
      }
      std::this_thread::sleep_for(20ms);
    }
  });
  // Both running for a moment.
  for (const auto end = steady::now() + 2s; steady::now() < end;) c.poll(200ms);

  auto a = admin();
  ASSERT_NO_THROW(a.delete_topics({topic}).at(topic).get());
  const auto deleted = steady::now();
  const double cpu_before = cpu_seconds();
  std::string poll_error;
  double poll_error_s = -1;
  std::uint64_t polls = 0;
  for (const auto end = steady::now() + 30s; steady::now() < end;) {
    ++polls;
    auto r = attempt([&] { return c.poll(500ms); });
    if (!r && poll_error.empty()) {
      poll_error = r.error.detail;
      poll_error_s = std::chrono::duration<double>(steady::now() - deleted).count();
    }
  }
  const double cpu = cpu_seconds() - cpu_before;
  stop = true;
  sender.join();
  std::printf("group.protocol=%s, 30 s after DeleteTopics: %.2f CPU s, %llu polls; poll's error after %.1f s: %s\n"
              "producer: %llu sent, %llu acknowledged, %llu failed; first error: %s\n",
              GetParam().c_str(), cpu, static_cast<unsigned long long>(polls), poll_error_s, poll_error.c_str(),
              static_cast<unsigned long long>(sent), static_cast<unsigned long long>(acked),
              static_cast<unsigned long long>(failed), first_send_error.c_str());
  EXPECT_NE(poll_error.find(topic), std::string::npos) << "poll's error names the topic: " << poll_error;
  EXPECT_NE(first_send_error.find(topic), std::string::npos) << "the producer's error names the topic: " << first_send_error;
  EXPECT_LT(cpu, 3.0) << "a spin: 30 s of waiting should cost little CPU";
  EXPECT_NO_THROW(p.close());
  c.close();
}

INSTANTIATE_TEST_SUITE_P(both_protocols, topic_changes, ::testing::Values("classic", "consumer"));

}  // namespace
}  // namespace kwire::test
