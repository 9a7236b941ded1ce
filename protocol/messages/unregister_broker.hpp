#pragma once
// UnregisterBroker (key 64): removes a broker's registration from a KRaft cluster.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct unregister_broker_request {
  static constexpr auto api = api_key::unregister_broker;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "UnregisterBrokerRequest";

  std::int32_t broker_id = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = unregister_broker_request;
    return std::tuple{
        field(&S::broker_id, "BrokerId", from(0)),
    };
  }
  bool operator==(const unregister_broker_request&) const = default;
};

struct unregister_broker_response {
  static constexpr auto api = api_key::unregister_broker;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "UnregisterBrokerResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = unregister_broker_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const unregister_broker_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(unregister_broker_request)
KWIRE_EXTERN_MESSAGE_CODEC(unregister_broker_response)

}  // namespace kwire::protocol
