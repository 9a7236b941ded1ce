#pragma once
// PushTelemetry (key 72): a client's metrics, OTLP-encoded and maybe compressed (KIP-714).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct push_telemetry_request {
  static constexpr auto api = api_key::push_telemetry;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "PushTelemetryRequest";

  uuid client_instance_id;
  std::int32_t subscription_id = 0;
  bool terminating = false;
  std::int8_t compression_type = 0;
  bytes metrics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = push_telemetry_request;
    return std::tuple{
        field(&S::client_instance_id, "ClientInstanceId", from(0)),
        field(&S::subscription_id, "SubscriptionId", from(0)),
        field(&S::terminating, "Terminating", from(0)),
        field(&S::compression_type, "CompressionType", from(0)),
        field(&S::metrics, "Metrics", from(0)),
    };
  }
  bool operator==(const push_telemetry_request&) const = default;
};

struct push_telemetry_response {
  static constexpr auto api = api_key::push_telemetry;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "PushTelemetryResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = push_telemetry_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
    };
  }
  bool operator==(const push_telemetry_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(push_telemetry_request)
KWIRE_EXTERN_MESSAGE_CODEC(push_telemetry_response)

}  // namespace kwire::protocol
