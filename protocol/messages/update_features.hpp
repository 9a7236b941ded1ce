#pragma once
// UpdateFeatures (key 57): upgrades or downgrades finalized feature levels (metadata.version...).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct update_features_request {
  static constexpr auto api = api_key::update_features;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "UpdateFeaturesRequest";

  struct feature_update_key {
    static constexpr std::string_view schema_name = "FeatureUpdateKey";
    std::string feature;
    std::int16_t max_version_level = 0;
    bool allow_downgrade = false;  // v0 only; v1+ says it with upgrade_type
    std::int8_t upgrade_type = 1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = feature_update_key;
      return std::tuple{
          field(&S::feature, "Feature", from(0)),
          field(&S::max_version_level, "MaxVersionLevel", from(0)),
          field(&S::allow_downgrade, "AllowDowngrade", between(0, 0)),
          field(&S::upgrade_type, "UpgradeType", from(1)),
      };
    }
    bool operator==(const feature_update_key&) const = default;
  };

  std::int32_t timeout_ms = 60000;
  std::vector<feature_update_key> feature_updates;
  bool validate_only = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = update_features_request;
    return std::tuple{
        field(&S::timeout_ms, "timeoutMs", from(0)),
        field(&S::feature_updates, "FeatureUpdates", from(0)),
        field(&S::validate_only, "ValidateOnly", from(1)),
    };
  }
  bool operator==(const update_features_request&) const = default;
};

struct update_features_response {
  static constexpr auto api = api_key::update_features;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "UpdateFeaturesResponse";

  struct updatable_feature_result {
    static constexpr std::string_view schema_name = "UpdatableFeatureResult";
    std::string feature;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = updatable_feature_result;
      return std::tuple{
          field(&S::feature, "Feature", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const updatable_feature_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  // Dropped in v2: from then on the top-level error covers every update.
  std::vector<updatable_feature_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = update_features_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::results, "Results", between(0, 1)).ignorable_field(),
    };
  }
  bool operator==(const update_features_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(update_features_request)
KWIRE_EXTERN_MESSAGE_CODEC(update_features_response)

}  // namespace kwire::protocol
