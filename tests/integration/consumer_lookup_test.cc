// Position lookups against the real broker: a transient failure (the topic does not exist yet)
// is retried inside poll, and one that lasts past default.api.timeout.ms is reported, naming the
// partition.

#include "tests/integration/consumer_support.hpp"

namespace kwire::test {
namespace {

TEST_F(fixture, APartitionThatAppearsLaterIsReadWithoutAnError) {
  const auto topic = unique("late");
  blocking_consumer c(consumer_settings("", {{"auto.offset.reset", "earliest"}, {"retry.backoff.ms", "200"}}));
  ASSERT_NO_THROW(c.start());
  c.assign({{topic, 0}});
  for (int i = 0; i < 10; ++i) {  // 2 s of lookups that fail: polls stay empty, not failed
    auto r = attempt([&] { return c.poll(200ms); });
    ASSERT_TRUE(r) << r.error.detail;
    EXPECT_TRUE(r.value.empty());
  }
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  produce(topic, 1, 3);
  client::records got;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (got.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    auto r = attempt([&] { return c.poll(200ms); });
    ASSERT_TRUE(r) << r.error.detail;
    for (auto& rec : r.value) got.push_back(std::move(rec));
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got.front().offset(), 0);
}

TEST_F(fixture, ALookupFailingPastTheApiTimeoutIsReported) {
  const auto topic = unique("never");
  blocking_consumer c(consumer_settings("", {{"auto.offset.reset", "earliest"}, {"retry.backoff.ms", "200"},
                                             {"default.api.timeout.ms", "2000"}}));
  ASSERT_NO_THROW(c.start());
  c.assign({{topic, 0}});
  kwire::result<kwire::records> r;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < start + 20s) {
    r = attempt([&] { return c.poll(200ms); });
    if (!r) break;
  }
  ASSERT_FALSE(r) << "no error after 20 s";
  EXPECT_GE(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_NE(r.error.detail.find(topic + "-0"), std::string::npos) << r.error.detail;
}

}  // namespace
}  // namespace kwire::test
