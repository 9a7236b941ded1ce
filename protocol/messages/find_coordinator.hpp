#pragma once
// FindCoordinator (key 10): which broker coordinates a group or a transactional id.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct find_coordinator_request {
  static constexpr auto api = api_key::find_coordinator;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "FindCoordinatorRequest";

  // v0-3 ask for one key, v4+ for a batch of keys.
  std::string key;
  std::int8_t key_type = 0;
  std::vector<std::string> coordinator_keys;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = find_coordinator_request;
    return std::tuple{
        field(&S::key, "Key", between(0, 3)),
        field(&S::key_type, "KeyType", from(1)),
        field(&S::coordinator_keys, "CoordinatorKeys", from(4)),
    };
  }
  bool operator==(const find_coordinator_request&) const = default;
};

struct find_coordinator_response {
  static constexpr auto api = api_key::find_coordinator;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "FindCoordinatorResponse";

  struct coordinator {
    static constexpr std::string_view schema_name = "Coordinator";
    std::string key;
    std::int32_t node_id = 0;
    std::string host;
    std::int32_t port = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = coordinator;
      return std::tuple{
          field(&S::key, "Key", from(4)),
          field(&S::node_id, "NodeId", from(4)),
          field(&S::host, "Host", from(4)),
          field(&S::port, "Port", from(4)),
          field(&S::error_code, "ErrorCode", from(4)),
          field(&S::error_message, "ErrorMessage", from(4)).nullable(from(4)).ignorable_field(),
      };
    }
    bool operator==(const coordinator&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::int32_t node_id = 0;
  std::string host;
  std::int32_t port = 0;
  std::vector<coordinator> coordinators;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = find_coordinator_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", between(0, 3)),
        field(&S::error_message, "ErrorMessage", between(1, 3)).nullable(between(1, 3)).ignorable_field(),
        field(&S::node_id, "NodeId", between(0, 3)),
        field(&S::host, "Host", between(0, 3)),
        field(&S::port, "Port", between(0, 3)),
        field(&S::coordinators, "Coordinators", from(4)),
    };
  }
  bool operator==(const find_coordinator_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(find_coordinator_request)
KWIRE_EXTERN_MESSAGE_CODEC(find_coordinator_response)

}  // namespace kwire::protocol
