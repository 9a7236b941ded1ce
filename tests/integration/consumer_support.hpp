#pragma once
// What the consumer's broker tests share: settings, producing test records, polling until a
// count is in.

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/result.hpp>
#include <kwire/consumer/offsets.hpp>
#include <kwire/producer/producer_blocking.hpp>
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

inline std::string text(const std::optional<kwire::bytes_view>& b) { return b ? std::string(kwire::as_text(*b)) : "<null>"; }

// A throwing call's outcome as a kwire::result, for expectations on the error it threw.
template <class F>
auto attempt(F f) -> kwire::result<std::decay_t<decltype(f())>> {
  try {
    return {{}, f()};
  } catch (const kwire::error& e) {
    return {e.info(), {}};
  }
}

// Polls until `want` records are in (or `timeout`), committing after each poll when asked.
inline client::records poll_for(blocking_consumer& c, std::size_t want, std::chrono::milliseconds timeout = 20s,
                         bool commit = false) {
  client::records out;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (out.size() < want && std::chrono::steady_clock::now() < end) {
    auto r = attempt([&] { return c.poll(200ms); });
    EXPECT_TRUE(r) << r.error.detail;
    if (!r) break;
    for (auto& rec : r.value) out.push_back(std::move(rec));
    if (commit && !r.value.empty()) {
      EXPECT_NO_THROW(c.commit());
    }
  }
  return out;
}

struct fixture : ::testing::Test {
  net::blocking_cluster cluster{test::cluster_settings()};
  void SetUp() override { ASSERT_TRUE(cluster.start()); }
};

// Two members split a 6-partition topic, then a third joins: each of the first two must revoke
// exactly one partition and keep the other two (incremental rebalancing: KIP-429's
// cooperative-sticky or KIP-848's coordinator). `props` pick the protocol.
inline void expect_third_member_takes_only_what_moves(net::blocking_cluster& cluster, const std::string& what,
                                                      const client::properties& props,
                                                      std::chrono::milliseconds within) {
  const auto topic = unique(what);
  ASSERT_TRUE(test::create_topic(cluster, topic, 6));
  const auto group = unique("group-" + what);
  struct member {  // c last: it is destroyed first, and its close() still calls the listener
    std::mutex m;
    std::vector<topic_partition> revoked;
    std::unique_ptr<blocking_consumer> c;
  };
  member m[3];
  for (auto& x : m) {
    x.c = std::make_unique<blocking_consumer>(consumer_settings(group, props));
    ASSERT_NO_THROW(x.c->start());
  }
  auto subscribe = [&](member& x) {
    client::rebalance_listener l;
    l.revoked = [&x](const std::vector<topic_partition>& p) {
      std::lock_guard lock(x.m);
      x.revoked.insert(x.revoked.end(), p.begin(), p.end());
    };
    x.c->subscribe({topic}, l);
  };
  auto settle = [&](int members, std::size_t each) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      bool ok = true;
      for (int i = 0; i < members; ++i) {
        m[i].c->poll(50ms);
        ok = ok && m[i].c->assignment().size() == each;
      }
      if (ok) return true;
    }
    return false;
  };
  subscribe(m[0]);
  subscribe(m[1]);
  ASSERT_TRUE(settle(2, 3));
  const auto before0 = m[0].c->assignment(), before1 = m[1].c->assignment();
  for (auto& x : m) {
    std::lock_guard lock(x.m);
    x.revoked.clear();
  }
  subscribe(m[2]);
  ASSERT_TRUE(settle(3, 2));
  for (int i = 0; i < 2; ++i) {
    const auto& before = i == 0 ? before0 : before1;
    std::lock_guard lock(m[i].m);
    ASSERT_EQ(m[i].revoked.size(), 1u) << "member " << i;
    for (const auto& tp : m[i].c->assignment()) {
      EXPECT_TRUE(std::find(before.begin(), before.end(), tp) != before.end()) << client::to_string(tp);
      EXPECT_TRUE(std::find(m[i].revoked.begin(), m[i].revoked.end(), tp) == m[i].revoked.end());
    }
  }
}

// A regex subscription reads a matching topic, then one created later (found within
// metadata.max.age.ms, which `props` should make short).
inline void expect_pattern_picks_up_new_topic(net::blocking_cluster& cluster, const std::string& what,
                                              const client::properties& props, std::chrono::milliseconds within) {
  const auto prefix = unique(what);
  ASSERT_TRUE(test::create_topic(cluster, prefix + "-a", 1));
  produce(prefix + "-a", 1, 2);
  blocking_consumer c(consumer_settings(unique("group-" + what), props));
  ASSERT_NO_THROW(c.start());
  c.subscribe(std::regex(prefix + "-.*"));
  auto got = poll_for(c, 2, within);
  ASSERT_EQ(got.size(), 2u);
  ASSERT_TRUE(test::create_topic(cluster, prefix + "-b", 1));
  produce(prefix + "-b", 1, 3);
  got = poll_for(c, 3, within);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got.front().topic(), prefix + "-b");
  EXPECT_EQ(c.assignment().size(), 2u);
}

}  // namespace kwire::test
