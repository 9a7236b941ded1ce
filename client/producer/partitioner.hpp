#pragma once
// Which partition a record goes to, as the Java client decides it:
//   - a record that names its partition goes there (checked against the partition count);
//   - keyed records (partitioner=default): toPositive(murmur2(key)) % partitions, Kafka's
//     Utils.murmur2 (seed 0x9747b28c) — the same partition the Java client picks;
//   - unkeyed records (and every record with partitioner=sticky): the sticky partitioner of
//     KIP-480 — one partition per topic until its batch closes, then another picked at random
//     among the partitions that have a leader;
//   - partitioner=round_robin: every record to the next partition (among those with a leader).
// No clock and no I/O: the producer calls on_batch_closed() when the accumulator closes the
// batch a sticky partition was filling.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <kwire/config/producer_config.hpp>
#include <kwire/bytes.hpp>

namespace kwire::client {

using kwire::bytes_view;

// Kafka's Utils.murmur2 (MurmurHash2, 32-bit, seed 0x9747b28c), bit for bit.
std::int32_t murmur2(bytes_view data);
// BuiltInPartitioner.partitionForKey: (murmur2(key) & 0x7fffffff) % partitions.
std::int32_t partition_for_key(bytes_view key, std::int32_t partitions);

struct partition_result {
  std::error_code ec;
  std::string detail;
  std::int32_t partition = -1;
  explicit operator bool() const { return !ec; }
};

class partitioner {
 public:
  explicit partitioner(partitioner_kind kind) : partitioner(kind, std::random_device{}()) {}
  partitioner(partitioner_kind kind, std::uint64_t seed) : kind_(kind), rng_(seed) {}

  // `partitions`: the topic's partition count; `available`: the partitions that have a leader
  // now (empty: treat all as available, as Java does when none has one).
  partition_result choose(std::string_view topic, const std::optional<bytes_view>& key,
                          std::optional<std::int32_t> explicit_partition, std::int32_t partitions,
                          std::span<const std::int32_t> available = {});

  // The batch on `partition` of `topic` closed: if that is the topic's sticky partition, the
  // next unkeyed record picks a new one (KIP-480). Any other partition is ignored.
  void on_batch_closed(std::string_view topic, std::int32_t partition);

 private:
  std::int32_t pick_random(std::int32_t partitions, std::span<const std::int32_t> available, std::int32_t avoid);

  partitioner_kind kind_;
  std::mt19937_64 rng_;
  std::map<std::string, std::int32_t, std::less<>> sticky_;        // topic → its sticky partition
  std::map<std::string, std::uint32_t, std::less<>> round_robin_;  // topic → next counter
};

}  // namespace kwire::client
