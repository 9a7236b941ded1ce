#pragma once
// AlterPartitionReassignments (key 45): start or cancel moving partition replicas.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_partition_reassignments_request {
  static constexpr auto api = api_key::alter_partition_reassignments;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterPartitionReassignmentsRequest";

  struct reassignable_partition {
    static constexpr std::string_view schema_name = "ReassignablePartition";
    std::int32_t partition_index = 0;
    // Null cancels the partition's pending reassignment.
    std::optional<std::vector<std::int32_t>> replicas = std::nullopt;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = reassignable_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::replicas, "Replicas", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const reassignable_partition&) const = default;
  };

  struct reassignable_topic {
    static constexpr std::string_view schema_name = "ReassignableTopic";
    std::string name;
    std::vector<reassignable_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = reassignable_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const reassignable_topic&) const = default;
  };

  std::int32_t timeout_ms = 60000;
  bool allow_replication_factor_change = true;
  std::vector<reassignable_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_partition_reassignments_request;
    return std::tuple{
        field(&S::timeout_ms, "TimeoutMs", from(0)),
        field(&S::allow_replication_factor_change, "AllowReplicationFactorChange", from(1)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const alter_partition_reassignments_request&) const = default;
};

struct alter_partition_reassignments_response {
  static constexpr auto api = api_key::alter_partition_reassignments;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterPartitionReassignmentsResponse";

  struct reassignable_partition_response {
    static constexpr std::string_view schema_name = "ReassignablePartitionResponse";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = reassignable_partition_response;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const reassignable_partition_response&) const = default;
  };

  struct reassignable_topic_response {
    static constexpr std::string_view schema_name = "ReassignableTopicResponse";
    std::string name;
    std::vector<reassignable_partition_response> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = reassignable_topic_response;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const reassignable_topic_response&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  bool allow_replication_factor_change = true;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::vector<reassignable_topic_response> responses;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_partition_reassignments_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::allow_replication_factor_change, "AllowReplicationFactorChange", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::responses, "Responses", from(0)),
    };
  }
  bool operator==(const alter_partition_reassignments_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_partition_reassignments_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_partition_reassignments_response)

}  // namespace kwire::protocol
