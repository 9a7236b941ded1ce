#pragma once
// StreamsGroupHeartbeat (key 88): the KIP-1071 streams protocol; a member sends its topology and
// task state, the coordinator answers with its tasks and where every other member's are.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

// Held by std::optional members of streams_group_heartbeat_request, which names them as before.
// They live at namespace scope because clang cannot construct a nested struct with default
// member initializers while its enclosing class is incomplete (optional::emplace() fails).
namespace streams_group_heartbeat_request_types {

struct key_value {
  static constexpr std::string_view schema_name = "KeyValue";
  std::string key;
  std::string value;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = key_value;
    return std::tuple{
        field(&S::key, "Key", from(0)),
        field(&S::value, "Value", from(0)),
    };
  }
  bool operator==(const key_value&) const = default;
};

struct topic_info {
  static constexpr std::string_view schema_name = "TopicInfo";
  std::string name;
  std::int32_t partitions = 0;
  std::int16_t replication_factor = 0;
  std::vector<key_value> topic_configs;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = topic_info;
    return std::tuple{
        field(&S::name, "Name", from(0)),
        field(&S::partitions, "Partitions", from(0)),
        field(&S::replication_factor, "ReplicationFactor", from(0)),
        field(&S::topic_configs, "TopicConfigs", from(0)),
    };
  }
  bool operator==(const topic_info&) const = default;
};

struct endpoint {
  static constexpr std::string_view schema_name = "Endpoint";
  std::string host;
  std::uint16_t port = 0;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = endpoint;
    return std::tuple{
        field(&S::host, "Host", from(0)),
        field(&S::port, "Port", from(0)),
    };
  }
  bool operator==(const endpoint&) const = default;
};

struct copartition_group {
  static constexpr std::string_view schema_name = "CopartitionGroup";
  // Indexes into the subtopology's source topics, source topic regexes and repartition
  // source topics.
  std::vector<std::int16_t> source_topics;
  std::vector<std::int16_t> source_topic_regex;
  std::vector<std::int16_t> repartition_source_topics;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = copartition_group;
    return std::tuple{
        field(&S::source_topics, "SourceTopics", from(0)),
        field(&S::source_topic_regex, "SourceTopicRegex", from(0)),
        field(&S::repartition_source_topics, "RepartitionSourceTopics", from(0)),
    };
  }
  bool operator==(const copartition_group&) const = default;
};

struct subtopology {
  static constexpr std::string_view schema_name = "Subtopology";
  std::string subtopology_id;
  std::vector<std::string> source_topics;
  std::vector<std::string> source_topic_regex;
  std::vector<topic_info> state_changelog_topics;
  std::vector<std::string> repartition_sink_topics;
  std::vector<topic_info> repartition_source_topics;
  std::vector<copartition_group> copartition_groups;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = subtopology;
    return std::tuple{
        field(&S::subtopology_id, "SubtopologyId", from(0)),
        field(&S::source_topics, "SourceTopics", from(0)),
        field(&S::source_topic_regex, "SourceTopicRegex", from(0)),
        field(&S::state_changelog_topics, "StateChangelogTopics", from(0)),
        field(&S::repartition_sink_topics, "RepartitionSinkTopics", from(0)),
        field(&S::repartition_source_topics, "RepartitionSourceTopics", from(0)),
        field(&S::copartition_groups, "CopartitionGroups", from(0)),
    };
  }
  bool operator==(const subtopology&) const = default;
};

struct topology_entry {
  static constexpr std::string_view schema_name = "Topology";
  std::int32_t epoch = 0;
  std::vector<subtopology> subtopologies;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = topology_entry;
    return std::tuple{
        field(&S::epoch, "Epoch", from(0)),
        field(&S::subtopologies, "Subtopologies", from(0)),
    };
  }
  bool operator==(const topology_entry&) const = default;
};

}  // namespace streams_group_heartbeat_request_types

struct streams_group_heartbeat_request {
  static constexpr auto api = api_key::streams_group_heartbeat;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "StreamsGroupHeartbeatRequest";

  // Common structs.
  using key_value = streams_group_heartbeat_request_types::key_value;
  using topic_info = streams_group_heartbeat_request_types::topic_info;
  using endpoint = streams_group_heartbeat_request_types::endpoint;

  struct task_offset {
    static constexpr std::string_view schema_name = "TaskOffset";
    std::string subtopology_id;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = task_offset;
      return std::tuple{
          field(&S::subtopology_id, "SubtopologyId", from(0)),
          field(&S::partition, "Partition", from(0)),
          field(&S::offset, "Offset", from(0)),
      };
    }
    bool operator==(const task_offset&) const = default;
  };

  struct task_ids {
    static constexpr std::string_view schema_name = "TaskIds";
    std::string subtopology_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = task_ids;
      return std::tuple{
          field(&S::subtopology_id, "SubtopologyId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const task_ids&) const = default;
  };

  using copartition_group = streams_group_heartbeat_request_types::copartition_group;
  using subtopology = streams_group_heartbeat_request_types::subtopology;
  using topology_entry = streams_group_heartbeat_request_types::topology_entry;

  std::string group_id;
  std::string member_id;
  std::int32_t member_epoch = 0;
  std::int32_t endpoint_information_epoch = 0;
  std::optional<std::string> instance_id;
  std::optional<std::string> rack_id;
  std::int32_t rebalance_timeout_ms = -1;
  std::optional<topology_entry> topology;  // sent only when joining (member epoch 0)
  std::optional<std::vector<task_ids>> active_tasks;
  std::optional<std::vector<task_ids>> standby_tasks;
  std::optional<std::vector<task_ids>> warmup_tasks;
  std::optional<std::string> process_id;
  std::optional<endpoint> user_endpoint;
  std::optional<std::vector<key_value>> client_tags;
  std::optional<std::vector<task_offset>> task_offsets;
  std::optional<std::vector<task_offset>> task_end_offsets;
  bool shutdown_application = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_heartbeat_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::member_epoch, "MemberEpoch", from(0)),
        field(&S::endpoint_information_epoch, "EndpointInformationEpoch", from(0)),
        field(&S::instance_id, "InstanceId", from(0)).nullable(from(0)),
        field(&S::rack_id, "RackId", from(0)).nullable(from(0)),
        field(&S::rebalance_timeout_ms, "RebalanceTimeoutMs", from(0)),
        field(&S::topology, "Topology", from(0)).nullable(from(0)),
        field(&S::active_tasks, "ActiveTasks", from(0)).nullable(from(0)),
        field(&S::standby_tasks, "StandbyTasks", from(0)).nullable(from(0)),
        field(&S::warmup_tasks, "WarmupTasks", from(0)).nullable(from(0)),
        field(&S::process_id, "ProcessId", from(0)).nullable(from(0)),
        field(&S::user_endpoint, "UserEndpoint", from(0)).nullable(from(0)),
        field(&S::client_tags, "ClientTags", from(0)).nullable(from(0)),
        field(&S::task_offsets, "TaskOffsets", from(0)).nullable(from(0)),
        field(&S::task_end_offsets, "TaskEndOffsets", from(0)).nullable(from(0)),
        field(&S::shutdown_application, "ShutdownApplication", from(0)),
    };
  }
  bool operator==(const streams_group_heartbeat_request&) const = default;
};

struct streams_group_heartbeat_response {
  static constexpr auto api = api_key::streams_group_heartbeat;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "StreamsGroupHeartbeatResponse";

  // Common structs.
  struct status_entry {
    static constexpr std::string_view schema_name = "Status";
    std::int8_t status_code = 0;
    std::string status_detail;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = status_entry;
      return std::tuple{
          field(&S::status_code, "StatusCode", from(0)),
          field(&S::status_detail, "StatusDetail", from(0)),
      };
    }
    bool operator==(const status_entry&) const = default;
  };

  struct topic_partition {
    static constexpr std::string_view schema_name = "TopicPartition";
    std::string topic;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partition;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_partition&) const = default;
  };

  struct task_ids {
    static constexpr std::string_view schema_name = "TaskIds";
    std::string subtopology_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = task_ids;
      return std::tuple{
          field(&S::subtopology_id, "SubtopologyId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const task_ids&) const = default;
  };

  struct endpoint {
    static constexpr std::string_view schema_name = "Endpoint";
    std::string host;
    std::uint16_t port = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = endpoint;
      return std::tuple{
          field(&S::host, "Host", from(0)),
          field(&S::port, "Port", from(0)),
      };
    }
    bool operator==(const endpoint&) const = default;
  };

  struct endpoint_to_partitions {
    static constexpr std::string_view schema_name = "EndpointToPartitions";
    endpoint user_endpoint;
    std::vector<topic_partition> active_partitions;
    std::vector<topic_partition> standby_partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = endpoint_to_partitions;
      return std::tuple{
          field(&S::user_endpoint, "UserEndpoint", from(0)),
          field(&S::active_partitions, "ActivePartitions", from(0)),
          field(&S::standby_partitions, "StandbyPartitions", from(0)),
      };
    }
    bool operator==(const endpoint_to_partitions&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::string member_id;
  std::int32_t member_epoch = 0;
  std::int32_t heartbeat_interval_ms = 0;
  std::int32_t acceptable_recovery_lag_legacy = 0;  // v0 only
  std::int32_t task_offset_interval_ms = 0;
  std::int64_t acceptable_recovery_lag = -1;  // v1+: -1 when the broker has no such setting
  std::optional<std::vector<status_entry>> status = std::vector<status_entry>{};
  std::optional<std::vector<task_ids>> active_tasks;
  std::optional<std::vector<task_ids>> standby_tasks;
  std::optional<std::vector<task_ids>> warmup_tasks;
  bool topology_description_required = false;  // v1+: send StreamsGroupTopologyDescriptionUpdate
  std::int32_t endpoint_information_epoch = 0;
  std::optional<std::vector<endpoint_to_partitions>> partitions_by_user_endpoint;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_heartbeat_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::member_epoch, "MemberEpoch", from(0)),
        field(&S::heartbeat_interval_ms, "HeartbeatIntervalMs", from(0)),
        field(&S::acceptable_recovery_lag_legacy, "AcceptableRecoveryLagLegacy", between(0, 0)),
        field(&S::task_offset_interval_ms, "TaskOffsetIntervalMs", from(0)),
        field(&S::acceptable_recovery_lag, "AcceptableRecoveryLag", from(1)).ignorable_field(),
        field(&S::status, "Status", from(0)).nullable(from(0)),
        field(&S::active_tasks, "ActiveTasks", from(0)).nullable(from(0)),
        field(&S::standby_tasks, "StandbyTasks", from(0)).nullable(from(0)),
        field(&S::warmup_tasks, "WarmupTasks", from(0)).nullable(from(0)),
        field(&S::topology_description_required, "TopologyDescriptionRequired", from(1)),
        field(&S::endpoint_information_epoch, "EndpointInformationEpoch", from(0)),
        field(&S::partitions_by_user_endpoint, "PartitionsByUserEndpoint", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const streams_group_heartbeat_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(streams_group_heartbeat_request)
KWIRE_EXTERN_MESSAGE_CODEC(streams_group_heartbeat_response)

}  // namespace kwire::protocol
