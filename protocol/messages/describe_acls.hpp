#pragma once
// DescribeAcls (key 29): the ACL bindings that match a filter.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_acls_request {
  static constexpr auto api = api_key::describe_acls;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeAclsRequest";

  std::int8_t resource_type_filter = 0;
  std::optional<std::string> resource_name_filter = "";
  std::int8_t pattern_type_filter = 3;  // 3: LITERAL, the only pattern v0 knows
  std::optional<std::string> principal_filter = "";
  std::optional<std::string> host_filter = "";
  std::int8_t operation = 0;
  std::int8_t permission_type = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_acls_request;
    return std::tuple{
        field(&S::resource_type_filter, "ResourceTypeFilter", from(0)),
        field(&S::resource_name_filter, "ResourceNameFilter", from(0)).nullable(from(0)),
        field(&S::pattern_type_filter, "PatternTypeFilter", from(1)),
        field(&S::principal_filter, "PrincipalFilter", from(0)).nullable(from(0)),
        field(&S::host_filter, "HostFilter", from(0)).nullable(from(0)),
        field(&S::operation, "Operation", from(0)),
        field(&S::permission_type, "PermissionType", from(0)),
    };
  }
  bool operator==(const describe_acls_request&) const = default;
};

struct describe_acls_response {
  static constexpr auto api = api_key::describe_acls;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeAclsResponse";

  struct acl_description {
    static constexpr std::string_view schema_name = "AclDescription";
    std::string principal;
    std::string host;
    std::int8_t operation = 0;
    std::int8_t permission_type = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acl_description;
      return std::tuple{
          field(&S::principal, "Principal", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::operation, "Operation", from(0)),
          field(&S::permission_type, "PermissionType", from(0)),
      };
    }
    bool operator==(const acl_description&) const = default;
  };

  struct describe_acls_resource {
    static constexpr std::string_view schema_name = "DescribeAclsResource";
    std::int8_t resource_type = 0;
    std::string resource_name;
    std::int8_t pattern_type = 3;
    std::vector<acl_description> acls;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_acls_resource;
      return std::tuple{
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::pattern_type, "PatternType", from(1)),
          field(&S::acls, "Acls", from(0)),
      };
    }
    bool operator==(const describe_acls_resource&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::vector<describe_acls_resource> resources;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_acls_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::resources, "Resources", from(0)),
    };
  }
  bool operator==(const describe_acls_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_acls_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_acls_response)

}  // namespace kwire::protocol
