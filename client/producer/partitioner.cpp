#include <kwire/producer/partitioner.hpp>

#include <algorithm>

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

partitioner::partitioner(partitioner_options o, std::uint64_t seed) : options_(o), rng_(seed) {
  options_.sticky_batch_size = std::max<std::int32_t>(1, options_.sticky_batch_size);
}

bool partitioner::sticky(const std::optional<bytes_view>& key, std::optional<std::int32_t> explicit_partition) const {
  if (explicit_partition || options_.kind == partitioner_kind::round_robin) return false;
  return !key || options_.ignore_keys || options_.kind == partitioner_kind::sticky;
}

std::int32_t partitioner::next_partition(sticky_state& s, std::int32_t partitions,
                                         std::span<const std::int32_t> available) {
  // As Java's BuiltInPartitioner.nextPartition: weighted by the queue lengths when there are
  // figures, else uniform among the partitions with a leader (all of them when none has one).
  if (!s.weights.empty()) {
    std::uniform_int_distribution<std::int32_t> d(0, s.weights.back() - 1);
    const auto at = std::upper_bound(s.weights.begin(), s.weights.end(), d(rng_));
    const auto p = s.ids[static_cast<std::size_t>(at - s.weights.begin())];
    if (p < partitions) return p;
  }
  if (!available.empty()) {
    std::uniform_int_distribution<std::size_t> d(0, available.size() - 1);
    return available[d(rng_)];
  }
  std::uniform_int_distribution<std::int32_t> d(0, partitions - 1);
  return d(rng_);
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
  if (options_.kind == partitioner_kind::round_robin) {
    auto it = round_robin_.find(topic);
    if (it == round_robin_.end()) it = round_robin_.emplace(std::string(topic), 0).first;
    const std::uint32_t n = it->second++;
    if (!available.empty()) return {{}, {}, available[n % available.size()]};
    return {{}, {}, static_cast<std::int32_t>(n % static_cast<std::uint32_t>(partitions))};
  }
  if (!sticky(key, explicit_partition)) return {{}, {}, partition_for_key(*key, partitions)};
  auto it = sticky_.find(topic);
  if (it == sticky_.end()) it = sticky_.emplace(std::string(topic), sticky_state{}).first;
  auto& s = it->second;
  // A new sticky partition when there is none yet, or the old one vanished (fewer partitions).
  if (s.partition < 0 || s.partition >= partitions) {
    s.partition = next_partition(s, partitions, available);
    s.produced = 0;
  }
  return {{}, {}, s.partition};
}

void partitioner::on_appended(std::string_view topic, std::int32_t partition, std::size_t bytes, bool batch_full) {
  auto it = sticky_.find(topic);
  if (it == sticky_.end() || it->second.partition != partition) return;
  auto& s = it->second;
  s.produced += bytes;
  const auto size = static_cast<std::size_t>(options_.sticky_batch_size);
  // The next record picks again (choose() needs the partition count and availability).
  if ((s.produced >= size && batch_full) || s.produced >= 2 * size) s.partition = -1;
}

void partitioner::set_load(std::string_view topic, std::span<const partition_load> load, std::int32_t all) {
  auto it = sticky_.find(topic);
  if (it == sticky_.end()) {
    if (load.empty()) return;
    it = sticky_.emplace(std::string(topic), sticky_state{}).first;
  }
  auto& s = it->second;
  s.weights.clear();
  s.ids.clear();
  if (load.empty() || all < 2) return;
  std::int32_t longest = 0;
  bool same = true;
  for (const auto& l : load) {
    longest = std::max(longest, l.queued);
    same = same && l.queued == load.front().queued;
  }
  if (same && static_cast<std::int32_t>(load.size()) == all) return;  // nothing to weigh
  std::int32_t sum = 0;
  for (const auto& l : load) {
    sum += longest + 1 - std::max(0, l.queued);
    s.weights.push_back(sum);
    s.ids.push_back(l.partition);
  }
}

}  // namespace kwire::client
