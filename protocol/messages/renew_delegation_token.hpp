#pragma once
// RenewDelegationToken (key 39): pushes a token's expiry further out.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct renew_delegation_token_request {
  static constexpr auto api = api_key::renew_delegation_token;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "RenewDelegationTokenRequest";

  bytes hmac;
  std::int64_t renew_period_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = renew_delegation_token_request;
    return std::tuple{
        field(&S::hmac, "Hmac", from(0)),
        field(&S::renew_period_ms, "RenewPeriodMs", from(0)),
    };
  }
  bool operator==(const renew_delegation_token_request&) const = default;
};

struct renew_delegation_token_response {
  static constexpr auto api = api_key::renew_delegation_token;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "RenewDelegationTokenResponse";

  std::int16_t error_code = 0;
  std::int64_t expiry_timestamp_ms = 0;
  std::int32_t throttle_time_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = renew_delegation_token_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::expiry_timestamp_ms, "ExpiryTimestampMs", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
    };
  }
  bool operator==(const renew_delegation_token_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(renew_delegation_token_request)
KWIRE_EXTERN_MESSAGE_CODEC(renew_delegation_token_response)

}  // namespace kwire::protocol
