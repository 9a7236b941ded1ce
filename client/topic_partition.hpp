#pragma once
// A partition of a topic: what assign(), seek(), commits and rebalance listeners name.

#include <cstdint>
#include <string>

namespace kwire {

struct topic_partition {
  std::string topic;
  std::int32_t partition = 0;
  auto operator<=>(const topic_partition&) const = default;
};

}  // namespace kwire
