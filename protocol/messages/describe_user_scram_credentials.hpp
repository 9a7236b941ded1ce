#pragma once
// DescribeUserScramCredentials (key 50): which SCRAM mechanisms (and iterations) each user has.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_user_scram_credentials_request {
  static constexpr auto api = api_key::describe_user_scram_credentials;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeUserScramCredentialsRequest";

  struct user_name {
    static constexpr std::string_view schema_name = "UserName";
    std::string name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = user_name;
      return std::tuple{
          field(&S::name, "Name", from(0)),
      };
    }
    bool operator==(const user_name&) const = default;
  };

  // Null asks for every user.
  std::optional<std::vector<user_name>> users = std::vector<user_name>{};
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_user_scram_credentials_request;
    return std::tuple{
        field(&S::users, "Users", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_user_scram_credentials_request&) const = default;
};

struct describe_user_scram_credentials_response {
  static constexpr auto api = api_key::describe_user_scram_credentials;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeUserScramCredentialsResponse";

  struct credential_info {
    static constexpr std::string_view schema_name = "CredentialInfo";
    std::int8_t mechanism = 0;
    std::int32_t iterations = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = credential_info;
      return std::tuple{
          field(&S::mechanism, "Mechanism", from(0)),
          field(&S::iterations, "Iterations", from(0)),
      };
    }
    bool operator==(const credential_info&) const = default;
  };

  struct describe_user_scram_credentials_result {
    static constexpr std::string_view schema_name = "DescribeUserScramCredentialsResult";
    std::string user;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::vector<credential_info> credential_infos;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_user_scram_credentials_result;
      return std::tuple{
          field(&S::user, "User", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::credential_infos, "CredentialInfos", from(0)),
      };
    }
    bool operator==(const describe_user_scram_credentials_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::vector<describe_user_scram_credentials_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_user_scram_credentials_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const describe_user_scram_credentials_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_user_scram_credentials_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_user_scram_credentials_response)

}  // namespace kwire::protocol
