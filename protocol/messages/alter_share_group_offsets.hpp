#pragma once
// AlterShareGroupOffsets (key 91): sets the start offsets of a share group's share-partitions.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_share_group_offsets_request {
  static constexpr auto api = api_key::alter_share_group_offsets;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterShareGroupOffsetsRequest";

  struct alter_share_group_offsets_request_partition {
    static constexpr std::string_view schema_name = "AlterShareGroupOffsetsRequestPartition";
    std::int32_t partition_index = 0;
    std::int64_t start_offset = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_share_group_offsets_request_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::start_offset, "StartOffset", from(0)),
      };
    }
    bool operator==(const alter_share_group_offsets_request_partition&) const = default;
  };

  struct alter_share_group_offsets_request_topic {
    static constexpr std::string_view schema_name = "AlterShareGroupOffsetsRequestTopic";
    std::string topic_name;
    std::vector<alter_share_group_offsets_request_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_share_group_offsets_request_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const alter_share_group_offsets_request_topic&) const = default;
  };

  std::string group_id;
  std::vector<alter_share_group_offsets_request_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_share_group_offsets_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const alter_share_group_offsets_request&) const = default;
};

struct alter_share_group_offsets_response {
  static constexpr auto api = api_key::alter_share_group_offsets;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterShareGroupOffsetsResponse";

  struct alter_share_group_offsets_response_partition {
    static constexpr std::string_view schema_name = "AlterShareGroupOffsetsResponsePartition";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_share_group_offsets_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const alter_share_group_offsets_response_partition&) const = default;
  };

  struct alter_share_group_offsets_response_topic {
    static constexpr std::string_view schema_name = "AlterShareGroupOffsetsResponseTopic";
    std::string topic_name;
    uuid topic_id;
    std::vector<alter_share_group_offsets_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_share_group_offsets_response_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const alter_share_group_offsets_response_topic&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::vector<alter_share_group_offsets_response_topic> responses;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_share_group_offsets_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::responses, "Responses", from(0)),
    };
  }
  bool operator==(const alter_share_group_offsets_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_share_group_offsets_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_share_group_offsets_response)

}  // namespace kwire::protocol
