#pragma once
// What the consumer's broker tests share: settings, producing test records, polling until a
// count is in.

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "client/consumer_blocking.hpp"
#include "client/offsets.hpp"
#include "client/producer_blocking.hpp"
#include "tests/integration/producer_support.hpp"

namespace kwire::test {

using client::blocking_consumer;
using client::topic_partition;
using namespace std::chrono_literals;

inline std::string unique(const std::string& what) { return test::unique_topic("consumer-" + what); }

inline client::consumer_config consumer_settings(const std::string& group, const client::properties& extra = {}) {
  client::properties props{{"bootstrap.servers", test::bootstrap()}, {"client.id", "kwire-consumer-test"}};
  if (!group.empty()) props["group.id"] = group;
  for (const auto& [k, v] : extra) props[k] = v;
  client::consumer_config cfg;
  auto r = client::parse_consumer_config(props, cfg);
  EXPECT_TRUE(r) << r.detail;
  return cfg;
}

// `count` records "topic/partition/i" to each of `partitions`.
inline void produce(const std::string& topic, int partitions, int count, int first = 0) {
  client::blocking_producer p(client::properties{{"bootstrap.servers", test::bootstrap()}, {"linger.ms", "0"}});
  std::vector<std::future<client::record_metadata>> done;
  for (int part = 0; part < partitions; ++part)
    for (int i = first; i < first + count; ++i) {
      const std::string value = std::to_string(part) + "/" + std::to_string(i);
      client::record r;
      r.topic = topic;
      r.partition = part;
      r.value = client::as_bytes(value);
      done.push_back(p.send(r));
    }
  for (auto& f : done) f.get();
}

inline std::string text(const std::optional<protocol::bytes>& b) { return b ? std::string(b->begin(), b->end()) : "<null>"; }

// Polls until `want` records are in (or `timeout`), committing after each poll when asked.
inline client::records poll_for(blocking_consumer& c, std::size_t want, std::chrono::milliseconds timeout = 20s,
                         bool commit = false) {
  client::records out;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (out.size() < want && std::chrono::steady_clock::now() < end) {
    auto r = c.poll(200ms);
    EXPECT_TRUE(r) << r.detail;
    if (!r) break;
    for (auto& rec : r.value) out.push_back(std::move(rec));
    if (commit && !r.value.empty()) {
      EXPECT_TRUE(c.commit()) << "commit";
    }
  }
  return out;
}

struct fixture : ::testing::Test {
  net::blocking_cluster cluster{test::cluster_settings()};
  void SetUp() override { ASSERT_TRUE(cluster.start()); }
};

}  // namespace kwire::test
