#pragma once
// ExpireDelegationToken (key 40): moves a token's expiry (a negative period expires it now).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct expire_delegation_token_request {
  static constexpr auto api = api_key::expire_delegation_token;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ExpireDelegationTokenRequest";

  bytes hmac;
  std::int64_t expiry_time_period_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = expire_delegation_token_request;
    return std::tuple{
        field(&S::hmac, "Hmac", from(0)),
        field(&S::expiry_time_period_ms, "ExpiryTimePeriodMs", from(0)),
    };
  }
  bool operator==(const expire_delegation_token_request&) const = default;
};

struct expire_delegation_token_response {
  static constexpr auto api = api_key::expire_delegation_token;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ExpireDelegationTokenResponse";

  std::int16_t error_code = 0;
  std::int64_t expiry_timestamp_ms = 0;
  std::int32_t throttle_time_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = expire_delegation_token_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::expiry_timestamp_ms, "ExpiryTimestampMs", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
    };
  }
  bool operator==(const expire_delegation_token_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(expire_delegation_token_request)
KWIRE_EXTERN_MESSAGE_CODEC(expire_delegation_token_response)

}  // namespace kwire::protocol
