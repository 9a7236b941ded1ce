#pragma once
// OffsetDelete (key 47): remove a group's committed offsets for some partitions.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct offset_delete_request {
  static constexpr auto api = api_key::offset_delete;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "OffsetDeleteRequest";

  struct offset_delete_request_partition {
    static constexpr std::string_view schema_name = "OffsetDeleteRequestPartition";
    std::int32_t partition_index = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_delete_request_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
      };
    }
    bool operator==(const offset_delete_request_partition&) const = default;
  };

  struct offset_delete_request_topic {
    static constexpr std::string_view schema_name = "OffsetDeleteRequestTopic";
    std::string name;
    std::vector<offset_delete_request_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_delete_request_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_delete_request_topic&) const = default;
  };

  std::string group_id;
  std::vector<offset_delete_request_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_delete_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_delete_request&) const = default;
};

struct offset_delete_response {
  static constexpr auto api = api_key::offset_delete;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "OffsetDeleteResponse";

  struct offset_delete_response_partition {
    static constexpr std::string_view schema_name = "OffsetDeleteResponsePartition";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_delete_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const offset_delete_response_partition&) const = default;
  };

  struct offset_delete_response_topic {
    static constexpr std::string_view schema_name = "OffsetDeleteResponseTopic";
    std::string name;
    std::vector<offset_delete_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_delete_response_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_delete_response_topic&) const = default;
  };

  std::int16_t error_code = 0;
  std::int32_t throttle_time_ms = 0;
  std::vector<offset_delete_response_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_delete_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_delete_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(offset_delete_request)
KWIRE_EXTERN_MESSAGE_CODEC(offset_delete_response)

}  // namespace kwire::protocol
