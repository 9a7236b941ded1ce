#pragma once
// SyncGroup (key 14): the leader hands out assignments; every member receives its own.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct sync_group_request {
  static constexpr auto api = api_key::sync_group;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "SyncGroupRequest";

  struct sync_group_request_assignment {
    static constexpr std::string_view schema_name = "SyncGroupRequestAssignment";
    std::string member_id;
    bytes assignment;  // opaque to the broker: the protocol's own encoding
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = sync_group_request_assignment;
      return std::tuple{
          field(&S::member_id, "MemberId", from(0)),
          field(&S::assignment, "Assignment", from(0)),
      };
    }
    bool operator==(const sync_group_request_assignment&) const = default;
  };

  std::string group_id;
  std::int32_t generation_id = 0;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::vector<sync_group_request_assignment> assignments;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sync_group_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::generation_id, "GenerationId", from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::group_instance_id, "GroupInstanceId", from(3)).nullable(from(3)),
        field(&S::protocol_type, "ProtocolType", from(5)).nullable(from(5)).ignorable_field(),
        field(&S::protocol_name, "ProtocolName", from(5)).nullable(from(5)).ignorable_field(),
        field(&S::assignments, "Assignments", from(0)),
    };
  }
  bool operator==(const sync_group_request&) const = default;
};

struct sync_group_response {
  static constexpr auto api = api_key::sync_group;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "SyncGroupResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  bytes assignment;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sync_group_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::protocol_type, "ProtocolType", from(5)).nullable(from(5)).ignorable_field(),
        field(&S::protocol_name, "ProtocolName", from(5)).nullable(from(5)).ignorable_field(),
        field(&S::assignment, "Assignment", from(0)),
    };
  }
  bool operator==(const sync_group_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(sync_group_request)
KWIRE_EXTERN_MESSAGE_CODEC(sync_group_response)

}  // namespace kwire::protocol
