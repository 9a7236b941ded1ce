#pragma once
// ListPartitionReassignments (key 46): the partition reassignments in progress.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct list_partition_reassignments_request {
  static constexpr auto api = api_key::list_partition_reassignments;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ListPartitionReassignmentsRequest";

  struct list_partition_reassignments_topics {
    static constexpr std::string_view schema_name = "ListPartitionReassignmentsTopics";
    std::string name;
    std::vector<std::int32_t> partition_indexes;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = list_partition_reassignments_topics;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partition_indexes, "PartitionIndexes", from(0)),
      };
    }
    bool operator==(const list_partition_reassignments_topics&) const = default;
  };

  std::int32_t timeout_ms = 60000;
  // Null lists every reassignment in progress.
  std::optional<std::vector<list_partition_reassignments_topics>> topics = std::nullopt;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_partition_reassignments_request;
    return std::tuple{
        field(&S::timeout_ms, "TimeoutMs", from(0)),
        field(&S::topics, "Topics", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const list_partition_reassignments_request&) const = default;
};

struct list_partition_reassignments_response {
  static constexpr auto api = api_key::list_partition_reassignments;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ListPartitionReassignmentsResponse";

  struct ongoing_partition_reassignment {
    static constexpr std::string_view schema_name = "OngoingPartitionReassignment";
    std::int32_t partition_index = 0;
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> adding_replicas;
    std::vector<std::int32_t> removing_replicas;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = ongoing_partition_reassignment;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::replicas, "Replicas", from(0)),
          field(&S::adding_replicas, "AddingReplicas", from(0)),
          field(&S::removing_replicas, "RemovingReplicas", from(0)),
      };
    }
    bool operator==(const ongoing_partition_reassignment&) const = default;
  };

  struct ongoing_topic_reassignment {
    static constexpr std::string_view schema_name = "OngoingTopicReassignment";
    std::string name;
    std::vector<ongoing_partition_reassignment> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = ongoing_topic_reassignment;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const ongoing_topic_reassignment&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::vector<ongoing_topic_reassignment> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_partition_reassignments_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const list_partition_reassignments_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(list_partition_reassignments_request)
KWIRE_EXTERN_MESSAGE_CODEC(list_partition_reassignments_response)

}  // namespace kwire::protocol
