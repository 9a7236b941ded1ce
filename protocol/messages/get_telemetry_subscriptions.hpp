#pragma once
// GetTelemetrySubscriptions (key 71): which client metrics the broker wants pushed (KIP-714).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct get_telemetry_subscriptions_request {
  static constexpr auto api = api_key::get_telemetry_subscriptions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "GetTelemetrySubscriptionsRequest";

  uuid client_instance_id;  // zero on the first call: the broker assigns one
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = get_telemetry_subscriptions_request;
    return std::tuple{
        field(&S::client_instance_id, "ClientInstanceId", from(0)),
    };
  }
  bool operator==(const get_telemetry_subscriptions_request&) const = default;
};

struct get_telemetry_subscriptions_response {
  static constexpr auto api = api_key::get_telemetry_subscriptions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "GetTelemetrySubscriptionsResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  uuid client_instance_id;
  std::int32_t subscription_id = 0;
  std::vector<std::int8_t> accepted_compression_types;
  std::int32_t push_interval_ms = 0;
  std::int32_t telemetry_max_bytes = 0;
  bool delta_temporality = false;
  std::vector<std::string> requested_metrics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = get_telemetry_subscriptions_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::client_instance_id, "ClientInstanceId", from(0)),
        field(&S::subscription_id, "SubscriptionId", from(0)),
        field(&S::accepted_compression_types, "AcceptedCompressionTypes", from(0)),
        field(&S::push_interval_ms, "PushIntervalMs", from(0)),
        field(&S::telemetry_max_bytes, "TelemetryMaxBytes", from(0)),
        field(&S::delta_temporality, "DeltaTemporality", from(0)),
        field(&S::requested_metrics, "RequestedMetrics", from(0)),
    };
  }
  bool operator==(const get_telemetry_subscriptions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(get_telemetry_subscriptions_request)
KWIRE_EXTERN_MESSAGE_CODEC(get_telemetry_subscriptions_response)

}  // namespace kwire::protocol
