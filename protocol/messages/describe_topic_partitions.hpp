#pragma once
// DescribeTopicPartitions (key 75): topic and partition metadata in pages (KIP-966), including
// the eligible leader replicas that Metadata does not carry.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

// Held by std::optional members of describe_topic_partitions_request, which names them as before.
// They live at namespace scope because clang cannot construct a nested struct with default
// member initializers while its enclosing class is incomplete (optional::emplace() fails).
namespace describe_topic_partitions_request_types {

// Where the previous page stopped: the response's NextCursor.
struct cursor_entry {
  static constexpr std::string_view schema_name = "Cursor";
  std::string topic_name;
  std::int32_t partition_index = 0;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = cursor_entry;
    return std::tuple{
        field(&S::topic_name, "TopicName", from(0)),
        field(&S::partition_index, "PartitionIndex", from(0)),
    };
  }
  bool operator==(const cursor_entry&) const = default;
};

}  // namespace describe_topic_partitions_request_types

struct describe_topic_partitions_request {
  static constexpr auto api = api_key::describe_topic_partitions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeTopicPartitionsRequest";

  struct topic_request {
    static constexpr std::string_view schema_name = "TopicRequest";
    std::string name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_request;
      return std::tuple{
          field(&S::name, "Name", from(0)),
      };
    }
    bool operator==(const topic_request&) const = default;
  };

  using cursor_entry = describe_topic_partitions_request_types::cursor_entry;

  std::vector<topic_request> topics;
  std::int32_t response_partition_limit = 2000;
  std::optional<cursor_entry> cursor;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_topic_partitions_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
        field(&S::response_partition_limit, "ResponsePartitionLimit", from(0)),
        field(&S::cursor, "Cursor", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_topic_partitions_request&) const = default;
};

// Held by std::optional members of describe_topic_partitions_response, which names them as before.
// They live at namespace scope because clang cannot construct a nested struct with default
// member initializers while its enclosing class is incomplete (optional::emplace() fails).
namespace describe_topic_partitions_response_types {

struct cursor {
  static constexpr std::string_view schema_name = "Cursor";
  std::string topic_name;
  std::int32_t partition_index = 0;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = cursor;
    return std::tuple{
        field(&S::topic_name, "TopicName", from(0)),
        field(&S::partition_index, "PartitionIndex", from(0)),
    };
  }
  bool operator==(const cursor&) const = default;
};

}  // namespace describe_topic_partitions_response_types

struct describe_topic_partitions_response {
  static constexpr auto api = api_key::describe_topic_partitions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeTopicPartitionsResponse";

  struct describe_topic_partitions_response_partition {
    static constexpr std::string_view schema_name = "DescribeTopicPartitionsResponsePartition";
    std::int16_t error_code = 0;
    std::int32_t partition_index = 0;
    std::int32_t leader_id = 0;
    std::int32_t leader_epoch = -1;
    std::vector<std::int32_t> replica_nodes;
    std::vector<std::int32_t> isr_nodes;
    std::optional<std::vector<std::int32_t>> eligible_leader_replicas;
    std::optional<std::vector<std::int32_t>> last_known_elr;
    std::vector<std::int32_t> offline_replicas;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_topic_partitions_response_partition;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::leader_id, "LeaderId", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)).ignorable_field(),
          field(&S::replica_nodes, "ReplicaNodes", from(0)),
          field(&S::isr_nodes, "IsrNodes", from(0)),
          field(&S::eligible_leader_replicas, "EligibleLeaderReplicas", from(0)).nullable(from(0)),
          field(&S::last_known_elr, "LastKnownElr", from(0)).nullable(from(0)),
          field(&S::offline_replicas, "OfflineReplicas", from(0)).ignorable_field(),
      };
    }
    bool operator==(const describe_topic_partitions_response_partition&) const = default;
  };

  struct describe_topic_partitions_response_topic {
    static constexpr std::string_view schema_name = "DescribeTopicPartitionsResponseTopic";
    std::int16_t error_code = 0;
    std::optional<std::string> name = "";
    uuid topic_id;
    bool is_internal = false;
    std::vector<describe_topic_partitions_response_partition> partitions;
    std::int32_t topic_authorized_operations = std::numeric_limits<std::int32_t>::min();
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_topic_partitions_response_topic;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::name, "Name", from(0)).nullable(from(0)),
          field(&S::topic_id, "TopicId", from(0)).ignorable_field(),
          field(&S::is_internal, "IsInternal", from(0)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
          field(&S::topic_authorized_operations, "TopicAuthorizedOperations", from(0)),
      };
    }
    bool operator==(const describe_topic_partitions_response_topic&) const = default;
  };

  using cursor = describe_topic_partitions_response_types::cursor;

  std::int32_t throttle_time_ms = 0;
  std::vector<describe_topic_partitions_response_topic> topics;
  // Null when this page is the last.
  std::optional<cursor> next_cursor;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_topic_partitions_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
        field(&S::next_cursor, "NextCursor", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_topic_partitions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_topic_partitions_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_topic_partitions_response)

}  // namespace kwire::protocol
