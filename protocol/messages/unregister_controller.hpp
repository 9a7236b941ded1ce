#pragma once
// UnregisterController (key 94, Kafka 4.4): removes a controller's registration from a KRaft
// cluster (the controller counterpart of UnregisterBroker).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct unregister_controller_request {
  static constexpr auto api = api_key::unregister_controller;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "UnregisterControllerRequest";

  std::int32_t controller_id = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = unregister_controller_request;
    return std::tuple{
        field(&S::controller_id, "ControllerId", from(0)),
    };
  }
  bool operator==(const unregister_controller_request&) const = default;
};

struct unregister_controller_response {
  static constexpr auto api = api_key::unregister_controller;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "UnregisterControllerResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = unregister_controller_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const unregister_controller_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(unregister_controller_request)
KWIRE_EXTERN_MESSAGE_CODEC(unregister_controller_response)

}  // namespace kwire::protocol
