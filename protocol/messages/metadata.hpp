#pragma once
// Metadata (key 3): brokers, topics, partitions and their leaders.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct metadata_request {
  static constexpr auto api = api_key::metadata;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "MetadataRequest";

  struct topic {
    static constexpr std::string_view schema_name = "MetadataRequestTopic";
    uuid topic_id;
    std::optional<std::string> name = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::name, "Name", from(0)).nullable(from(10)),
      };
    }
    bool operator==(const topic&) const = default;
  };

  // Null asks for every topic (v1+); v0 asks for every topic with an empty list.
  std::optional<std::vector<topic>> topics = std::vector<topic>{};
  bool allow_auto_topic_creation = true;
  bool include_cluster_authorized_operations = false;
  bool include_topic_authorized_operations = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = metadata_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)).nullable(from(1)),
        field(&S::allow_auto_topic_creation, "AllowAutoTopicCreation", from(4)),
        field(&S::include_cluster_authorized_operations, "IncludeClusterAuthorizedOperations", between(8, 10)),
        field(&S::include_topic_authorized_operations, "IncludeTopicAuthorizedOperations", from(8)),
    };
  }
  bool operator==(const metadata_request&) const = default;
};

struct metadata_response {
  static constexpr auto api = api_key::metadata;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "MetadataResponse";

  struct broker {
    static constexpr std::string_view schema_name = "MetadataResponseBroker";
    std::int32_t node_id = 0;
    std::string host;
    std::int32_t port = 0;
    std::optional<std::string> rack;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = broker;
      return std::tuple{
          field(&S::node_id, "NodeId", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::port, "Port", from(0)),
          field(&S::rack, "Rack", from(1)).nullable(from(1)).ignorable_field(),
      };
    }
    bool operator==(const broker&) const = default;
  };

  struct partition {
    static constexpr std::string_view schema_name = "MetadataResponsePartition";
    std::int16_t error_code = 0;
    std::int32_t partition_index = 0;
    std::int32_t leader_id = 0;
    std::int32_t leader_epoch = -1;
    std::vector<std::int32_t> replica_nodes;
    std::vector<std::int32_t> isr_nodes;
    std::vector<std::int32_t> offline_replicas;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::leader_id, "LeaderId", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(7)).ignorable_field(),
          field(&S::replica_nodes, "ReplicaNodes", from(0)),
          field(&S::isr_nodes, "IsrNodes", from(0)),
          field(&S::offline_replicas, "OfflineReplicas", from(5)).ignorable_field(),
      };
    }
    bool operator==(const partition&) const = default;
  };

  struct topic {
    static constexpr std::string_view schema_name = "MetadataResponseTopic";
    std::int16_t error_code = 0;
    std::optional<std::string> name = "";
    uuid topic_id;
    bool is_internal = false;
    std::vector<partition> partitions;
    std::int32_t topic_authorized_operations = std::numeric_limits<std::int32_t>::min();
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::name, "Name", from(0)).nullable(from(12)),
          field(&S::topic_id, "TopicId", from(10)).ignorable_field(),
          field(&S::is_internal, "IsInternal", from(1)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
          field(&S::topic_authorized_operations, "TopicAuthorizedOperations", from(8)),
      };
    }
    bool operator==(const topic&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<broker> brokers;
  std::optional<std::string> cluster_id;
  std::int32_t controller_id = -1;
  std::vector<topic> topics;
  std::int32_t cluster_authorized_operations = std::numeric_limits<std::int32_t>::min();
  std::int16_t error_code = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = metadata_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(3)).ignorable_field(),
        field(&S::brokers, "Brokers", from(0)),
        field(&S::cluster_id, "ClusterId", from(2)).nullable(from(2)).ignorable_field(),
        field(&S::controller_id, "ControllerId", from(1)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
        field(&S::cluster_authorized_operations, "ClusterAuthorizedOperations", between(8, 10)),
        field(&S::error_code, "ErrorCode", from(13)).ignorable_field(),
    };
  }
  bool operator==(const metadata_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(metadata_request)
KWIRE_EXTERN_MESSAGE_CODEC(metadata_response)

}  // namespace kwire::protocol
