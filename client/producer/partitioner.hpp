#pragma once
// Which partition a record goes to, as the Java client (3.3+) decides it:
//   - a record that names its partition goes there (checked against the partition count);
//   - keyed records (partitioner=default): toPositive(murmur2(key)) % partitions, Kafka's
//     Utils.murmur2 (seed 0x9747b28c) — the same partition the Java client picks;
//   - unkeyed records (and every record with partitioner=sticky or partitioner.ignore.keys):
//     the built-in partitioner of KIP-794 — one sticky partition per topic until it has taken
//     batch.size bytes (and its last batch is full, or twice batch.size in any case), then the
//     next one, picked at random among the partitions that may take records, weighted towards
//     the shorter queues when the producer hands in their lengths (adaptive partitioning);
//   - partitioner=round_robin: every record to the next partition (among those with a leader).
// No clock and no I/O: the producer reports each append (on_appended) and, with adaptive
// partitioning, the queue lengths it sees (set_load).
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

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

struct partitioner_options {
  partitioner_kind kind = partitioner_kind::default_partitioner;
  std::int32_t sticky_batch_size = 16384;  // batch.size: bytes a sticky partition takes before the next
  bool ignore_keys = false;                // partitioner.ignore.keys: keyed records are sticky too
};

// One partition's queue length (batches waiting in the accumulator) for adaptive partitioning.
struct partition_load {
  std::int32_t partition = 0;
  std::int32_t queued = 0;
};

class partitioner {
 public:
  explicit partitioner(partitioner_options o) : partitioner(o, std::random_device{}()) {}
  partitioner(partitioner_options o, std::uint64_t seed);

  // `partitions`: the topic's partition count; `available`: the partitions that have a leader
  // now (empty: treat all as available, as Java does when none has one).
  partition_result choose(std::string_view topic, const std::optional<bytes_view>& key,
                          std::optional<std::int32_t> explicit_partition, std::int32_t partitions,
                          std::span<const std::int32_t> available = {});

  // Whether `choose` gives `topic`'s records with this key (or none) the sticky partition.
  bool sticky(const std::optional<bytes_view>& key, std::optional<std::int32_t> explicit_partition) const;

  // `bytes` were appended to `partition` of `topic`; `batch_full`: its last batch has no room
  // left. On the topic's sticky partition this counts towards the switch (KIP-794): after
  // batch.size bytes when the last batch is full (so batches are not cut short by a switch),
  // after twice batch.size in any case. Other partitions are ignored.
  void on_appended(std::string_view topic, std::int32_t partition, std::size_t bytes, bool batch_full);

  // Adaptive partitioning: the queue lengths of `topic`'s partitions that may take records now
  // (`all`: the topic's partition count). The next sticky partition is picked with weight
  // (longest queue + 1 - its queue). Uniform among the available partitions instead (and the
  // figures dropped) when `load` is empty, when the topic has fewer than two partitions, or
  // when every partition is listed with the same length.
  void set_load(std::string_view topic, std::span<const partition_load> load, std::int32_t all);

 private:
  struct sticky_state {
    std::int32_t partition = -1;         // -1: pick one on the next record
    std::size_t produced = 0;            // bytes appended to it so far
    std::vector<std::int32_t> weights;   // cumulative weights of `ids` (adaptive); empty: uniform
    std::vector<std::int32_t> ids;
  };
  std::int32_t next_partition(sticky_state& s, std::int32_t partitions, std::span<const std::int32_t> available);

  partitioner_options options_;
  std::mt19937_64 rng_;
  std::map<std::string, sticky_state, std::less<>> sticky_;        // topic → its sticky partition
  std::map<std::string, std::uint32_t, std::less<>> round_robin_;  // topic → next counter
};

}  // namespace kwire::client
