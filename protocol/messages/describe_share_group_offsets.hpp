#pragma once
// DescribeShareGroupOffsets (key 90): the start offsets of share groups' share-partitions.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_share_group_offsets_request {
  static constexpr auto api = api_key::describe_share_group_offsets;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsRequest";

  struct describe_share_group_offsets_request_topic {
    static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsRequestTopic";
    std::string topic_name;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_share_group_offsets_request_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const describe_share_group_offsets_request_topic&) const = default;
  };

  struct describe_share_group_offsets_request_group {
    static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsRequestGroup";
    std::string group_id;
    // Null asks for every topic the group has offsets for.
    std::optional<std::vector<describe_share_group_offsets_request_topic>> topics =
        std::vector<describe_share_group_offsets_request_topic>{};
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_share_group_offsets_request_group;
      return std::tuple{
          field(&S::group_id, "GroupId", from(0)),
          field(&S::topics, "Topics", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const describe_share_group_offsets_request_group&) const = default;
  };

  std::vector<describe_share_group_offsets_request_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_share_group_offsets_request;
    return std::tuple{
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const describe_share_group_offsets_request&) const = default;
};

struct describe_share_group_offsets_response {
  static constexpr auto api = api_key::describe_share_group_offsets;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsResponse";

  struct describe_share_group_offsets_response_partition {
    static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsResponsePartition";
    std::int32_t partition_index = 0;
    std::int64_t start_offset = 0;
    std::int32_t leader_epoch = 0;
    std::int64_t lag = -1;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_share_group_offsets_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::start_offset, "StartOffset", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
          field(&S::lag, "Lag", from(1)).ignorable_field(),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const describe_share_group_offsets_response_partition&) const = default;
  };

  struct describe_share_group_offsets_response_topic {
    static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsResponseTopic";
    std::string topic_name;
    uuid topic_id;
    std::vector<describe_share_group_offsets_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_share_group_offsets_response_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const describe_share_group_offsets_response_topic&) const = default;
  };

  struct describe_share_group_offsets_response_group {
    static constexpr std::string_view schema_name = "DescribeShareGroupOffsetsResponseGroup";
    std::string group_id;
    std::vector<describe_share_group_offsets_response_topic> topics;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_share_group_offsets_response_group;
      return std::tuple{
          field(&S::group_id, "GroupId", from(0)),
          field(&S::topics, "Topics", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const describe_share_group_offsets_response_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<describe_share_group_offsets_response_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_share_group_offsets_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const describe_share_group_offsets_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_share_group_offsets_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_share_group_offsets_response)

}  // namespace kwire::protocol
