#pragma once
// DescribeGroups (key 15): state, protocol and members of classic groups.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_groups_request {
  static constexpr auto api = api_key::describe_groups;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeGroupsRequest";

  std::vector<std::string> groups;
  bool include_authorized_operations = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_groups_request;
    return std::tuple{
        field(&S::groups, "Groups", from(0)),
        field(&S::include_authorized_operations, "IncludeAuthorizedOperations", from(3)),
    };
  }
  bool operator==(const describe_groups_request&) const = default;
};

struct describe_groups_response {
  static constexpr auto api = api_key::describe_groups;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeGroupsResponse";

  struct described_group_member {
    static constexpr std::string_view schema_name = "DescribedGroupMember";
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string client_host;
    bytes member_metadata;
    bytes member_assignment;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = described_group_member;
      return std::tuple{
          field(&S::member_id, "MemberId", from(0)),
          field(&S::group_instance_id, "GroupInstanceId", from(4)).nullable(from(4)).ignorable_field(),
          field(&S::client_id, "ClientId", from(0)),
          field(&S::client_host, "ClientHost", from(0)),
          field(&S::member_metadata, "MemberMetadata", from(0)),
          field(&S::member_assignment, "MemberAssignment", from(0)),
      };
    }
    bool operator==(const described_group_member&) const = default;
  };

  struct described_group {
    static constexpr std::string_view schema_name = "DescribedGroup";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::string group_id;
    std::string group_state;
    std::string protocol_type;
    std::string protocol_data;
    std::vector<described_group_member> members;
    std::int32_t authorized_operations = std::numeric_limits<std::int32_t>::min();
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = described_group;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(6)).nullable(from(6)),
          field(&S::group_id, "GroupId", from(0)),
          field(&S::group_state, "GroupState", from(0)),
          field(&S::protocol_type, "ProtocolType", from(0)),
          field(&S::protocol_data, "ProtocolData", from(0)),
          field(&S::members, "Members", from(0)),
          field(&S::authorized_operations, "AuthorizedOperations", from(3)),
      };
    }
    bool operator==(const described_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<described_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_groups_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const describe_groups_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_groups_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_groups_response)

}  // namespace kwire::protocol
