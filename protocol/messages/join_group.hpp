#pragma once
// JoinGroup (key 11): a member joins a classic group; the leader gets every member's metadata.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct join_group_request {
  static constexpr auto api = api_key::join_group;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "JoinGroupRequest";

  struct join_group_request_protocol {
    static constexpr std::string_view schema_name = "JoinGroupRequestProtocol";
    std::string name;
    bytes metadata;  // opaque to the broker: the protocol's own encoding
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = join_group_request_protocol;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::metadata, "Metadata", from(0)),
      };
    }
    bool operator==(const join_group_request_protocol&) const = default;
  };

  std::string group_id;
  std::int32_t session_timeout_ms = 0;
  std::int32_t rebalance_timeout_ms = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string protocol_type;
  std::vector<join_group_request_protocol> protocols;
  std::optional<std::string> reason;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = join_group_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::session_timeout_ms, "SessionTimeoutMs", from(0)),
        field(&S::rebalance_timeout_ms, "RebalanceTimeoutMs", from(1)).ignorable_field(),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::group_instance_id, "GroupInstanceId", from(5)).nullable(from(5)),
        field(&S::protocol_type, "ProtocolType", from(0)),
        field(&S::protocols, "Protocols", from(0)),
        field(&S::reason, "Reason", from(8)).nullable(from(8)).ignorable_field(),
    };
  }
  bool operator==(const join_group_request&) const = default;
};

struct join_group_response {
  static constexpr auto api = api_key::join_group;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "JoinGroupResponse";

  struct join_group_response_member {
    static constexpr std::string_view schema_name = "JoinGroupResponseMember";
    std::string member_id;
    std::optional<std::string> group_instance_id;
    bytes metadata;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = join_group_response_member;
      return std::tuple{
          field(&S::member_id, "MemberId", from(0)),
          field(&S::group_instance_id, "GroupInstanceId", from(5)).nullable(from(5)).ignorable_field(),
          field(&S::metadata, "Metadata", from(0)),
      };
    }
    bool operator==(const join_group_response_member&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::int32_t generation_id = -1;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name = "";
  std::string leader;
  bool skip_assignment = false;
  std::string member_id;
  std::vector<join_group_response_member> members;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = join_group_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(2)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::generation_id, "GenerationId", from(0)),
        field(&S::protocol_type, "ProtocolType", from(7)).nullable(from(7)).ignorable_field(),
        field(&S::protocol_name, "ProtocolName", from(0)).nullable(from(7)),
        field(&S::leader, "Leader", from(0)),
        field(&S::skip_assignment, "SkipAssignment", from(9)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::members, "Members", from(0)),
    };
  }
  bool operator==(const join_group_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(join_group_request)
KWIRE_EXTERN_MESSAGE_CODEC(join_group_response)

}  // namespace kwire::protocol
