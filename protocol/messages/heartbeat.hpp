#pragma once
// Heartbeat (key 12): a classic group member tells the coordinator it is alive.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct heartbeat_request {
  static constexpr auto api = api_key::heartbeat;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "HeartbeatRequest";

  std::string group_id;
  std::int32_t generation_id = 0;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = heartbeat_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::generation_id, "GenerationId", from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::group_instance_id, "GroupInstanceId", from(3)).nullable(from(3)),
    };
  }
  bool operator==(const heartbeat_request&) const = default;
};

struct heartbeat_response {
  static constexpr auto api = api_key::heartbeat;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "HeartbeatResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = heartbeat_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
    };
  }
  bool operator==(const heartbeat_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(heartbeat_request)
KWIRE_EXTERN_MESSAGE_CODEC(heartbeat_response)

}  // namespace kwire::protocol
