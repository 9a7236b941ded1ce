#pragma once
// ApiVersions (key 18): which versions of each API the broker speaks, plus its features.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct api_versions_request {
  static constexpr auto api = api_key::api_versions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ApiVersionsRequest";

  std::string client_software_name;
  std::string client_software_version;
  std::optional<std::string> cluster_id;  // v5 (KIP-1242): the cluster the client means to reach
  std::int32_t node_id = -1;              // v5: the node it means to reach (both, or neither)
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = api_versions_request;
    return std::tuple{
        field(&S::client_software_name, "ClientSoftwareName", from(3)).ignorable_field(),
        field(&S::client_software_version, "ClientSoftwareVersion", from(3)).ignorable_field(),
        field(&S::cluster_id, "ClusterId", from(5)).nullable(from(5)).ignorable_field(),
        field(&S::node_id, "NodeId", from(5)).ignorable_field(),
    };
  }
  bool operator==(const api_versions_request&) const = default;
};

struct api_versions_response {
  static constexpr auto api = api_key::api_versions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ApiVersionsResponse";

  struct api_version {
    static constexpr std::string_view schema_name = "ApiVersion";
    std::int16_t api_key = 0;
    std::int16_t min_version = 0;
    std::int16_t max_version = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = api_version;
      return std::tuple{
          field(&S::api_key, "ApiKey", from(0)),
          field(&S::min_version, "MinVersion", from(0)),
          field(&S::max_version, "MaxVersion", from(0)),
      };
    }
    bool operator==(const api_version&) const = default;
  };

  struct supported_feature_key {
    static constexpr std::string_view schema_name = "SupportedFeatureKey";
    std::string name;
    std::int16_t min_version = 0;
    std::int16_t max_version = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = supported_feature_key;
      return std::tuple{
          field(&S::name, "Name", from(3)),
          field(&S::min_version, "MinVersion", from(3)),
          field(&S::max_version, "MaxVersion", from(3)),
      };
    }
    bool operator==(const supported_feature_key&) const = default;
  };

  struct finalized_feature_key {
    static constexpr std::string_view schema_name = "FinalizedFeatureKey";
    std::string name;
    std::int16_t max_version_level = 0;
    std::int16_t min_version_level = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = finalized_feature_key;
      return std::tuple{
          field(&S::name, "Name", from(3)),
          field(&S::max_version_level, "MaxVersionLevel", from(3)),
          field(&S::min_version_level, "MinVersionLevel", from(3)),
      };
    }
    bool operator==(const finalized_feature_key&) const = default;
  };

  std::int16_t error_code = 0;
  std::vector<api_version> api_keys;
  std::int32_t throttle_time_ms = 0;
  std::vector<supported_feature_key> supported_features;
  std::int64_t finalized_features_epoch = -1;
  std::vector<finalized_feature_key> finalized_features;
  bool zk_migration_ready = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = api_versions_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::api_keys, "ApiKeys", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::supported_features, "SupportedFeatures", from(3)).tagged(0, from(3)).ignorable_field(),
        field(&S::finalized_features_epoch, "FinalizedFeaturesEpoch", from(3)).tagged(1, from(3)).ignorable_field(),
        field(&S::finalized_features, "FinalizedFeatures", from(3)).tagged(2, from(3)).ignorable_field(),
        field(&S::zk_migration_ready, "ZkMigrationReady", from(3)).tagged(3, from(3)).ignorable_field(),
    };
  }
  bool operator==(const api_versions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(api_versions_request)
KWIRE_EXTERN_MESSAGE_CODEC(api_versions_response)

}  // namespace kwire::protocol
