#pragma once
// CreateTopics (key 19): create topics with a partition count and replication factor, or an
// explicit replica assignment, and initial configs.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct create_topics_request {
  static constexpr auto api = api_key::create_topics;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "CreateTopicsRequest";

  struct creatable_replica_assignment {
    static constexpr std::string_view schema_name = "CreatableReplicaAssignment";
    std::int32_t partition_index = 0;
    std::vector<std::int32_t> broker_ids;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_replica_assignment;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::broker_ids, "BrokerIds", from(0)),
      };
    }
    bool operator==(const creatable_replica_assignment&) const = default;
  };

  struct creatable_topic_config {
    static constexpr std::string_view schema_name = "CreatableTopicConfig";
    std::string name;
    std::optional<std::string> value = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_topic_config;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::value, "Value", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const creatable_topic_config&) const = default;
  };

  struct creatable_topic {
    static constexpr std::string_view schema_name = "CreatableTopic";
    std::string name;
    std::int32_t num_partitions = 0;  // -1: the broker default (v4+)
    std::int16_t replication_factor = 0;  // -1: the broker default (v4+)
    std::vector<creatable_replica_assignment> assignments;
    std::vector<creatable_topic_config> configs;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::num_partitions, "NumPartitions", from(0)),
          field(&S::replication_factor, "ReplicationFactor", from(0)),
          field(&S::assignments, "Assignments", from(0)),
          field(&S::configs, "Configs", from(0)),
      };
    }
    bool operator==(const creatable_topic&) const = default;
  };

  std::vector<creatable_topic> topics;
  std::int32_t timeout_ms = 60000;
  bool validate_only = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_topics_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
        field(&S::timeout_ms, "timeoutMs", from(0)),
        field(&S::validate_only, "validateOnly", from(1)),
    };
  }
  bool operator==(const create_topics_request&) const = default;
};

struct create_topics_response {
  static constexpr auto api = api_key::create_topics;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "CreateTopicsResponse";

  struct creatable_topic_configs {
    static constexpr std::string_view schema_name = "CreatableTopicConfigs";
    std::string name;
    std::optional<std::string> value = "";
    bool read_only = false;
    std::int8_t config_source = -1;
    bool is_sensitive = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_topic_configs;
      return std::tuple{
          field(&S::name, "Name", from(5)),
          field(&S::value, "Value", from(5)).nullable(from(5)),
          field(&S::read_only, "ReadOnly", from(5)),
          field(&S::config_source, "ConfigSource", from(5)).ignorable_field(),
          field(&S::is_sensitive, "IsSensitive", from(5)),
      };
    }
    bool operator==(const creatable_topic_configs&) const = default;
  };

  struct creatable_topic_result {
    static constexpr std::string_view schema_name = "CreatableTopicResult";
    std::string name;
    uuid topic_id;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::int16_t topic_config_error_code = 0;
    std::int32_t num_partitions = -1;
    std::int16_t replication_factor = -1;
    std::optional<std::vector<creatable_topic_configs>> configs = std::vector<creatable_topic_configs>{};
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = creatable_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::topic_id, "TopicId", from(7)).ignorable_field(),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(1)).nullable(from(0)).ignorable_field(),
          field(&S::topic_config_error_code, "TopicConfigErrorCode", from(5)).tagged(0, from(5)).ignorable_field(),
          field(&S::num_partitions, "NumPartitions", from(5)).ignorable_field(),
          field(&S::replication_factor, "ReplicationFactor", from(5)).ignorable_field(),
          field(&S::configs, "Configs", from(5)).nullable(from(5)).ignorable_field(),
      };
    }
    bool operator==(const creatable_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<creatable_topic_result> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = create_topics_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(2)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const create_topics_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(create_topics_request)
KWIRE_EXTERN_MESSAGE_CODEC(create_topics_response)

}  // namespace kwire::protocol
