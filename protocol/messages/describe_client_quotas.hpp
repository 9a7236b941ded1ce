#pragma once
// DescribeClientQuotas (key 48): the quotas set on users, client ids and IPs matching a filter.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_client_quotas_request {
  static constexpr auto api = api_key::describe_client_quotas;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeClientQuotasRequest";

  struct component_data {
    static constexpr std::string_view schema_name = "ComponentData";
    std::string entity_type;
    std::int8_t match_type = 0;
    std::optional<std::string> match = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = component_data;
      return std::tuple{
          field(&S::entity_type, "EntityType", from(0)),
          field(&S::match_type, "MatchType", from(0)),
          field(&S::match, "Match", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const component_data&) const = default;
  };

  std::vector<component_data> components;
  bool strict = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_client_quotas_request;
    return std::tuple{
        field(&S::components, "Components", from(0)),
        field(&S::strict, "Strict", from(0)),
    };
  }
  bool operator==(const describe_client_quotas_request&) const = default;
};

struct describe_client_quotas_response {
  static constexpr auto api = api_key::describe_client_quotas;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeClientQuotasResponse";

  struct entity_data {
    static constexpr std::string_view schema_name = "EntityData";
    std::string entity_type;
    // Null names the default entity of this type.
    std::optional<std::string> entity_name = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = entity_data;
      return std::tuple{
          field(&S::entity_type, "EntityType", from(0)),
          field(&S::entity_name, "EntityName", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const entity_data&) const = default;
  };

  struct value_data {
    static constexpr std::string_view schema_name = "ValueData";
    std::string key;
    double value = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = value_data;
      return std::tuple{
          field(&S::key, "Key", from(0)),
          field(&S::value, "Value", from(0)),
      };
    }
    bool operator==(const value_data&) const = default;
  };

  struct entry_data {
    static constexpr std::string_view schema_name = "EntryData";
    std::vector<entity_data> entity;
    std::vector<value_data> values;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = entry_data;
      return std::tuple{
          field(&S::entity, "Entity", from(0)),
          field(&S::values, "Values", from(0)),
      };
    }
    bool operator==(const entry_data&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  // Null when the request failed as a whole.
  std::optional<std::vector<entry_data>> entries = std::vector<entry_data>{};
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_client_quotas_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::entries, "Entries", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_client_quotas_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_client_quotas_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_client_quotas_response)

}  // namespace kwire::protocol
