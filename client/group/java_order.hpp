#pragma once
// The iteration order of Java's HashMap/HashSet, where an assignor's result depends on it.
//
// Java's sticky assignor walks HashMaps keyed by member id (and a HashSet of TopicPartition) and
// lets that order decide ties. To give the same assignment as a Java leader, kwire walks its
// members in the order Java would: a HashMap iterates its table from bucket 0 up, each bucket
// in insertion order (a resize splits buckets but keeps their relative order). The bucket is
// (h ^ (h >>> 16)) & (capacity - 1), capacity starts at 16 and doubles when the size passes
// 3/4 of it. Buckets of 8+ entries turn into trees in tables of 64+, whose order differs; with
// member counts and partition counts in the hundreds that needs pathological hash collisions,
// and the order here then is merely not Java's (still a valid assignment).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <kwire/group/consumer_protocol.hpp>

namespace kwire::client::group::java {

// String.hashCode over the UTF-16 code units of a UTF-8 string (a malformed byte counts as
// U+FFFD, which is what Java's decoder makes of it).
inline std::int32_t string_hash(std::string_view s) {
  std::uint32_t h = 0;
  auto unit = [&](std::uint32_t u) { h = 31 * h + u; };
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp;
    std::size_t n;
    if (b < 0x80) cp = b, n = 1;
    else if ((b & 0xe0) == 0xc0) cp = b & 0x1f, n = 2;
    else if ((b & 0xf0) == 0xe0) cp = b & 0x0f, n = 3;
    else if ((b & 0xf8) == 0xf0) cp = b & 0x07, n = 4;
    else cp = 0xfffd, n = 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) ok = false;
      else cp = cp << 6 | (c & 0x3f);
    }
    if (!ok) {
      unit(0xfffd);
      ++i;
      continue;
    }
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xd800 + (cp >> 10));
      unit(0xdc00 + (cp & 0x3ff));
    } else {
      unit(cp);
    }
  }
  return static_cast<std::int32_t>(h);
}

// TopicPartition.hashCode: 31 * (31 + partition) + topic.hashCode().
inline std::int32_t topic_partition_hash(const topic_partition& tp) {
  const auto h = 31u * (31u + static_cast<std::uint32_t>(tp.partition)) + static_cast<std::uint32_t>(string_hash(tp.topic));
  return static_cast<std::int32_t>(h);
}

// The table size of a HashMap built with `new HashMap<>()` after it has held `size` entries.
inline std::size_t capacity_for(std::size_t size) {
  std::size_t cap = 16;
  while (size > cap * 3 / 4) cap *= 2;
  return cap;
}

inline std::size_t bucket(std::int32_t hash, std::size_t capacity) {
  const auto h = static_cast<std::uint32_t>(hash);
  return (h ^ (h >> 16)) & (capacity - 1);
}

// Positions 0..n-1 of keys with these hashes (in insertion order) in HashMap iteration order.
inline std::vector<std::size_t> iteration_order(const std::vector<std::int32_t>& hashes) {
  const auto cap = capacity_for(hashes.size());
  std::vector<std::size_t> order(hashes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return bucket(hashes[a], cap) < bucket(hashes[b], cap); });
  return order;
}

// A HashSet<TopicPartition> as far as its first element goes: entries keep their insertion
// sequence, the table keeps the largest size it grew to.
class topic_partition_set {
 public:
  bool contains(const topic_partition& tp) const {
    return std::any_of(items_.begin(), items_.end(), [&](const auto& e) { return e.tp == tp; });
  }
  void insert(const topic_partition& tp) {
    if (contains(tp)) return;
    items_.push_back({tp, next_seq_++});
    capacity_ = std::max(capacity_, capacity_for(items_.size()));
  }
  void erase(const topic_partition& tp) {
    std::erase_if(items_, [&](const auto& e) { return e.tp == tp; });
  }
  bool empty() const { return items_.empty(); }
  // What iterator().next() returns. Precondition: !empty().
  const topic_partition& first() const {
    return std::min_element(items_.begin(), items_.end(),
                            [&](const auto& a, const auto& b) {
                              const auto ba = bucket(topic_partition_hash(a.tp), capacity_);
                              const auto bb = bucket(topic_partition_hash(b.tp), capacity_);
                              return ba != bb ? ba < bb : a.seq < b.seq;
                            })
        ->tp;
  }

 private:
  struct entry {
    topic_partition tp;
    std::uint64_t seq;
  };
  std::vector<entry> items_;
  std::uint64_t next_seq_ = 0;
  std::size_t capacity_ = 16;
};

}  // namespace kwire::client::group::java
