#pragma once
// OffsetFetch (key 9): a group's committed offsets. Up to v7 a request names one group
// (GroupId, Topics); from v8 it names many (Groups). Both forms are declared, each with its
// own version range, as Kafka's single schema does.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct offset_fetch_request {
  static constexpr auto api = api_key::offset_fetch;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "OffsetFetchRequest";

  // v0-7: the single-group form.
  struct offset_fetch_request_topic {
    static constexpr std::string_view schema_name = "OffsetFetchRequestTopic";
    std::string name;
    std::vector<std::int32_t> partition_indexes;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_request_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 7)),
          field(&S::partition_indexes, "PartitionIndexes", between(0, 7)),
      };
    }
    bool operator==(const offset_fetch_request_topic&) const = default;
  };

  // v8+: the multi-group form.
  struct offset_fetch_request_topics {
    static constexpr std::string_view schema_name = "OffsetFetchRequestTopics";
    // v10+ names the topic by id only.
    std::string name;
    uuid topic_id;
    std::vector<std::int32_t> partition_indexes;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_request_topics;
      return std::tuple{
          field(&S::name, "Name", between(8, 9)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::partition_indexes, "PartitionIndexes", from(8)),
      };
    }
    bool operator==(const offset_fetch_request_topics&) const = default;
  };

  struct offset_fetch_request_group {
    static constexpr std::string_view schema_name = "OffsetFetchRequestGroup";
    std::string group_id;
    std::optional<std::string> member_id;
    std::int32_t member_epoch = -1;
    // Null asks for every committed partition of the group.
    std::optional<std::vector<offset_fetch_request_topics>> topics = std::vector<offset_fetch_request_topics>{};
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_request_group;
      return std::tuple{
          field(&S::group_id, "GroupId", from(8)),
          field(&S::member_id, "MemberId", from(9)).nullable(from(9)).ignorable_field(),
          field(&S::member_epoch, "MemberEpoch", from(9)).ignorable_field(),
          field(&S::topics, "Topics", from(8)).nullable(from(8)),
      };
    }
    bool operator==(const offset_fetch_request_group&) const = default;
  };

  std::string group_id;
  // Null (v2+) asks for every committed partition of the group.
  std::optional<std::vector<offset_fetch_request_topic>> topics = std::vector<offset_fetch_request_topic>{};
  std::vector<offset_fetch_request_group> groups;
  bool require_stable = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_fetch_request;
    return std::tuple{
        field(&S::group_id, "GroupId", between(0, 7)),
        field(&S::topics, "Topics", between(0, 7)).nullable(between(2, 7)),
        field(&S::groups, "Groups", from(8)),
        field(&S::require_stable, "RequireStable", from(7)),
    };
  }
  bool operator==(const offset_fetch_request&) const = default;
};

struct offset_fetch_response {
  static constexpr auto api = api_key::offset_fetch;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "OffsetFetchResponse";

  // v0-7: the single-group form.
  struct offset_fetch_response_partition {
    static constexpr std::string_view schema_name = "OffsetFetchResponsePartition";
    std::int32_t partition_index = 0;
    std::int64_t committed_offset = 0;
    std::int32_t committed_leader_epoch = -1;
    std::optional<std::string> metadata = "";
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", between(0, 7)),
          field(&S::committed_offset, "CommittedOffset", between(0, 7)),
          field(&S::committed_leader_epoch, "CommittedLeaderEpoch", between(5, 7)).ignorable_field(),
          field(&S::metadata, "Metadata", between(0, 7)).nullable(between(0, 7)),
          field(&S::error_code, "ErrorCode", between(0, 7)),
      };
    }
    bool operator==(const offset_fetch_response_partition&) const = default;
  };

  struct offset_fetch_response_topic {
    static constexpr std::string_view schema_name = "OffsetFetchResponseTopic";
    std::string name;
    std::vector<offset_fetch_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_response_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 7)),
          field(&S::partitions, "Partitions", between(0, 7)),
      };
    }
    bool operator==(const offset_fetch_response_topic&) const = default;
  };

  // v8+: the multi-group form.
  struct offset_fetch_response_partitions {
    static constexpr std::string_view schema_name = "OffsetFetchResponsePartitions";
    std::int32_t partition_index = 0;
    std::int64_t committed_offset = 0;
    std::int32_t committed_leader_epoch = -1;
    std::optional<std::string> metadata = "";
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_response_partitions;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(8)),
          field(&S::committed_offset, "CommittedOffset", from(8)),
          field(&S::committed_leader_epoch, "CommittedLeaderEpoch", from(8)).ignorable_field(),
          field(&S::metadata, "Metadata", from(8)).nullable(from(8)),
          field(&S::error_code, "ErrorCode", from(8)),
      };
    }
    bool operator==(const offset_fetch_response_partitions&) const = default;
  };

  struct offset_fetch_response_topics {
    static constexpr std::string_view schema_name = "OffsetFetchResponseTopics";
    // v10+ names the topic by id only.
    std::string name;
    uuid topic_id;
    std::vector<offset_fetch_response_partitions> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_response_topics;
      return std::tuple{
          field(&S::name, "Name", between(8, 9)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::partitions, "Partitions", from(8)),
      };
    }
    bool operator==(const offset_fetch_response_topics&) const = default;
  };

  struct offset_fetch_response_group {
    static constexpr std::string_view schema_name = "OffsetFetchResponseGroup";
    std::string group_id;
    std::vector<offset_fetch_response_topics> topics;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = offset_fetch_response_group;
      return std::tuple{
          field(&S::group_id, "GroupId", from(8)),
          field(&S::topics, "Topics", from(8)),
          field(&S::error_code, "ErrorCode", from(8)),
      };
    }
    bool operator==(const offset_fetch_response_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<offset_fetch_response_topic> topics;
  std::int16_t error_code = 0;
  std::vector<offset_fetch_response_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = offset_fetch_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(3)).ignorable_field(),
        field(&S::topics, "Topics", between(0, 7)),
        field(&S::error_code, "ErrorCode", between(2, 7)).ignorable_field(),
        field(&S::groups, "Groups", from(8)),
    };
  }
  bool operator==(const offset_fetch_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(offset_fetch_request)
KWIRE_EXTERN_MESSAGE_CODEC(offset_fetch_response)

}  // namespace kwire::protocol
