#pragma once
// SaslHandshake (key 17): pick a SASL mechanism. Kafka never made it flexible, so every version
// uses the classic encodings and request header v1.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct sasl_handshake_request {
  static constexpr auto api = api_key::sasl_handshake;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "SaslHandshakeRequest";

  std::string mechanism;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sasl_handshake_request;
    return std::tuple{
        field(&S::mechanism, "Mechanism", from(0)),
    };
  }
  bool operator==(const sasl_handshake_request&) const = default;
};

struct sasl_handshake_response {
  static constexpr auto api = api_key::sasl_handshake;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "SaslHandshakeResponse";

  std::int16_t error_code = 0;
  std::vector<std::string> mechanisms;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = sasl_handshake_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::mechanisms, "Mechanisms", from(0)),
    };
  }
  bool operator==(const sasl_handshake_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(sasl_handshake_request)
KWIRE_EXTERN_MESSAGE_CODEC(sasl_handshake_response)

}  // namespace kwire::protocol
