#pragma once
// DeleteShareGroupOffsets (key 92): deletes a share group's offsets for whole topics.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_share_group_offsets_request {
  static constexpr auto api = api_key::delete_share_group_offsets;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteShareGroupOffsetsRequest";

  struct delete_share_group_offsets_request_topic {
    static constexpr std::string_view schema_name = "DeleteShareGroupOffsetsRequestTopic";
    std::string topic_name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_share_group_offsets_request_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
      };
    }
    bool operator==(const delete_share_group_offsets_request_topic&) const = default;
  };

  std::string group_id;
  std::vector<delete_share_group_offsets_request_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_share_group_offsets_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const delete_share_group_offsets_request&) const = default;
};

struct delete_share_group_offsets_response {
  static constexpr auto api = api_key::delete_share_group_offsets;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteShareGroupOffsetsResponse";

  struct delete_share_group_offsets_response_topic {
    static constexpr std::string_view schema_name = "DeleteShareGroupOffsetsResponseTopic";
    std::string topic_name;
    uuid topic_id;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_share_group_offsets_response_topic;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const delete_share_group_offsets_response_topic&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::vector<delete_share_group_offsets_response_topic> responses;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_share_group_offsets_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::responses, "Responses", from(0)),
    };
  }
  bool operator==(const delete_share_group_offsets_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_share_group_offsets_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_share_group_offsets_response)

}  // namespace kwire::protocol
