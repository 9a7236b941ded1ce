#pragma once
// OffsetCommit (key 8): store a group's consumed offsets with its coordinator.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct offset_commit_request {
  static constexpr auto api = api_key::offset_commit;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "OffsetCommitRequest";

  struct offset_commit_request_partition {
    static constexpr std::string_view schema_name = "OffsetCommitRequestPartition";
    std::int32_t partition_index = 0;
    std::int64_t committed_offset = 0;
    std::int32_t committed_leader_epoch = -1;
    // v1 only (from the 3.9 schema; Kafka 4 dropped v0-1).
    std::int64_t commit_timestamp = -1;
    std::optional<std::string> committed_metadata = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_commit_request_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::committed_offset, "CommittedOffset", from(0)),
          field(&S::committed_leader_epoch, "CommittedLeaderEpoch", from(6)).ignorable_field(),
          field(&S::commit_timestamp, "CommitTimestamp", between(1, 1)),
          field(&S::committed_metadata, "CommittedMetadata", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const offset_commit_request_partition&) const = default;
  };

  struct offset_commit_request_topic {
    static constexpr std::string_view schema_name = "OffsetCommitRequestTopic";
    // v10+ names the topic by id only.
    std::string name;
    uuid topic_id;
    std::vector<offset_commit_request_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_commit_request_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 9)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_commit_request_topic&) const = default;
  };

  std::string group_id;
  std::int32_t generation_id_or_member_epoch = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::int64_t retention_time_ms = -1;
  std::vector<offset_commit_request_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_commit_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::generation_id_or_member_epoch, "GenerationIdOrMemberEpoch", from(1)).ignorable_field(),
        field(&S::member_id, "MemberId", from(1)).ignorable_field(),
        field(&S::group_instance_id, "GroupInstanceId", from(7)).nullable(from(7)),
        field(&S::retention_time_ms, "RetentionTimeMs", between(2, 4)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_commit_request&) const = default;
};

struct offset_commit_response {
  static constexpr auto api = api_key::offset_commit;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "OffsetCommitResponse";

  struct offset_commit_response_partition {
    static constexpr std::string_view schema_name = "OffsetCommitResponsePartition";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_commit_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const offset_commit_response_partition&) const = default;
  };

  struct offset_commit_response_topic {
    static constexpr std::string_view schema_name = "OffsetCommitResponseTopic";
    std::string name;
    uuid topic_id;
    std::vector<offset_commit_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_commit_response_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 9)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const offset_commit_response_topic&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<offset_commit_response_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_commit_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(3)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const offset_commit_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(offset_commit_request)
KWIRE_EXTERN_MESSAGE_CODEC(offset_commit_response)

}  // namespace kwire::protocol
