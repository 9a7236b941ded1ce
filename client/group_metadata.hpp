#pragma once
// What a consumer hands a transactional producer so that offsets commit inside a transaction
// (KIP-447): the group, and the member's generation and ids, which the group coordinator checks
// (a zombie of an older generation is refused). consumer::group_metadata() gives it; the
// producer's send_offsets_to_transaction() takes it with the offsets.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <kwire/topic_partition.hpp>

namespace kwire {

struct consumer_group_metadata {
  std::string group_id;
  std::int32_t generation_id = -1;  // classic generation, or the KIP-848 member epoch; -1 outside a group
  std::string member_id;            // empty outside a group
  std::optional<std::string> group_instance_id;
};

// An offset to commit: the next record to read, the leader epoch it was read under, and text.
struct offset_and_metadata {
  std::int64_t offset = 0;
  std::int32_t leader_epoch = -1;
  std::string metadata;
};
using offsets_to_commit = std::map<topic_partition, offset_and_metadata>;

}  // namespace kwire
