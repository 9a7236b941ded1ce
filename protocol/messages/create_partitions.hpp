#pragma once
// CreatePartitions (key 37): raise the partition count of existing topics.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct create_partitions_request {
  static constexpr auto api = api_key::create_partitions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "CreatePartitionsRequest";

  struct create_partitions_assignment {
    static constexpr std::string_view schema_name = "CreatePartitionsAssignment";
    std::vector<std::int32_t> broker_ids;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = create_partitions_assignment;
      return std::tuple{
          field(&S::broker_ids, "BrokerIds", from(0)),
      };
    }
    bool operator==(const create_partitions_assignment&) const = default;
  };

  struct create_partitions_topic {
    static constexpr std::string_view schema_name = "CreatePartitionsTopic";
    std::string name;
    std::int32_t count = 0;
    // Null lets the broker place the new partitions.
    std::optional<std::vector<create_partitions_assignment>> assignments = std::vector<create_partitions_assignment>{};
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = create_partitions_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::count, "Count", from(0)),
          field(&S::assignments, "Assignments", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const create_partitions_topic&) const = default;
  };

  std::vector<create_partitions_topic> topics;
  std::int32_t timeout_ms = 0;
  bool validate_only = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_partitions_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
        field(&S::validate_only, "ValidateOnly", from(0)),
    };
  }
  bool operator==(const create_partitions_request&) const = default;
};

struct create_partitions_response {
  static constexpr auto api = api_key::create_partitions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "CreatePartitionsResponse";

  struct create_partitions_topic_result {
    static constexpr std::string_view schema_name = "CreatePartitionsTopicResult";
    std::string name;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = std::nullopt;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = create_partitions_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const create_partitions_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<create_partitions_topic_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_partitions_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const create_partitions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(create_partitions_request)
KWIRE_EXTERN_MESSAGE_CODEC(create_partitions_response)

}  // namespace kwire::protocol
