// The partitioner: murmur2 and the keyed path checked against values the REAL Java client
// computed (Utils.murmur2 and BuiltInPartitioner.partitionForKey from kafka-clients 4.3.1), the
// built-in sticky partitioner of KIP-794 (switch after batch.size bytes, adaptive to queue
// lengths, partitioner.ignore.keys), round robin, and explicit partitions.
//
// The table below is the output of tests/unit/data/PartitionerTable.java; to re-run it:
//   cd tests/unit/data && d=$(mktemp -d) &&
//   javac -d "$d" -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" PartitionerTable.java &&
//   java -cp "$d:$HOME/.cache/kwire/kafka-4.3.1/libs/*" PartitionerTable

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <kwire/producer/partitioner.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/bytes.hpp>

using namespace kwire::client;
using bytes = std::vector<std::uint8_t>;
// The key as a producer's record holds it.
kwire::bytes_view byte_view(const bytes& b) { return kwire::as_bytes(b); }

namespace {

constexpr std::array<std::int32_t, 13> counts = {1, 2, 3, 5, 7, 10, 12, 16, 31, 50, 64, 99, 100};

struct java_row {
  const char* key_hex;
  std::int32_t murmur2;
  std::array<std::int32_t, counts.size()> partition;  // partitionForKey(key, counts[i])
};

// Printed by PartitionerTable.java with kafka-clients 4.3.1 (keys: ASCII of every length 0..20,
// typical keys, UTF-8 beyond ASCII, binary).
const java_row java_table[] = {
    {"", 275646681, {0, 1, 0, 1, 2, 1, 9, 9, 13, 31, 25, 90, 81}},
    {"61", -1563381124, {0, 0, 1, 4, 5, 4, 4, 12, 28, 24, 60, 49, 24}},
    {"6162", 316155434, {0, 0, 2, 4, 0, 4, 2, 10, 12, 34, 42, 23, 34}},
    {"616263", 479470107, {0, 1, 0, 2, 4, 7, 3, 11, 20, 7, 27, 39, 7}},
    {"61626364", -1323649548, {0, 0, 2, 0, 5, 0, 8, 4, 17, 0, 52, 56, 0}},
    {"6162636465", 461995741, {0, 1, 1, 1, 4, 1, 1, 13, 13, 41, 29, 64, 41}},
    {"616263646566", 1870650108, {0, 0, 0, 3, 5, 8, 0, 12, 27, 8, 60, 63, 8}},
    {"61626364656667", -346467175, {0, 1, 1, 3, 4, 3, 1, 9, 18, 23, 25, 58, 73}},
    {"6162636465666768", -955427363, {0, 1, 0, 0, 0, 5, 9, 13, 17, 35, 29, 57, 85}},
    {"616263646566676869", -619679810, {0, 0, 0, 3, 1, 8, 6, 14, 24, 38, 62, 0, 38}},
    {"6162636465666768696a", 8205847, {0, 1, 1, 2, 6, 7, 7, 7, 23, 47, 23, 34, 47}},
    {"6162636465666768696a6b", -232389549, {0, 1, 2, 4, 2, 9, 11, 3, 0, 49, 19, 83, 99}},
    {"6162636465666768696a6b6c", -535286937, {0, 1, 2, 1, 6, 1, 11, 7, 16, 11, 39, 26, 11}},
    {"6162636465666768696a6b6c6d", 387415655, {0, 1, 2, 0, 4, 5, 11, 7, 6, 5, 39, 44, 55}},
    {"6162636465666768696a6b6c6d6e", 1842055212, {0, 0, 0, 2, 4, 2, 0, 12, 27, 12, 44, 30, 12}},
    {"6162636465666768696a6b6c6d6e6f", 1680674526, {0, 0, 0, 1, 6, 6, 6, 14, 9, 26, 30, 36, 26}},
    {"6162636465666768696a6b6c6d6e6f70", -253887988, {0, 0, 1, 0, 5, 0, 4, 12, 30, 10, 12, 88, 60}},
    {"6162636465666768696a6b6c6d6e6f7071", 1490128915, {0, 1, 1, 0, 2, 5, 7, 3, 21, 15, 19, 22, 15}},
    {"6162636465666768696a6b6c6d6e6f707172", 816947939, {0, 1, 2, 4, 3, 9, 11, 3, 10, 39, 35, 38, 39}},
    {"6162636465666768696a6b6c6d6e6f70717273", 111171840, {0, 0, 0, 0, 3, 0, 0, 0, 12, 40, 0, 87, 40}},
    {"6162636465666768696a6b6c6d6e6f7071727374", 844227805, {0, 1, 1, 0, 1, 5, 1, 13, 0, 5, 29, 58, 5}},
    {"6b6579", -1079937367, {0, 1, 1, 1, 4, 1, 1, 9, 25, 31, 41, 76, 81}},
    {"757365722d3432", 1459644460, {0, 0, 1, 0, 1, 0, 4, 12, 5, 10, 44, 43, 60}},
    {"6f726465723a31303030303031", -283166906, {0, 0, 0, 2, 1, 2, 6, 6, 23, 42, 6, 24, 42}},
    {"30", 971027396, {0, 0, 2, 1, 3, 6, 8, 4, 12, 46, 4, 53, 96}},
    {"31", -1993445489, {0, 1, 0, 4, 2, 9, 3, 15, 27, 9, 15, 0, 59}},
    {"3432", 417700972, {0, 0, 1, 2, 3, 2, 4, 12, 28, 22, 44, 73, 72}},
    {"6b61666b61", -798503068, {0, 0, 1, 0, 3, 0, 4, 4, 18, 30, 36, 46, 80}},
    {"4b61666b61", 824573139, {0, 1, 0, 4, 5, 9, 3, 3, 16, 39, 19, 60, 39}},
    {"4b41464b41", -1723761269, {0, 1, 0, 4, 3, 9, 3, 11, 26, 29, 11, 3, 79}},
    {"68656c6c6f20776f726c64", 1221641059, {0, 1, 1, 4, 2, 9, 7, 3, 3, 9, 35, 67, 59}},
    {"74686520717569636b2062726f776e20666f78", 2136040129, {0, 1, 1, 4, 6, 9, 1, 1, 9, 29, 1, 91, 29}},
    {"612d625f632e64", 886460303, {0, 1, 2, 3, 1, 3, 11, 15, 20, 3, 15, 47, 3}},
    {"c3a9", 186971271, {0, 1, 0, 1, 4, 1, 3, 7, 10, 21, 7, 69, 71}},
    {"6e61c3af7665", 452640081, {0, 1, 0, 1, 5, 1, 9, 1, 29, 31, 17, 3, 81}},
    {"e697a5e69cace8aa9e", 1431860170, {0, 0, 1, 0, 6, 0, 10, 10, 23, 20, 10, 4, 70}},
    {"d0bad0bbd18ed187", 2122343024, {0, 0, 2, 4, 4, 4, 8, 0, 6, 24, 48, 32, 24}},
    {"f09f9880", 131881617, {0, 1, 0, 2, 0, 7, 9, 1, 22, 17, 17, 54, 17}},
    {"5ac3bc726963682d53747261c39f65", 1585296749, {0, 1, 2, 4, 1, 9, 5, 13, 25, 49, 45, 47, 49}},
    {"c3bfc3bfc3bfc3bf", 370107280, {0, 0, 1, 0, 4, 0, 4, 0, 16, 30, 16, 37, 80}},
    {"00", 375494588, {0, 0, 2, 3, 0, 8, 8, 12, 20, 38, 60, 62, 88}},
    {"00000000", 850957120, {0, 0, 1, 0, 6, 0, 4, 0, 21, 20, 0, 46, 20}},
    {"ff", -311467685, {0, 1, 0, 3, 5, 3, 3, 11, 12, 13, 27, 78, 63}},
    {"ffffffff", 644171429, {0, 1, 2, 4, 6, 9, 5, 5, 16, 29, 37, 11, 29}},
    {"807f807f01", -165003828, {0, 0, 2, 0, 6, 0, 8, 12, 29, 20, 12, 68, 20}},
    {"c8ed12375c81a6cbf0153a5f84a9cef318", 1979245164, {0, 0, 0, 4, 1, 4, 0, 12, 6, 14, 44, 39, 64}},
    {"00000000075bcd15", -160263360, {0, 0, 2, 3, 4, 8, 8, 0, 8, 38, 0, 20, 88}},
    {"f0f1f2f3f4f5f6f7f8f9fafbfcfdfefff0f1f2f3", -1472990703, {0, 1, 2, 0, 0, 5, 5, 1, 29, 45, 17, 5, 45}},
};

bytes unhex(std::string_view s) {
  bytes out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

TEST(Partitioner, Murmur2MatchesJava) {
  ASSERT_EQ(std::size(java_table), 48u);
  for (const auto& row : java_table) {
    const bytes key = unhex(row.key_hex);
    EXPECT_EQ(murmur2(byte_view(key)), row.murmur2) << "key " << row.key_hex;
    for (std::size_t i = 0; i < counts.size(); ++i)
      EXPECT_EQ(partition_for_key(byte_view(key), counts[i]), row.partition[i])
          << "key " << row.key_hex << ", " << counts[i] << " partitions";
  }
}

TEST(Partitioner, KeyedRecordsGoWhereJavaPutsThem) {
  partitioner p({}, 1);
  for (const auto& row : java_table) {
    const bytes key = unhex(row.key_hex);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      // Availability does not move keyed records (Java's keyed path ignores it too).
      const std::vector<std::int32_t> available = {0};
      auto res = p.choose("t", byte_view(key), std::nullopt, counts[i], available);
      ASSERT_TRUE(res) << res.detail;
      EXPECT_EQ(res.partition, row.partition[i]) << row.key_hex;
    }
  }
}

TEST(Partitioner, ExplicitPartitionPassesThroughOrFailsClearly) {
  partitioner p({}, 1);
  const bytes key = unhex("6b6579");
  auto res = p.choose("orders", byte_view(key), 2, 3);
  ASSERT_TRUE(res);
  EXPECT_EQ(res.partition, 2);
  for (std::int32_t bad : {3, -1, 100}) {
    res = p.choose("orders", std::nullopt, bad, 3);
    EXPECT_EQ(res.ec, kwire::client_errc::invalid_value);
    EXPECT_NE(res.detail.find("partition " + std::to_string(bad) + " of topic orders does not exist"), std::string::npos)
        << res.detail;
    EXPECT_NE(res.detail.find("0..2"), std::string::npos) << res.detail;
  }
  res = p.choose("ghost", std::nullopt, std::nullopt, 0);
  EXPECT_EQ(res.ec, kwire::client_errc::invalid_value);
  EXPECT_NE(res.detail.find("ghost"), std::string::npos) << res.detail;
}

TEST(Partitioner, StickyKeepsAPartitionUntilItHasTakenBatchSizeBytes) {
  partitioner p({.sticky_batch_size = 1000}, 42);
  const auto first = p.choose("t", std::nullopt, std::nullopt, 8).partition;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, first);
  // Bytes on another partition or topic change nothing.
  p.choose("u", std::nullopt, std::nullopt, 8);
  p.on_appended("t", (first + 1) % 8, 5000, true);
  p.on_appended("u", p.choose("u", std::nullopt, std::nullopt, 8).partition, 5000, true);
  EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, first);
  // 999 bytes with a full batch: not yet; one more byte: the next record picks again.
  p.on_appended("t", first, 999, true);
  EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, first);
  // Over batch.size but the last batch has room (a batch sent early by linger.ms): it stays, so
  // the next batch is not cut short ...
  p.on_appended("t", first, 1, false);
  p.on_appended("t", first, 998, false);
  EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, first);
  // ... until twice batch.size.
  p.on_appended("t", first, 2, false);
  std::set<std::int32_t> seen;
  for (int i = 0; i < 200; ++i) {
    const auto current = p.choose("t", std::nullopt, std::nullopt, 8).partition;
    ASSERT_GE(current, 0);
    ASSERT_LT(current, 8);
    seen.insert(current);
    EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, current);  // counting starts at 0 again
    p.on_appended("t", current, 600, true);
    EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 8).partition, current);
    p.on_appended("t", current, 400, true);  // 1000: the next record picks again
  }
  EXPECT_EQ(seen.size(), 8u) << "a uniform choice should reach every partition in 200 switches";
}

TEST(Partitioner, StickyPicksOnlyAvailablePartitions) {
  partitioner p({.sticky_batch_size = 10}, 7);
  const std::vector<std::int32_t> available = {1, 4, 6};
  std::map<std::int32_t, int> hits;
  for (int i = 0; i < 300; ++i) {
    const auto current = p.choose("t", std::nullopt, std::nullopt, 8, available).partition;
    ++hits[current];
    p.on_appended("t", current, 10, true);
  }
  for (const auto& [partition, n] : hits) {
    EXPECT_TRUE(partition == 1 || partition == 4 || partition == 6) << partition;
    EXPECT_GT(n, 60) << "partition " << partition << " picked too rarely for a uniform choice";
  }
  EXPECT_EQ(hits.size(), 3u);
  // One partition: it stays.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p.choose("one", std::nullopt, std::nullopt, 1).partition, 0);
    p.on_appended("one", 0, 100, true);
  }
}

TEST(Partitioner, AdaptivePartitioningFavoursShorterQueues) {
  // Java's example (BuiltInPartitioner.updatePartitionLoadStats): queues 0, 3, 1 give weights
  // 4, 1, 3 out of 8.
  partitioner p({.sticky_batch_size = 1}, 11);
  const partition_load load[] = {{0, 0}, {1, 3}, {2, 1}};
  p.set_load("t", load, 3);
  std::map<std::int32_t, int> hits;
  constexpr int picks = 8000;
  for (int i = 0; i < picks; ++i) {
    const auto current = p.choose("t", std::nullopt, std::nullopt, 3).partition;
    ++hits[current];
    p.on_appended("t", current, 1, true);
  }
  EXPECT_NEAR(hits[0], picks * 4 / 8, picks / 20);
  EXPECT_NEAR(hits[1], picks * 1 / 8, picks / 20);
  EXPECT_NEAR(hits[2], picks * 3 / 8, picks / 20);

  // A partition left out (no leader, or its leader unavailable) is never picked, even with all
  // remaining queues equal; equal queues over every partition are a uniform choice.
  const partition_load two[] = {{0, 2}, {2, 2}};
  p.set_load("t", two, 3);
  hits.clear();
  for (int i = 0; i < 600; ++i) {
    const auto current = p.choose("t", std::nullopt, std::nullopt, 3).partition;
    ++hits[current];
    p.on_appended("t", current, 1, true);
  }
  EXPECT_EQ(hits.count(1), 0u);
  EXPECT_GT(hits[0], 200);
  EXPECT_GT(hits[2], 200);
  const partition_load equal[] = {{0, 5}, {1, 5}, {2, 5}};
  p.set_load("t", equal, 3);
  hits.clear();
  for (int i = 0; i < 600; ++i) {
    const auto current = p.choose("t", std::nullopt, std::nullopt, 3).partition;
    ++hits[current];
    p.on_appended("t", current, 1, true);
  }
  EXPECT_EQ(hits.size(), 3u);
  for (const auto& [partition, n] : hits) EXPECT_GT(n, 120) << partition;

  // Keyed records and explicit partitions are never moved by the load.
  p.set_load("t", load, 3);
  const bytes key = unhex("6b6579");
  EXPECT_EQ(p.choose("t", byte_view(key), std::nullopt, 3).partition, partition_for_key(byte_view(key), 3));
  EXPECT_EQ(p.choose("t", std::nullopt, 1, 3).partition, 1);
}

TEST(Partitioner, IgnoreKeysAndStickyModeMakeKeyedRecordsSticky) {
  for (partitioner_options o : {partitioner_options{.kind = partitioner_kind::sticky},
                                partitioner_options{.ignore_keys = true}}) {
    partitioner p(o, 3);
    const bytes a = unhex("61"), b = unhex("62");
    const auto pa = p.choose("t", byte_view(a), std::nullopt, 16).partition;
    EXPECT_EQ(p.choose("t", byte_view(b), std::nullopt, 16).partition, pa);
    EXPECT_EQ(p.choose("t", std::nullopt, std::nullopt, 16).partition, pa);
    EXPECT_TRUE(p.sticky(byte_view(a), std::nullopt));
    EXPECT_FALSE(p.sticky(byte_view(a), 2));
  }
  partitioner keyed({}, 3);
  const bytes a = unhex("61");
  EXPECT_FALSE(keyed.sticky(byte_view(a), std::nullopt));
  EXPECT_TRUE(keyed.sticky(std::nullopt, std::nullopt));
}

TEST(Partitioner, RoundRobinCyclesPerTopic) {
  partitioner p({.kind = partitioner_kind::round_robin}, 0);
  const bytes key = unhex("6b6579");
  std::vector<std::int32_t> got;
  for (int i = 0; i < 7; ++i) got.push_back(p.choose("t", byte_view(key), std::nullopt, 3).partition);
  EXPECT_EQ(got, (std::vector<std::int32_t>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(p.choose("other", std::nullopt, std::nullopt, 3).partition, 0);  // its own counter
  const std::vector<std::int32_t> available = {2, 5};
  got.clear();
  for (int i = 0; i < 4; ++i) got.push_back(p.choose("u", std::nullopt, std::nullopt, 6, available).partition);
  EXPECT_EQ(got, (std::vector<std::int32_t>{2, 5, 2, 5}));
}

}  // namespace
