#pragma once
// AlterConfigs (key 33): replace the whole config set of resources (see IncrementalAlterConfigs).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_configs_request {
  static constexpr auto api = api_key::alter_configs;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterConfigsRequest";

  struct alterable_config {
    static constexpr std::string_view schema_name = "AlterableConfig";
    std::string name;
    std::optional<std::string> value = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alterable_config;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::value, "Value", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const alterable_config&) const = default;
  };

  struct alter_configs_resource {
    static constexpr std::string_view schema_name = "AlterConfigsResource";
    std::int8_t resource_type = 0;
    std::string resource_name;
    std::vector<alterable_config> configs;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_configs_resource;
      return std::tuple{
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::configs, "Configs", from(0)),
      };
    }
    bool operator==(const alter_configs_resource&) const = default;
  };

  std::vector<alter_configs_resource> resources;
  bool validate_only = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_configs_request;
    return std::tuple{
        field(&S::resources, "Resources", from(0)),
        field(&S::validate_only, "ValidateOnly", from(0)),
    };
  }
  bool operator==(const alter_configs_request&) const = default;
};

struct alter_configs_response {
  static constexpr auto api = api_key::alter_configs;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterConfigsResponse";

  struct alter_configs_resource_response {
    static constexpr std::string_view schema_name = "AlterConfigsResourceResponse";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::int8_t resource_type = 0;
    std::string resource_name;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_configs_resource_response;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
      };
    }
    bool operator==(const alter_configs_resource_response&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<alter_configs_resource_response> responses;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_configs_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::responses, "Responses", from(0)),
    };
  }
  bool operator==(const alter_configs_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_configs_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_configs_response)

}  // namespace kwire::protocol
