#pragma once
// AlterUserScramCredentials (key 51): deletes and upserts users' SCRAM credentials.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_user_scram_credentials_request {
  static constexpr auto api = api_key::alter_user_scram_credentials;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterUserScramCredentialsRequest";

  struct scram_credential_deletion {
    static constexpr std::string_view schema_name = "ScramCredentialDeletion";
    std::string name;
    std::int8_t mechanism = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = scram_credential_deletion;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::mechanism, "Mechanism", from(0)),
      };
    }
    bool operator==(const scram_credential_deletion&) const = default;
  };

  struct scram_credential_upsertion {
    static constexpr std::string_view schema_name = "ScramCredentialUpsertion";
    std::string name;
    std::int8_t mechanism = 0;
    std::int32_t iterations = 0;
    bytes salt;
    bytes salted_password;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = scram_credential_upsertion;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::mechanism, "Mechanism", from(0)),
          field(&S::iterations, "Iterations", from(0)),
          field(&S::salt, "Salt", from(0)),
          field(&S::salted_password, "SaltedPassword", from(0)),
      };
    }
    bool operator==(const scram_credential_upsertion&) const = default;
  };

  std::vector<scram_credential_deletion> deletions;
  std::vector<scram_credential_upsertion> upsertions;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_user_scram_credentials_request;
    return std::tuple{
        field(&S::deletions, "Deletions", from(0)),
        field(&S::upsertions, "Upsertions", from(0)),
    };
  }
  bool operator==(const alter_user_scram_credentials_request&) const = default;
};

struct alter_user_scram_credentials_response {
  static constexpr auto api = api_key::alter_user_scram_credentials;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterUserScramCredentialsResponse";

  struct alter_user_scram_credentials_result {
    static constexpr std::string_view schema_name = "AlterUserScramCredentialsResult";
    std::string user;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_user_scram_credentials_result;
      return std::tuple{
          field(&S::user, "User", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const alter_user_scram_credentials_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<alter_user_scram_credentials_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_user_scram_credentials_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const alter_user_scram_credentials_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_user_scram_credentials_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_user_scram_credentials_response)

}  // namespace kwire::protocol
