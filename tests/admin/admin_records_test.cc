// The admin client's offsets and records calls against the real broker (issue #16): list
// offsets (earliest, latest, max timestamp, by time) and delete records, per partition.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <random>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace {

using kwire::offset_spec;
using kwire::topic_partition;

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

std::string make_topic(kwire::blocking_admin& a, const std::string& prefix, int partitions) {
  const auto name = unique(prefix);
  auto made = a.create_topics({{.name = name, .partitions = partitions, .replication_factor = 1}});
  EXPECT_TRUE(made.at(name)) << made.at(name).error.message();
  return name;
}

// `count` records to `partition`, the i-th with timestamp base + i * 1000 (the largest in the middle).
void produce(const std::string& topic, int partition, int count, std::int64_t base) {
  kwire::blocking_producer p({{"bootstrap.servers", kwire::test::bootstrap()}, {"linger.ms", "0"}});
  std::vector<std::future<kwire::record_metadata>> sent;
  for (int i = 0; i < count; ++i) {
    kwire::client::record r;
    r.topic = topic;
    r.partition = partition;
    r.value = kwire::client::as_bytes("v");
    r.timestamp = base + i * 1000 + (i == count / 2 ? 1000000 : 0);
    sent.push_back(p.send(r));
  }
  for (auto& f : sent) f.get();
}

constexpr std::int64_t base_ms = 1790000000000;

TEST(AdminRecords, ListOffsetsEarliestLatestMaxTimestampAndByTime) {
  auto a = make_admin();
  const auto topic = make_topic(a, "rec-list", 2);
  produce(topic, 0, 10, base_ms);
  const topic_partition p0{topic, 0}, p1{topic, 1};

  auto got = a.list_offsets({{p0, offset_spec::latest()}, {p1, offset_spec::latest()}});
  ASSERT_TRUE(got.at(p0)) << got.at(p0).error.message();
  EXPECT_EQ(got.at(p0).value.offset, 10);
  EXPECT_EQ(got.at(p1).get().offset, 0);

  EXPECT_EQ(a.list_offsets({{p0, offset_spec::earliest()}}).at(p0).get().offset, 0);

  auto max = a.list_offsets({{p0, offset_spec::max_timestamp()}}).at(p0).get();
  EXPECT_EQ(max.offset, 5);
  EXPECT_EQ(max.timestamp, base_ms + 5000 + 1000000);

  auto at = a.list_offsets({{p0, offset_spec::for_time(base_ms + 2500)}}).at(p0).get();
  EXPECT_EQ(at.offset, 3);
  EXPECT_EQ(at.timestamp, base_ms + 3000);
  EXPECT_EQ(a.list_offsets({{p0, offset_spec::for_time(base_ms + 100000000)}}).at(p0).get().offset, -1);
}

TEST(AdminRecords, UnknownTopicAndPartitionFailAlone) {
  auto a = make_admin();
  const auto topic = make_topic(a, "rec-unknown", 1);
  const topic_partition good{topic, 0}, no_partition{topic, 7}, no_topic{unique("rec-none"), 0};
  const auto start = std::chrono::steady_clock::now();
  auto got = a.list_offsets({{good, offset_spec::latest()}, {no_partition, offset_spec::latest()},
                             {no_topic, offset_spec::latest()}});
  EXPECT_TRUE(got.at(good)) << got.at(good).error.message();
  ASSERT_FALSE(got.at(no_partition));
  EXPECT_EQ(got.at(no_partition).error.ec, kwire::broker_errc::unknown_topic_or_partition) << got.at(no_partition).error.message();
  EXPECT_NE(got.at(no_partition).error.detail.find(topic + "-7"), std::string::npos) << got.at(no_partition).error.detail;
  ASSERT_FALSE(got.at(no_topic));
  EXPECT_EQ(got.at(no_topic).error.ec, kwire::broker_errc::unknown_topic_or_partition) << got.at(no_topic).error.message();

  auto del = a.delete_records({{no_topic, 1}});
  ASSERT_FALSE(del.at(no_topic));
  EXPECT_EQ(del.at(no_topic).error.ec, kwire::broker_errc::unknown_topic_or_partition) << del.at(no_topic).error.message();
  // A few fresh metadata answers, not the whole default.api.timeout.ms (60 s).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST(AdminRecords, DeleteRecordsMovesTheLowWatermark) {
  auto a = make_admin();
  const auto topic = make_topic(a, "rec-delete", 2);
  produce(topic, 0, 10, base_ms);
  produce(topic, 1, 5, base_ms);
  const topic_partition p0{topic, 0}, p1{topic, 1};
  auto del = a.delete_records({{p0, 4}, {p1, -1}});  // -1: everything up to the high watermark
  ASSERT_TRUE(del.at(p0)) << del.at(p0).error.message();
  EXPECT_EQ(del.at(p0).value, 4);
  ASSERT_TRUE(del.at(p1)) << del.at(p1).error.message();
  EXPECT_EQ(del.at(p1).value, 5);
  EXPECT_EQ(a.list_offsets({{p0, offset_spec::earliest()}}).at(p0).get().offset, 4);

  // Beyond the high watermark: that partition's error, named.
  auto beyond = a.delete_records({{p0, 99}});
  ASSERT_FALSE(beyond.at(p0));
  EXPECT_EQ(beyond.at(p0).error.ec, kwire::broker_errc::offset_out_of_range) << beyond.at(p0).error.message();
  EXPECT_NE(beyond.at(p0).error.detail.find(topic + "-0"), std::string::npos) << beyond.at(p0).error.detail;
}

}  // namespace
