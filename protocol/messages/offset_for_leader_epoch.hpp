#pragma once
// OffsetForLeaderEpoch (key 23): the end offset of a leader epoch, which lets a consumer detect
// log truncation after a leader change (KIP-320).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct offset_for_leader_epoch_request {
  static constexpr auto api = api_key::offset_for_leader_epoch;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "OffsetForLeaderEpochRequest";

  struct offset_for_leader_partition {
    static constexpr std::string_view schema_name = "OffsetForLeaderPartition";
    std::int32_t partition = 0;
    std::int32_t current_leader_epoch = -1;
    std::int32_t leader_epoch = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_for_leader_partition;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::current_leader_epoch, "CurrentLeaderEpoch", from(2)).ignorable_field(),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
      };
    }
    bool operator==(const offset_for_leader_partition&) const = default;
  };

  struct offset_for_leader_topic {
    static constexpr std::string_view schema_name = "OffsetForLeaderTopic";
    std::string topic;
    std::vector<offset_for_leader_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_for_leader_topic;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_for_leader_topic&) const = default;
  };

  // -2 is a consumer, -1 a debugging tool, anything else a follower's broker id.
  std::int32_t replica_id = -2;
  std::vector<offset_for_leader_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_for_leader_epoch_request;
    return std::tuple{
        field(&S::replica_id, "ReplicaId", from(3)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_for_leader_epoch_request&) const = default;
};

struct offset_for_leader_epoch_response {
  static constexpr auto api = api_key::offset_for_leader_epoch;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "OffsetForLeaderEpochResponse";

  struct epoch_end_offset {
    static constexpr std::string_view schema_name = "EpochEndOffset";
    std::int16_t error_code = 0;
    std::int32_t partition = 0;
    std::int32_t leader_epoch = -1;
    std::int64_t end_offset = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = epoch_end_offset;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::partition, "Partition", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(1)).ignorable_field(),
          field(&S::end_offset, "EndOffset", from(0)),
      };
    }
    bool operator==(const epoch_end_offset&) const = default;
  };

  struct offset_for_leader_topic_result {
    static constexpr std::string_view schema_name = "OffsetForLeaderTopicResult";
    std::string topic;
    std::vector<epoch_end_offset> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_for_leader_topic_result;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_for_leader_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<offset_for_leader_topic_result> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_for_leader_epoch_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(2)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_for_leader_epoch_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(offset_for_leader_epoch_request)
KWIRE_EXTERN_MESSAGE_CODEC(offset_for_leader_epoch_response)

}  // namespace kwire::protocol
