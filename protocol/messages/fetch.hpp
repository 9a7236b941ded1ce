#pragma once
// Fetch (key 1): read record batches from partitions, optionally within an incremental fetch
// session (KIP-227).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct fetch_request {
  static constexpr auto api = api_key::fetch;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "FetchRequest";

  // Sent by followers only (KIP-903); consumers leave it at its defaults.
  struct replica_state_entry {
    static constexpr std::string_view schema_name = "ReplicaState";
    std::int32_t replica_id = -1;
    std::int64_t replica_epoch = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = replica_state_entry;
      return std::tuple{
          field(&S::replica_id, "ReplicaId", from(15)),
          field(&S::replica_epoch, "ReplicaEpoch", from(15)),
      };
    }
    bool operator==(const replica_state_entry&) const = default;
  };

  struct fetch_partition {
    static constexpr std::string_view schema_name = "FetchPartition";
    std::int32_t partition = 0;
    std::int32_t current_leader_epoch = -1;
    std::int64_t fetch_offset = 0;
    std::int32_t last_fetched_epoch = -1;
    std::int64_t log_start_offset = -1;
    std::int32_t partition_max_bytes = 0;
    uuid replica_directory_id;
    std::int64_t high_watermark = std::numeric_limits<std::int64_t>::max();
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = fetch_partition;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::current_leader_epoch, "CurrentLeaderEpoch", from(9)).ignorable_field(),
          field(&S::fetch_offset, "FetchOffset", from(0)),
          field(&S::last_fetched_epoch, "LastFetchedEpoch", from(12)),
          field(&S::log_start_offset, "LogStartOffset", from(5)).ignorable_field(),
          field(&S::partition_max_bytes, "PartitionMaxBytes", from(0)),
          field(&S::replica_directory_id, "ReplicaDirectoryId", from(17)).tagged(0, from(17)).ignorable_field(),
          field(&S::high_watermark, "HighWatermark", from(18)).tagged(1, from(18)).ignorable_field(),
      };
    }
    bool operator==(const fetch_partition&) const = default;
  };

  struct fetch_topic {
    static constexpr std::string_view schema_name = "FetchTopic";
    // v13+ names the topic by id only.
    std::string topic;
    uuid topic_id;
    std::vector<fetch_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = fetch_topic;
      return std::tuple{
          field(&S::topic, "Topic", between(0, 12)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(13)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const fetch_topic&) const = default;
  };

  // Partitions to drop from the fetch session.
  struct forgotten_topic {
    static constexpr std::string_view schema_name = "ForgottenTopic";
    std::string topic;
    uuid topic_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = forgotten_topic;
      return std::tuple{
          field(&S::topic, "Topic", between(7, 12)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(13)).ignorable_field(),
          field(&S::partitions, "Partitions", from(7)),
      };
    }
    bool operator==(const forgotten_topic&) const = default;
  };

  std::optional<std::string> cluster_id;
  std::int32_t replica_id = -1;
  replica_state_entry replica_state;
  std::int32_t max_wait_ms = 0;
  std::int32_t min_bytes = 0;
  std::int32_t max_bytes = 0x7fffffff;
  std::int8_t isolation_level = 0;
  std::int32_t session_id = 0;
  std::int32_t session_epoch = -1;
  std::vector<fetch_topic> topics;
  std::vector<forgotten_topic> forgotten_topics_data;
  std::string rack_id;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = fetch_request;
    return std::tuple{
        field(&S::cluster_id, "ClusterId", from(12)).nullable(from(12)).tagged(0, from(12)).ignorable_field(),
        field(&S::replica_id, "ReplicaId", between(0, 14)),
        field(&S::replica_state, "ReplicaState", from(15)).tagged(1, from(15)),
        field(&S::max_wait_ms, "MaxWaitMs", from(0)),
        field(&S::min_bytes, "MinBytes", from(0)),
        field(&S::max_bytes, "MaxBytes", from(3)).ignorable_field(),
        field(&S::isolation_level, "IsolationLevel", from(4)).ignorable_field(),
        field(&S::session_id, "SessionId", from(7)).ignorable_field(),
        field(&S::session_epoch, "SessionEpoch", from(7)).ignorable_field(),
        field(&S::topics, "Topics", from(0)),
        field(&S::forgotten_topics_data, "ForgottenTopicsData", from(7)),
        field(&S::rack_id, "RackId", from(11)).ignorable_field(),
    };
  }
  bool operator==(const fetch_request&) const = default;
};

struct fetch_response {
  static constexpr auto api = api_key::fetch;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "FetchResponse";

  struct epoch_end_offset {
    static constexpr std::string_view schema_name = "EpochEndOffset";
    std::int32_t epoch = -1;
    std::int64_t end_offset = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = epoch_end_offset;
      return std::tuple{
          field(&S::epoch, "Epoch", from(12)),
          field(&S::end_offset, "EndOffset", from(12)),
      };
    }
    bool operator==(const epoch_end_offset&) const = default;
  };

  struct leader_id_and_epoch {
    static constexpr std::string_view schema_name = "LeaderIdAndEpoch";
    std::int32_t leader_id = -1;
    std::int32_t leader_epoch = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = leader_id_and_epoch;
      return std::tuple{
          field(&S::leader_id, "LeaderId", from(12)),
          field(&S::leader_epoch, "LeaderEpoch", from(12)),
      };
    }
    bool operator==(const leader_id_and_epoch&) const = default;
  };

  // Kafka's schema gives these fields "0+" although the struct itself only exists from v12.
  struct snapshot_id_entry {
    static constexpr std::string_view schema_name = "SnapshotId";
    std::int64_t end_offset = -1;
    std::int32_t epoch = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = snapshot_id_entry;
      return std::tuple{
          field(&S::end_offset, "EndOffset", from(0)),
          field(&S::epoch, "Epoch", from(0)),
      };
    }
    bool operator==(const snapshot_id_entry&) const = default;
  };

  struct aborted_transaction {
    static constexpr std::string_view schema_name = "AbortedTransaction";
    std::int64_t producer_id = 0;
    std::int64_t first_offset = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = aborted_transaction;
      return std::tuple{
          field(&S::producer_id, "ProducerId", from(4)),
          field(&S::first_offset, "FirstOffset", from(4)),
      };
    }
    bool operator==(const aborted_transaction&) const = default;
  };

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::int64_t high_watermark = 0;
    std::int64_t last_stable_offset = -1;
    std::int64_t log_start_offset = -1;
    epoch_end_offset diverging_epoch;
    leader_id_and_epoch current_leader;
    snapshot_id_entry snapshot_id;
    // Null when the fetch was read_uncommitted; empty is what Kafka's generated code defaults to.
    std::optional<std::vector<aborted_transaction>> aborted_transactions = std::vector<aborted_transaction>{};
    std::int32_t preferred_read_replica = -1;
    protocol::records records;  // qualified: the member reuses the type's name
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::high_watermark, "HighWatermark", from(0)),
          field(&S::last_stable_offset, "LastStableOffset", from(4)).ignorable_field(),
          field(&S::log_start_offset, "LogStartOffset", from(5)).ignorable_field(),
          field(&S::diverging_epoch, "DivergingEpoch", from(12)).tagged(0, from(12)),
          field(&S::current_leader, "CurrentLeader", from(12)).tagged(1, from(12)),
          field(&S::snapshot_id, "SnapshotId", from(12)).tagged(2, from(12)),
          field(&S::aborted_transactions, "AbortedTransactions", from(4)).nullable(from(4)).ignorable_field(),
          field(&S::preferred_read_replica, "PreferredReadReplica", from(11)),
          field(&S::records, "Records", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct fetchable_topic_response {
    static constexpr std::string_view schema_name = "FetchableTopicResponse";
    std::string topic;
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = fetchable_topic_response;
      return std::tuple{
          field(&S::topic, "Topic", between(0, 12)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(13)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const fetchable_topic_response&) const = default;
  };

  struct node_endpoint {
    static constexpr std::string_view schema_name = "NodeEndpoint";
    std::int32_t node_id = 0;
    std::string host;
    std::int32_t port = 0;
    std::optional<std::string> rack;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = node_endpoint;
      return std::tuple{
          field(&S::node_id, "NodeId", from(16)),
          field(&S::host, "Host", from(16)),
          field(&S::port, "Port", from(16)),
          field(&S::rack, "Rack", from(16)).nullable(from(16)),
      };
    }
    bool operator==(const node_endpoint&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::int32_t session_id = 0;
  std::vector<fetchable_topic_response> responses;
  // The new leaders named by CurrentLeader above.
  std::vector<node_endpoint> node_endpoints;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = fetch_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(7)).ignorable_field(),
        field(&S::session_id, "SessionId", from(7)),
        field(&S::responses, "Responses", from(0)),
        field(&S::node_endpoints, "NodeEndpoints", from(16)).tagged(0, from(16)),
    };
  }
  bool operator==(const fetch_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(fetch_request)
KWIRE_EXTERN_MESSAGE_CODEC(fetch_response)

}  // namespace kwire::protocol
