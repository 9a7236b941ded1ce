#pragma once
// CreateDelegationToken (key 38): a delegation token for the caller, or for another owner (v3+).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct create_delegation_token_request {
  static constexpr auto api = api_key::create_delegation_token;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "CreateDelegationTokenRequest";

  struct creatable_renewers {
    static constexpr std::string_view schema_name = "CreatableRenewers";
    std::string principal_type;
    std::string principal_name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_renewers;
      return std::tuple{
          field(&S::principal_type, "PrincipalType", from(0)),
          field(&S::principal_name, "PrincipalName", from(0)),
      };
    }
    bool operator==(const creatable_renewers&) const = default;
  };

  // Null owner: the token belongs to the requester.
  std::optional<std::string> owner_principal_type = "";
  std::optional<std::string> owner_principal_name = "";
  std::vector<creatable_renewers> renewers;
  std::int64_t max_lifetime_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_delegation_token_request;
    return std::tuple{
        field(&S::owner_principal_type, "OwnerPrincipalType", from(3)).nullable(from(3)),
        field(&S::owner_principal_name, "OwnerPrincipalName", from(3)).nullable(from(3)),
        field(&S::renewers, "Renewers", from(0)),
        field(&S::max_lifetime_ms, "MaxLifetimeMs", from(0)),
    };
  }
  bool operator==(const create_delegation_token_request&) const = default;
};

struct create_delegation_token_response {
  static constexpr auto api = api_key::create_delegation_token;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "CreateDelegationTokenResponse";

  std::int16_t error_code = 0;
  std::string principal_type;
  std::string principal_name;
  std::string token_requester_principal_type;
  std::string token_requester_principal_name;
  std::int64_t issue_timestamp_ms = 0;
  std::int64_t expiry_timestamp_ms = 0;
  std::int64_t max_timestamp_ms = 0;
  std::string token_id;
  bytes hmac;
  std::int32_t throttle_time_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_delegation_token_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::principal_type, "PrincipalType", from(0)),
        field(&S::principal_name, "PrincipalName", from(0)),
        field(&S::token_requester_principal_type, "TokenRequesterPrincipalType", from(3)),
        field(&S::token_requester_principal_name, "TokenRequesterPrincipalName", from(3)),
        field(&S::issue_timestamp_ms, "IssueTimestampMs", from(0)),
        field(&S::expiry_timestamp_ms, "ExpiryTimestampMs", from(0)),
        field(&S::max_timestamp_ms, "MaxTimestampMs", from(0)),
        field(&S::token_id, "TokenId", from(0)),
        field(&S::hmac, "Hmac", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
    };
  }
  bool operator==(const create_delegation_token_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(create_delegation_token_request)
KWIRE_EXTERN_MESSAGE_CODEC(create_delegation_token_response)

}  // namespace kwire::protocol
