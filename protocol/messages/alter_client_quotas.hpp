#pragma once
// AlterClientQuotas (key 49): sets or removes quota values on users, client ids and IPs.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_client_quotas_request {
  static constexpr auto api = api_key::alter_client_quotas;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterClientQuotasRequest";

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

  struct op_data {
    static constexpr std::string_view schema_name = "OpData";
    std::string key;
    double value = 0;
    bool remove = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = op_data;
      return std::tuple{
          field(&S::key, "Key", from(0)),
          field(&S::value, "Value", from(0)),
          field(&S::remove, "Remove", from(0)),
      };
    }
    bool operator==(const op_data&) const = default;
  };

  struct entry_data {
    static constexpr std::string_view schema_name = "EntryData";
    std::vector<entity_data> entity;
    std::vector<op_data> ops;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = entry_data;
      return std::tuple{
          field(&S::entity, "Entity", from(0)),
          field(&S::ops, "Ops", from(0)),
      };
    }
    bool operator==(const entry_data&) const = default;
  };

  std::vector<entry_data> entries;
  bool validate_only = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_client_quotas_request;
    return std::tuple{
        field(&S::entries, "Entries", from(0)),
        field(&S::validate_only, "ValidateOnly", from(0)),
    };
  }
  bool operator==(const alter_client_quotas_request&) const = default;
};

struct alter_client_quotas_response {
  static constexpr auto api = api_key::alter_client_quotas;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterClientQuotasResponse";

  struct entity_data {
    static constexpr std::string_view schema_name = "EntityData";
    std::string entity_type;
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

  struct entry_data {
    static constexpr std::string_view schema_name = "EntryData";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::vector<entity_data> entity;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = entry_data;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::entity, "Entity", from(0)),
      };
    }
    bool operator==(const entry_data&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<entry_data> entries;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_client_quotas_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::entries, "Entries", from(0)),
    };
  }
  bool operator==(const alter_client_quotas_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_client_quotas_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_client_quotas_response)

}  // namespace kwire::protocol
