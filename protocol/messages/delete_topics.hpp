#pragma once
// DeleteTopics (key 20): delete topics by name (v0-5) or by name or id (v6+).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_topics_request {
  static constexpr auto api = api_key::delete_topics;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteTopicsRequest";

  struct delete_topic_state {
    static constexpr std::string_view schema_name = "DeleteTopicState";
    std::optional<std::string> name = std::nullopt;  // null: the topic is named by its id
    uuid topic_id;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_topic_state;
      return std::tuple{
          field(&S::name, "Name", from(6)).nullable(from(6)),
          field(&S::topic_id, "TopicId", from(6)),
      };
    }
    bool operator==(const delete_topic_state&) const = default;
  };

  std::vector<delete_topic_state> topics;
  std::vector<std::string> topic_names;
  std::int32_t timeout_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_topics_request;
    return std::tuple{
        field(&S::topics, "Topics", from(6)),
        field(&S::topic_names, "TopicNames", between(0, 5)).ignorable_field(),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
    };
  }
  bool operator==(const delete_topics_request&) const = default;
};

struct delete_topics_response {
  static constexpr auto api = api_key::delete_topics;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteTopicsResponse";

  struct deletable_topic_result {
    static constexpr std::string_view schema_name = "DeletableTopicResult";
    std::optional<std::string> name = "";
    uuid topic_id;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = std::nullopt;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = deletable_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)).nullable(from(6)),
          field(&S::topic_id, "TopicId", from(6)).ignorable_field(),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(5)).nullable(from(5)).ignorable_field(),
      };
    }
    bool operator==(const deletable_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<deletable_topic_result> responses;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_topics_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::responses, "Responses", from(0)),
    };
  }
  bool operator==(const delete_topics_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_topics_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_topics_response)

}  // namespace kwire::protocol
