#pragma once
// DescribeQuorum (key 55): the KRaft metadata quorum: leader, voters, observers and (v2+) the
// voters' endpoints.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_quorum_request {
  static constexpr auto api = api_key::describe_quorum;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeQuorumRequest";

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition_index = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct topic_data {
    static constexpr std::string_view schema_name = "TopicData";
    std::string topic_name;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_data;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_data&) const = default;
  };

  std::vector<topic_data> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_quorum_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const describe_quorum_request&) const = default;
};

struct describe_quorum_response {
  static constexpr auto api = api_key::describe_quorum;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeQuorumResponse";

  // Kafka's common struct for both voters and observers.
  struct replica_state {
    static constexpr std::string_view schema_name = "ReplicaState";
    std::int32_t replica_id = 0;
    uuid replica_directory_id;
    std::int64_t log_end_offset = 0;
    std::int64_t last_fetch_timestamp = -1;
    std::int64_t last_caught_up_timestamp = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = replica_state;
      return std::tuple{
          field(&S::replica_id, "ReplicaId", from(0)),
          field(&S::replica_directory_id, "ReplicaDirectoryId", from(2)),
          field(&S::log_end_offset, "LogEndOffset", from(0)),
          field(&S::last_fetch_timestamp, "LastFetchTimestamp", from(1)).ignorable_field(),
          field(&S::last_caught_up_timestamp, "LastCaughtUpTimestamp", from(1)).ignorable_field(),
      };
    }
    bool operator==(const replica_state&) const = default;
  };

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    std::int32_t leader_id = 0;
    std::int32_t leader_epoch = 0;
    std::int64_t high_watermark = 0;
    std::vector<replica_state> current_voters;
    std::vector<replica_state> observers;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(2)).nullable(from(2)).ignorable_field(),
          field(&S::leader_id, "LeaderId", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
          field(&S::high_watermark, "HighWatermark", from(0)),
          field(&S::current_voters, "CurrentVoters", from(0)),
          field(&S::observers, "Observers", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct topic_data {
    static constexpr std::string_view schema_name = "TopicData";
    std::string topic_name;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_data;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_data&) const = default;
  };

  struct listener {
    static constexpr std::string_view schema_name = "Listener";
    std::string name;
    std::string host;
    std::uint16_t port = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = listener;
      return std::tuple{
          field(&S::name, "Name", from(2)),
          field(&S::host, "Host", from(2)),
          field(&S::port, "Port", from(2)),
      };
    }
    bool operator==(const listener&) const = default;
  };

  struct node {
    static constexpr std::string_view schema_name = "Node";
    std::int32_t node_id = 0;
    std::vector<listener> listeners;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = node;
      return std::tuple{
          field(&S::node_id, "NodeId", from(2)),
          field(&S::listeners, "Listeners", from(2)),
      };
    }
    bool operator==(const node&) const = default;
  };

  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  std::vector<topic_data> topics;
  std::vector<node> nodes;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_quorum_response;
    return std::tuple{
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(2)).nullable(from(2)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
        field(&S::nodes, "Nodes", from(2)),
    };
  }
  bool operator==(const describe_quorum_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_quorum_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_quorum_response)

}  // namespace kwire::protocol
