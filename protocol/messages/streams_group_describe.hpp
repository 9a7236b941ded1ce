#pragma once
// StreamsGroupDescribe (key 89): topology, members and task assignments of KIP-1071 streams
// groups.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/streams_topology_description.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct streams_group_describe_request {
  static constexpr auto api = api_key::streams_group_describe;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "StreamsGroupDescribeRequest";

  std::vector<std::string> group_ids;
  bool include_authorized_operations = false;
  bool include_topology_description = false;  // v1+ (KIP-1331)
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_describe_request;
    return std::tuple{
        field(&S::group_ids, "GroupIds", from(0)),
        field(&S::include_authorized_operations, "IncludeAuthorizedOperations", from(0)),
        field(&S::include_topology_description, "IncludeTopologyDescription", from(1)),
    };
  }
  bool operator==(const streams_group_describe_request&) const = default;
};

// Held by std::optional members of streams_group_describe_response, which names them as before.
// They live at namespace scope because clang cannot construct a nested struct with default
// member initializers while its enclosing class is incomplete (optional::emplace() fails).
namespace streams_group_describe_response_types {

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

struct subtopology {
  static constexpr std::string_view schema_name = "Subtopology";
  std::string subtopology_id;
  std::vector<std::string> source_topics;
  std::vector<std::string> repartition_sink_topics;
  std::vector<topic_info> state_changelog_topics;
  std::vector<topic_info> repartition_source_topics;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = subtopology;
    return std::tuple{
        field(&S::subtopology_id, "SubtopologyId", from(0)),
        field(&S::source_topics, "SourceTopics", from(0)),
        field(&S::repartition_sink_topics, "RepartitionSinkTopics", from(0)),
        field(&S::state_changelog_topics, "StateChangelogTopics", from(0)),
        field(&S::repartition_source_topics, "RepartitionSourceTopics", from(0)),
    };
  }
  bool operator==(const subtopology&) const = default;
};

struct topology_entry {
  static constexpr std::string_view schema_name = "Topology";
  std::int32_t epoch = 0;
  std::optional<std::vector<subtopology>> subtopologies;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = topology_entry;
    return std::tuple{
        field(&S::epoch, "Epoch", from(0)),
        field(&S::subtopologies, "Subtopologies", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const topology_entry&) const = default;
};

}  // namespace streams_group_describe_response_types

struct streams_group_describe_response {
  static constexpr auto api = api_key::streams_group_describe;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "StreamsGroupDescribeResponse";

  // Common structs.
  using endpoint = streams_group_describe_response_types::endpoint;

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

  struct assignment_entry {
    static constexpr std::string_view schema_name = "Assignment";
    std::vector<task_ids> active_tasks;
    std::vector<task_ids> standby_tasks;
    std::vector<task_ids> warmup_tasks;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = assignment_entry;
      return std::tuple{
          field(&S::active_tasks, "ActiveTasks", from(0)),
          field(&S::standby_tasks, "StandbyTasks", from(0)),
          field(&S::warmup_tasks, "WarmupTasks", from(0)),
      };
    }
    bool operator==(const assignment_entry&) const = default;
  };

  using key_value = streams_group_describe_response_types::key_value;
  using topic_info = streams_group_describe_response_types::topic_info;
  using subtopology = streams_group_describe_response_types::subtopology;
  using topology_entry = streams_group_describe_response_types::topology_entry;

  struct member {
    static constexpr std::string_view schema_name = "Member";
    std::string member_id;
    std::int32_t member_epoch = 0;
    std::optional<std::string> instance_id;
    std::optional<std::string> rack_id;
    std::string client_id;
    std::string client_host;
    std::int32_t topology_epoch = 0;
    std::string process_id;
    std::optional<endpoint> user_endpoint;
    std::vector<key_value> client_tags;
    std::vector<task_offset> task_offsets;
    std::vector<task_offset> task_end_offsets;
    assignment_entry assignment;
    assignment_entry target_assignment;
    bool is_classic = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = member;
      return std::tuple{
          field(&S::member_id, "MemberId", from(0)),
          field(&S::member_epoch, "MemberEpoch", from(0)),
          field(&S::instance_id, "InstanceId", from(0)).nullable(from(0)),
          field(&S::rack_id, "RackId", from(0)).nullable(from(0)),
          field(&S::client_id, "ClientId", from(0)),
          field(&S::client_host, "ClientHost", from(0)),
          field(&S::topology_epoch, "TopologyEpoch", from(0)),
          field(&S::process_id, "ProcessId", from(0)),
          field(&S::user_endpoint, "UserEndpoint", from(0)).nullable(from(0)),
          field(&S::client_tags, "ClientTags", from(0)),
          field(&S::task_offsets, "TaskOffsets", from(0)),
          field(&S::task_end_offsets, "TaskEndOffsets", from(0)),
          field(&S::assignment, "Assignment", from(0)),
          field(&S::target_assignment, "TargetAssignment", from(0)),
          field(&S::is_classic, "IsClassic", from(0)),
      };
    }
    bool operator==(const member&) const = default;
  };

  struct described_group {
    static constexpr std::string_view schema_name = "DescribedGroup";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::string group_id;
    std::string group_state;
    std::int32_t group_epoch = 0;
    std::int32_t assignment_epoch = 0;
    std::optional<topology_entry> topology;
    std::vector<member> members;
    std::int32_t authorized_operations = std::numeric_limits<std::int32_t>::min();
    std::optional<streams_topology::topology_description> topology_description;  // v1+: when the status is 3
    // v1+: 0 not requested, 1 not stored, 2 error, 3 available (topology_description set).
    std::int8_t topology_description_status = 0;
    std::optional<std::string> assignor_name;  // v1+ (KIP-1357): the next assignment's assignor
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = described_group;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::group_id, "GroupId", from(0)),
          field(&S::group_state, "GroupState", from(0)),
          field(&S::group_epoch, "GroupEpoch", from(0)),
          field(&S::assignment_epoch, "AssignmentEpoch", from(0)),
          field(&S::topology, "Topology", from(0)).nullable(from(0)),
          field(&S::members, "Members", from(0)),
          field(&S::authorized_operations, "AuthorizedOperations", from(0)),
          field(&S::topology_description, "TopologyDescription", from(1)).nullable(from(1)),
          field(&S::topology_description_status, "TopologyDescriptionStatus", from(1)),
          field(&S::assignor_name, "AssignorName", from(1)).nullable(from(1)).ignorable_field(),
      };
    }
    bool operator==(const described_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<described_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_describe_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const streams_group_describe_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(streams_group_describe_request)
KWIRE_EXTERN_MESSAGE_CODEC(streams_group_describe_response)

}  // namespace kwire::protocol
