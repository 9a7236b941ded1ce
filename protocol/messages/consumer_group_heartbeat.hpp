#pragma once
// ConsumerGroupHeartbeat (key 68): the KIP-848 consumer protocol; joining, heartbeating and
// leaving are one request, and the coordinator answers with the member's assignment.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct consumer_group_heartbeat_request {
  static constexpr auto api = api_key::consumer_group_heartbeat;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ConsumerGroupHeartbeatRequest";

  struct topic_partitions_entry {
    static constexpr std::string_view schema_name = "TopicPartitions";
    uuid topic_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partitions_entry;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_partitions_entry&) const = default;
  };

  // The nullable fields are null when unchanged since the last heartbeat (or not used).
  std::string group_id;
  std::string member_id;
  std::int32_t member_epoch = 0;
  std::optional<std::string> instance_id;
  std::optional<std::string> rack_id;
  std::int32_t rebalance_timeout_ms = -1;
  std::optional<std::vector<std::string>> subscribed_topic_names;
  std::optional<std::string> subscribed_topic_regex;
  std::optional<std::string> server_assignor;
  std::optional<std::vector<topic_partitions_entry>> topic_partitions;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = consumer_group_heartbeat_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::member_epoch, "MemberEpoch", from(0)),
        field(&S::instance_id, "InstanceId", from(0)).nullable(from(0)),
        field(&S::rack_id, "RackId", from(0)).nullable(from(0)),
        field(&S::rebalance_timeout_ms, "RebalanceTimeoutMs", from(0)),
        field(&S::subscribed_topic_names, "SubscribedTopicNames", from(0)).nullable(from(0)),
        field(&S::subscribed_topic_regex, "SubscribedTopicRegex", from(1)).nullable(from(1)),
        field(&S::server_assignor, "ServerAssignor", from(0)).nullable(from(0)),
        field(&S::topic_partitions, "TopicPartitions", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const consumer_group_heartbeat_request&) const = default;
};

struct consumer_group_heartbeat_response {
  static constexpr auto api = api_key::consumer_group_heartbeat;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ConsumerGroupHeartbeatResponse";

  // Common struct: also the element type of assignment_entry::topic_partitions.
  struct topic_partitions_entry {
    static constexpr std::string_view schema_name = "TopicPartitions";
    uuid topic_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partitions_entry;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_partitions_entry&) const = default;
  };

  struct assignment_entry {
    static constexpr std::string_view schema_name = "Assignment";
    std::vector<topic_partitions_entry> topic_partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = assignment_entry;
      return std::tuple{
          field(&S::topic_partitions, "TopicPartitions", from(0)),
      };
    }
    bool operator==(const assignment_entry&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::optional<std::string> member_id;
  std::int32_t member_epoch = 0;
  std::int32_t heartbeat_interval_ms = 0;
  std::optional<assignment_entry> assignment;  // null when this response carries none
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = consumer_group_heartbeat_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::member_id, "MemberId", from(0)).nullable(from(0)),
        field(&S::member_epoch, "MemberEpoch", from(0)),
        field(&S::heartbeat_interval_ms, "HeartbeatIntervalMs", from(0)),
        field(&S::assignment, "Assignment", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const consumer_group_heartbeat_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(consumer_group_heartbeat_request)
KWIRE_EXTERN_MESSAGE_CODEC(consumer_group_heartbeat_response)

}  // namespace kwire::protocol
