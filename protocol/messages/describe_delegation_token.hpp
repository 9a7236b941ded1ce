#pragma once
// DescribeDelegationToken (key 41): the tokens owned by the given principals.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_delegation_token_request {
  static constexpr auto api = api_key::describe_delegation_token;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeDelegationTokenRequest";

  struct describe_delegation_token_owner {
    static constexpr std::string_view schema_name = "DescribeDelegationTokenOwner";
    std::string principal_type;
    std::string principal_name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_delegation_token_owner;
      return std::tuple{
          field(&S::principal_type, "PrincipalType", from(0)),
          field(&S::principal_name, "PrincipalName", from(0)),
      };
    }
    bool operator==(const describe_delegation_token_owner&) const = default;
  };

  // Null asks for every token the caller may see.
  std::optional<std::vector<describe_delegation_token_owner>> owners =
      std::vector<describe_delegation_token_owner>{};
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_delegation_token_request;
    return std::tuple{
        field(&S::owners, "Owners", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_delegation_token_request&) const = default;
};

struct describe_delegation_token_response {
  static constexpr auto api = api_key::describe_delegation_token;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeDelegationTokenResponse";

  struct described_delegation_token_renewer {
    static constexpr std::string_view schema_name = "DescribedDelegationTokenRenewer";
    std::string principal_type;
    std::string principal_name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = described_delegation_token_renewer;
      return std::tuple{
          field(&S::principal_type, "PrincipalType", from(0)),
          field(&S::principal_name, "PrincipalName", from(0)),
      };
    }
    bool operator==(const described_delegation_token_renewer&) const = default;
  };

  struct described_delegation_token {
    static constexpr std::string_view schema_name = "DescribedDelegationToken";
    std::string principal_type;
    std::string principal_name;
    std::string token_requester_principal_type;
    std::string token_requester_principal_name;
    std::int64_t issue_timestamp = 0;
    std::int64_t expiry_timestamp = 0;
    std::int64_t max_timestamp = 0;
    std::string token_id;
    bytes hmac;
    std::vector<described_delegation_token_renewer> renewers;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = described_delegation_token;
      return std::tuple{
          field(&S::principal_type, "PrincipalType", from(0)),
          field(&S::principal_name, "PrincipalName", from(0)),
          field(&S::token_requester_principal_type, "TokenRequesterPrincipalType", from(3)),
          field(&S::token_requester_principal_name, "TokenRequesterPrincipalName", from(3)),
          field(&S::issue_timestamp, "IssueTimestamp", from(0)),
          field(&S::expiry_timestamp, "ExpiryTimestamp", from(0)),
          field(&S::max_timestamp, "MaxTimestamp", from(0)),
          field(&S::token_id, "TokenId", from(0)),
          field(&S::hmac, "Hmac", from(0)),
          field(&S::renewers, "Renewers", from(0)),
      };
    }
    bool operator==(const described_delegation_token&) const = default;
  };

  std::int16_t error_code = 0;
  std::vector<described_delegation_token> tokens;
  std::int32_t throttle_time_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_delegation_token_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::tokens, "Tokens", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
    };
  }
  bool operator==(const describe_delegation_token_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_delegation_token_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_delegation_token_response)

}  // namespace kwire::protocol
