#pragma once
// ListConfigResources (key 74): the config resources the cluster knows, by type (v1+). Kafka 3.9
// names it ListClientMetricsResources and lists only client-metrics resources; v0's wire format
// is the same under both names.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct list_config_resources_request {
  static constexpr auto api = api_key::list_config_resources;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ListConfigResourcesRequest";

  std::vector<std::int8_t> resource_types;  // empty: every type
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_config_resources_request;
    return std::tuple{
        field(&S::resource_types, "ResourceTypes", from(1)),
    };
  }
  bool operator==(const list_config_resources_request&) const = default;
};

struct list_config_resources_response {
  static constexpr auto api = api_key::list_config_resources;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ListConfigResourcesResponse";

  struct config_resource {
    static constexpr std::string_view schema_name = "ConfigResource";
    std::string resource_name;
    std::int8_t resource_type = 16;  // client metrics, the only type v0 lists
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = config_resource;
      return std::tuple{
          field(&S::resource_name, "ResourceName", from(0)),
          field(&S::resource_type, "ResourceType", from(1)).ignorable_field(),
      };
    }
    bool operator==(const config_resource&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<config_resource> config_resources;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_config_resources_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::config_resources, "ConfigResources", from(0)),
    };
  }
  bool operator==(const list_config_resources_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(list_config_resources_request)
KWIRE_EXTERN_MESSAGE_CODEC(list_config_resources_response)

}  // namespace kwire::protocol
