#pragma once
// SaslAuthenticate (key 36): one round of SASL tokens, framed as a Kafka request (v1+ handshake).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct sasl_authenticate_request {
  static constexpr auto api = api_key::sasl_authenticate;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "SaslAuthenticateRequest";

  bytes auth_bytes;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sasl_authenticate_request;
    return std::tuple{
        field(&S::auth_bytes, "AuthBytes", from(0)),
    };
  }
  bool operator==(const sasl_authenticate_request&) const = default;
};

struct sasl_authenticate_response {
  static constexpr auto api = api_key::sasl_authenticate;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "SaslAuthenticateResponse";

  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  bytes auth_bytes;
  std::int64_t session_lifetime_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sasl_authenticate_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::auth_bytes, "AuthBytes", from(0)),
        field(&S::session_lifetime_ms, "SessionLifetimeMs", from(1)).ignorable_field(),
    };
  }
  bool operator==(const sasl_authenticate_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(sasl_authenticate_request)
KWIRE_EXTERN_MESSAGE_CODEC(sasl_authenticate_response)

}  // namespace kwire::protocol
