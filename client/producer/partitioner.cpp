#include <kwire/producer/partitioner.hpp>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

std::int32_t murmur2(bytes_view data) {
  // Unsigned arithmetic gives Java's wrapping int multiplication; >> on uint32 is Java's >>>.
  constexpr std::uint32_t seed = 0x9747b28c;
  constexpr std::uint32_t m = 0x5bd1e995;
  constexpr int r = 24;
  const std::size_t length = data.size();
  std::uint32_t h = seed ^ static_cast<std::uint32_t>(length);
  const std::size_t blocks = length / 4;
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t at = i * 4;
    std::uint32_t k = static_cast<std::uint32_t>(data[at]) | static_cast<std::uint32_t>(data[at + 1]) << 8 |
                      static_cast<std::uint32_t>(data[at + 2]) << 16 | static_cast<std::uint32_t>(data[at + 3]) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::size_t tail = blocks * 4;
  switch (length % 4) {
    case 3: h ^= static_cast<std::uint32_t>(data[tail + 2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<std::uint32_t>(data[tail + 1]) << 8; [[fallthrough]];
    case 1:
      h ^= static_cast<std::uint32_t>(data[tail]);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

std::int32_t partition_for_key(bytes_view key, std::int32_t partitions) {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

std::int32_t partitioner::pick_random(std::int32_t partitions, std::span<const std::int32_t> available,
                                      std::int32_t avoid) {
  // Another partition than the one whose batch just closed, when there is a choice.
  if (available.empty()) {
    if (partitions <= 1) return 0;
    std::uniform_int_distribution<std::int32_t> d(0, partitions - (avoid >= 0 && avoid < partitions ? 2 : 1));
    std::int32_t p = d(rng_);
    return avoid >= 0 && avoid < partitions && p >= avoid ? p + 1 : p;
  }
  if (available.size() == 1) return available[0];
  for (;;) {
    std::uniform_int_distribution<std::size_t> d(0, available.size() - 1);
    const std::int32_t p = available[d(rng_)];
    if (p != avoid) return p;
  }
}

partition_result partitioner::choose(std::string_view topic, const std::optional<bytes_view>& key,
                                     std::optional<std::int32_t> explicit_partition, std::int32_t partitions,
                                     std::span<const std::int32_t> available) {
  if (partitions <= 0)
    return {client_errc::invalid_value, "topic " + std::string(topic) + " has no partitions (unknown topic?)"};
  if (explicit_partition) {
    const auto p = *explicit_partition;
    if (p < 0 || p >= partitions)
      return {client_errc::invalid_value, "partition " + std::to_string(p) + " of topic " + std::string(topic) +
                                              " does not exist: it has partitions 0.." + std::to_string(partitions - 1)};
    return {{}, {}, p};
  }
  if (kind_ == partitioner_kind::default_partitioner && key) return {{}, {}, partition_for_key(*key, partitions)};
  if (kind_ == partitioner_kind::round_robin) {
    auto it = round_robin_.find(topic);
    if (it == round_robin_.end()) it = round_robin_.emplace(std::string(topic), 0).first;
    const std::uint32_t n = it->second++;
    if (!available.empty()) return {{}, {}, available[n % available.size()]};
    return {{}, {}, static_cast<std::int32_t>(n % static_cast<std::uint32_t>(partitions))};
  }
  auto it = sticky_.find(topic);
  if (it == sticky_.end()) it = sticky_.emplace(std::string(topic), -1).first;
  // A new sticky partition when there is none yet, or the old one vanished (fewer partitions).
  // on_batch_closed leaves -2 - p behind, so the next pick avoids p when it can.
  if (it->second < 0 || it->second >= partitions)
    it->second = pick_random(partitions, available, it->second <= -2 ? -2 - it->second : -1);
  return {{}, {}, it->second};
}

void partitioner::on_batch_closed(std::string_view topic, std::int32_t partition) {
  auto it = sticky_.find(topic);
  if (it == sticky_.end() || it->second != partition) return;
  // Marked to be re-picked on the next record, avoiding the partition that just closed.
  it->second = -2 - partition;
}

}  // namespace kwire::client
