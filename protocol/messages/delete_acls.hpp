#pragma once
// DeleteAcls (key 31): remove the ACL bindings that match filters.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_acls_request {
  static constexpr auto api = api_key::delete_acls;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteAclsRequest";

  struct delete_acls_filter {
    static constexpr std::string_view schema_name = "DeleteAclsFilter";
    std::int8_t resource_type_filter = 0;
    std::optional<std::string> resource_name_filter = "";
    std::int8_t pattern_type_filter = 3;  // 3: LITERAL, the only pattern v0 knows
    std::optional<std::string> principal_filter = "";
    std::optional<std::string> host_filter = "";
    std::int8_t operation = 0;
    std::int8_t permission_type = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_acls_filter;
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
    bool operator==(const delete_acls_filter&) const = default;
  };

  std::vector<delete_acls_filter> filters;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_acls_request;
    return std::tuple{
        field(&S::filters, "Filters", from(0)),
    };
  }
  bool operator==(const delete_acls_request&) const = default;
};

struct delete_acls_response {
  static constexpr auto api = api_key::delete_acls;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteAclsResponse";

  struct delete_acls_matching_acl {
    static constexpr std::string_view schema_name = "DeleteAclsMatchingAcl";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::int8_t resource_type = 0;
    std::string resource_name;
    std::int8_t pattern_type = 3;
    std::string principal;
    std::string host;
    std::int8_t operation = 0;
    std::int8_t permission_type = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_acls_matching_acl;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::pattern_type, "PatternType", from(1)),
          field(&S::principal, "Principal", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::operation, "Operation", from(0)),
          field(&S::permission_type, "PermissionType", from(0)),
      };
    }
    bool operator==(const delete_acls_matching_acl&) const = default;
  };

  struct delete_acls_filter_result {
    static constexpr std::string_view schema_name = "DeleteAclsFilterResult";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::vector<delete_acls_matching_acl> matching_acls;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_acls_filter_result;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::matching_acls, "MatchingAcls", from(0)),
      };
    }
    bool operator==(const delete_acls_filter_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<delete_acls_filter_result> filter_results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_acls_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::filter_results, "FilterResults", from(0)),
    };
  }
  bool operator==(const delete_acls_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_acls_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_acls_response)

}  // namespace kwire::protocol
