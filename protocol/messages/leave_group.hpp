#pragma once
// LeaveGroup (key 13): members leave a classic group (v3+ several at once, by instance id too).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct leave_group_request {
  static constexpr auto api = api_key::leave_group;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "LeaveGroupRequest";

  struct member_identity {
    static constexpr std::string_view schema_name = "MemberIdentity";
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::optional<std::string> reason;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = member_identity;
      return std::tuple{
          field(&S::member_id, "MemberId", from(3)),
          field(&S::group_instance_id, "GroupInstanceId", from(3)).nullable(from(3)),
          field(&S::reason, "Reason", from(5)).nullable(from(5)).ignorable_field(),
      };
    }
    bool operator==(const member_identity&) const = default;
  };

  std::string group_id;
  std::string member_id;
  std::vector<member_identity> members;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = leave_group_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::member_id, "MemberId", between(0, 2)),
        field(&S::members, "Members", from(3)),
    };
  }
  bool operator==(const leave_group_request&) const = default;
};

struct leave_group_response {
  static constexpr auto api = api_key::leave_group;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "LeaveGroupResponse";

  struct member_response {
    static constexpr std::string_view schema_name = "MemberResponse";
    std::string member_id;
    std::optional<std::string> group_instance_id = "";
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = member_response;
      return std::tuple{
          field(&S::member_id, "MemberId", from(3)),
          field(&S::group_instance_id, "GroupInstanceId", from(3)).nullable(from(3)),
          field(&S::error_code, "ErrorCode", from(3)),
      };
    }
    bool operator==(const member_response&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<member_response> members;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = leave_group_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::members, "Members", from(3)),
    };
  }
  bool operator==(const leave_group_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(leave_group_request)
KWIRE_EXTERN_MESSAGE_CODEC(leave_group_response)

}  // namespace kwire::protocol
