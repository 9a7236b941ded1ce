#pragma once
// ShareGroupDescribe (key 77): share groups' state, members and assignments (KIP-932).
// Kafka 3.9 had only an unstable v0, so kwire starts at v1.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct share_group_describe_request {
  static constexpr auto api = api_key::share_group_describe;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ShareGroupDescribeRequest";

  std::vector<std::string> group_ids;
  bool include_authorized_operations = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_group_describe_request;
    return std::tuple{
        field(&S::group_ids, "GroupIds", from(0)),
        field(&S::include_authorized_operations, "IncludeAuthorizedOperations", from(0)),
    };
  }
  bool operator==(const share_group_describe_request&) const = default;
};

struct share_group_describe_response {
  static constexpr auto api = api_key::share_group_describe;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ShareGroupDescribeResponse";

  // "_entry": the names are taken by members (topic_partitions, assignment).
  struct topic_partitions_entry {
    static constexpr std::string_view schema_name = "TopicPartitions";
    uuid topic_id;
    std::string topic_name;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partitions_entry;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::topic_name, "TopicName", from(0)),
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

  struct member {
    static constexpr std::string_view schema_name = "Member";
    std::string member_id;
    std::optional<std::string> rack_id;
    std::int32_t member_epoch = 0;
    std::string client_id;
    std::string client_host;
    std::vector<std::string> subscribed_topic_names;
    assignment_entry assignment;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = member;
      return std::tuple{
          field(&S::member_id, "MemberId", from(0)),
          field(&S::rack_id, "RackId", from(0)).nullable(from(0)),
          field(&S::member_epoch, "MemberEpoch", from(0)),
          field(&S::client_id, "ClientId", from(0)),
          field(&S::client_host, "ClientHost", from(0)),
          field(&S::subscribed_topic_names, "SubscribedTopicNames", from(0)),
          field(&S::assignment, "Assignment", from(0)),
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
    std::string assignor_name;
    std::vector<member> members;
    std::int32_t authorized_operations = std::numeric_limits<std::int32_t>::min();
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
          field(&S::assignor_name, "AssignorName", from(0)),
          field(&S::members, "Members", from(0)),
          field(&S::authorized_operations, "AuthorizedOperations", from(0)),
      };
    }
    bool operator==(const described_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<described_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_group_describe_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const share_group_describe_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(share_group_describe_request)
KWIRE_EXTERN_MESSAGE_CODEC(share_group_describe_response)

}  // namespace kwire::protocol
