#pragma once
// DescribeConfigs (key 32): the configs of topics, brokers and other resources.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_configs_request {
  static constexpr auto api = api_key::describe_configs;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeConfigsRequest";

  struct describe_configs_resource {
    static constexpr std::string_view schema_name = "DescribeConfigsResource";
    std::int8_t resource_type = 0;
    std::string resource_name;
    // Null asks for every config of the resource.
    std::optional<std::vector<std::string>> configuration_keys = std::vector<std::string>{};
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_configs_resource;
      return std::tuple{
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::configuration_keys, "ConfigurationKeys", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const describe_configs_resource&) const = default;
  };

  std::vector<describe_configs_resource> resources;
  bool include_synonyms = false;
  bool include_documentation = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_configs_request;
    return std::tuple{
        field(&S::resources, "Resources", from(0)),
        field(&S::include_synonyms, "IncludeSynonyms", from(1)),
        field(&S::include_documentation, "IncludeDocumentation", from(3)),
    };
  }
  bool operator==(const describe_configs_request&) const = default;
};

struct describe_configs_response {
  static constexpr auto api = api_key::describe_configs;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeConfigsResponse";

  struct describe_configs_synonym {
    static constexpr std::string_view schema_name = "DescribeConfigsSynonym";
    std::string name;
    std::optional<std::string> value = "";
    std::int8_t source = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_configs_synonym;
      return std::tuple{
          field(&S::name, "Name", from(1)),
          field(&S::value, "Value", from(1)).nullable(from(0)),
          field(&S::source, "Source", from(1)),
      };
    }
    bool operator==(const describe_configs_synonym&) const = default;
  };

  struct describe_configs_resource_result {
    static constexpr std::string_view schema_name = "DescribeConfigsResourceResult";
    std::string name;
    std::optional<std::string> value = "";
    bool read_only = false;
    bool is_default = false;  // v0 only (Kafka 3.9); later versions carry config_source
    std::int8_t config_source = -1;
    bool is_sensitive = false;
    std::vector<describe_configs_synonym> synonyms;
    std::int8_t config_type = 0;
    std::optional<std::string> documentation = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_configs_resource_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::value, "Value", from(0)).nullable(from(0)),
          field(&S::read_only, "ReadOnly", from(0)),
          field(&S::is_default, "IsDefault", between(0, 0)),
          field(&S::config_source, "ConfigSource", from(1)).ignorable_field(),
          field(&S::is_sensitive, "IsSensitive", from(0)),
          field(&S::synonyms, "Synonyms", from(1)).ignorable_field(),
          field(&S::config_type, "ConfigType", from(3)).ignorable_field(),
          field(&S::documentation, "Documentation", from(3)).nullable(from(0)).ignorable_field(),
      };
    }
    bool operator==(const describe_configs_resource_result&) const = default;
  };

  struct describe_configs_result {
    static constexpr std::string_view schema_name = "DescribeConfigsResult";
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::int8_t resource_type = 0;
    std::string resource_name;
    std::vector<describe_configs_resource_result> configs;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_configs_result;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::resource_type, "ResourceType", from(0)),
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::configs, "Configs", from(0)),
      };
    }
    bool operator==(const describe_configs_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<describe_configs_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_configs_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const describe_configs_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_configs_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_configs_response)

}  // namespace kwire::protocol
