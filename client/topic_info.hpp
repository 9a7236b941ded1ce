#pragma once
// What the cluster's metadata says about a topic (consumer topics(), partitions_for_topic()).

#include <cstdint>
#include <string>
#include <vector>

#include <kwire/error.hpp>

namespace kwire {

struct partition_info {
  std::int32_t partition = -1;
  std::int32_t leader = -1;        // broker id; -1: no leader known
  std::int32_t leader_epoch = -1;  // -1: unknown
  std::vector<std::int32_t> replicas;
  std::vector<std::int32_t> in_sync_replicas;
  std::vector<std::int32_t> offline_replicas;
  std::error_code error;           // as the broker reported it (e.g. LEADER_NOT_AVAILABLE)
};

struct topic_info {
  std::string name;
  bool internal = false;           // e.g. __consumer_offsets
  std::error_code error;           // e.g. UNKNOWN_TOPIC_OR_PARTITION for a topic asked for
  std::vector<partition_info> partitions;  // sorted by partition number
};

}  // namespace kwire
