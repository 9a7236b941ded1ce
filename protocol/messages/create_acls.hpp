#pragma once
// CreateAcls (key 30): add ACL bindings.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct create_acls_request {
  static constexpr auto api = api_key::create_acls;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "CreateAclsRequest";

  struct acl_creation {
    static constexpr std::string_view schema_name = "AclCreation";
    std::int8_t resource_type = 0;
    std::string resource_name;
    std::int8_t resource_pattern_type = 3;  // 3: LITERAL, the only pattern v0 knows
    std::string principal;
    std::string host;
    std::int8_t operation = 0;
    std::int8_t permission_type = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acl_creation;
      return std::tuple{
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::resource_pattern_type, "ResourcePatternType", from(1)),
          field(&S::principal, "Principal", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::operation, "Operation", from(0)),
          field(&S::permission_type, "PermissionType", from(0)),
      };
    }
    bool operator==(const acl_creation&) const = default;
  };

  std::vector<acl_creation> creations;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_acls_request;
    return std::tuple{
        field(&S::creations, "Creations", from(0)),
    };
  }
  bool operator==(const create_acls_request&) const = default;
};

struct create_acls_response {
  static constexpr auto api = api_key::create_acls;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "CreateAclsResponse";

  struct acl_creation_result {
    static constexpr std::string_view schema_name = "AclCreationResult";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acl_creation_result;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const acl_creation_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<acl_creation_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_acls_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const create_acls_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(create_acls_request)
KWIRE_EXTERN_MESSAGE_CODEC(create_acls_response)

}  // namespace kwire::protocol
