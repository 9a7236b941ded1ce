#pragma once
// ListOffsets (key 2): the offset of a timestamp, or of the earliest / latest record, per
// partition.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct list_offsets_request {
  static constexpr auto api = api_key::list_offsets;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ListOffsetsRequest";

  struct list_offsets_partition {
    static constexpr std::string_view schema_name = "ListOffsetsPartition";
    std::int32_t partition_index = 0;
    std::int32_t current_leader_epoch = -1;
    std::int64_t timestamp = 0;
    // v0 only; Kafka 4 dropped v0, so this comes from the 3.9 schema.
    std::int32_t max_num_offsets = 1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = list_offsets_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::current_leader_epoch, "CurrentLeaderEpoch", from(4)).ignorable_field(),
          field(&S::timestamp, "Timestamp", from(0)),
          field(&S::max_num_offsets, "MaxNumOffsets", between(0, 0)),
      };
    }
    bool operator==(const list_offsets_partition&) const = default;
  };

  struct list_offsets_topic {
    static constexpr std::string_view schema_name = "ListOffsetsTopic";
    std::string name;
    std::vector<list_offsets_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = list_offsets_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const list_offsets_topic&) const = default;
  };

  // Kafka's schema has no default; consumers send -1.
  std::int32_t replica_id = 0;
  std::int8_t isolation_level = 0;
  std::vector<list_offsets_topic> topics;
  std::int32_t timeout_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_offsets_request;
    return std::tuple{
        field(&S::replica_id, "ReplicaId", from(0)),
        field(&S::isolation_level, "IsolationLevel", from(2)),
        field(&S::topics, "Topics", from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(10)).ignorable_field(),
    };
  }
  bool operator==(const list_offsets_request&) const = default;
};

struct list_offsets_response {
  static constexpr auto api = api_key::list_offsets;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ListOffsetsResponse";

  struct list_offsets_partition_response {
    static constexpr std::string_view schema_name = "ListOffsetsPartitionResponse";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    // v0 only (from the 3.9 schema): the offsets before the timestamp, newest first.
    std::vector<std::int64_t> old_style_offsets;
    std::int64_t timestamp = -1;
    std::int64_t offset = -1;
    std::int32_t leader_epoch = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = list_offsets_partition_response;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::old_style_offsets, "OldStyleOffsets", between(0, 0)),
          field(&S::timestamp, "Timestamp", from(1)),
          field(&S::offset, "Offset", from(1)),
          field(&S::leader_epoch, "LeaderEpoch", from(4)),
      };
    }
    bool operator==(const list_offsets_partition_response&) const = default;
  };

  struct list_offsets_topic_response {
    static constexpr std::string_view schema_name = "ListOffsetsTopicResponse";
    std::string name;
    std::vector<list_offsets_partition_response> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = list_offsets_topic_response;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const list_offsets_topic_response&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<list_offsets_topic_response> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_offsets_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(2)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const list_offsets_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(list_offsets_request)
KWIRE_EXTERN_MESSAGE_CODEC(list_offsets_response)

}  // namespace kwire::protocol
