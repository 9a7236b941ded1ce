#pragma once
// ShareFetch (key 78): fetches records for a share-group member and acknowledges earlier ones
// (KIP-932). Kafka 3.9 had only an unstable v0, so kwire starts at v1.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct share_fetch_request {
  static constexpr auto api = api_key::share_fetch;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ShareFetchRequest";

  struct acknowledgement_batch {
    static constexpr std::string_view schema_name = "AcknowledgementBatch";
    std::int64_t first_offset = 0;
    std::int64_t last_offset = 0;
    std::vector<std::int8_t> acknowledge_types;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acknowledgement_batch;
      return std::tuple{
          field(&S::first_offset, "FirstOffset", from(0)),
          field(&S::last_offset, "LastOffset", from(0)),
          field(&S::acknowledge_types, "AcknowledgeTypes", from(0)),
      };
    }
    bool operator==(const acknowledgement_batch&) const = default;
  };

  struct fetch_partition {
    static constexpr std::string_view schema_name = "FetchPartition";
    std::int32_t partition_index = 0;
    std::int32_t partition_max_bytes = 0;
    std::vector<acknowledgement_batch> acknowledgement_batches;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = fetch_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::partition_max_bytes, "PartitionMaxBytes", between(0, 0)),
          field(&S::acknowledgement_batches, "AcknowledgementBatches", from(0)),
      };
    }
    bool operator==(const fetch_partition&) const = default;
  };

  struct fetch_topic {
    static constexpr std::string_view schema_name = "FetchTopic";
    uuid topic_id;
    std::vector<fetch_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = fetch_topic;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const fetch_topic&) const = default;
  };

  struct forgotten_topic {
    static constexpr std::string_view schema_name = "ForgottenTopic";
    uuid topic_id;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = forgotten_topic;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const forgotten_topic&) const = default;
  };

  std::optional<std::string> group_id;
  std::optional<std::string> member_id = "";
  std::int32_t share_session_epoch = 0;
  std::int32_t max_wait_ms = 0;
  std::int32_t min_bytes = 0;
  std::int32_t max_bytes = 0x7fffffff;
  std::int32_t max_records = 0;
  std::int32_t batch_size = 0;
  std::int8_t share_acquire_mode = 0;
  bool is_renew_ack = false;
  std::vector<fetch_topic> topics;
  std::vector<forgotten_topic> forgotten_topics_data;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_fetch_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)).nullable(from(0)),
        field(&S::member_id, "MemberId", from(0)).nullable(from(0)),
        field(&S::share_session_epoch, "ShareSessionEpoch", from(0)),
        field(&S::max_wait_ms, "MaxWaitMs", from(0)),
        field(&S::min_bytes, "MinBytes", from(0)),
        field(&S::max_bytes, "MaxBytes", from(0)),
        field(&S::max_records, "MaxRecords", from(1)),
        field(&S::batch_size, "BatchSize", from(1)),
        field(&S::share_acquire_mode, "ShareAcquireMode", from(2)).ignorable_field(),
        field(&S::is_renew_ack, "IsRenewAck", from(2)),
        field(&S::topics, "Topics", from(0)),
        field(&S::forgotten_topics_data, "ForgottenTopicsData", from(0)),
    };
  }
  bool operator==(const share_fetch_request&) const = default;
};

struct share_fetch_response {
  static constexpr auto api = api_key::share_fetch;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ShareFetchResponse";

  struct leader_id_and_epoch {
    static constexpr std::string_view schema_name = "LeaderIdAndEpoch";
    std::int32_t leader_id = 0;
    std::int32_t leader_epoch = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = leader_id_and_epoch;
      return std::tuple{
          field(&S::leader_id, "LeaderId", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
      };
    }
    bool operator==(const leader_id_and_epoch&) const = default;
  };

  // "_entry": the name is taken by the acquired_records member.
  struct acquired_records_entry {
    static constexpr std::string_view schema_name = "AcquiredRecords";
    std::int64_t first_offset = 0;
    std::int64_t last_offset = 0;
    std::int16_t delivery_count = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acquired_records_entry;
      return std::tuple{
          field(&S::first_offset, "FirstOffset", from(0)),
          field(&S::last_offset, "LastOffset", from(0)),
          field(&S::delivery_count, "DeliveryCount", from(0)),
      };
    }
    bool operator==(const acquired_records_entry&) const = default;
  };

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::int16_t acknowledge_error_code = 0;
    std::optional<std::string> acknowledge_error_message;
    leader_id_and_epoch current_leader;
    // Nullable only in v0: from v1 the broker always sends records, possibly empty.
    protocol::records records;
    std::vector<acquired_records_entry> acquired_records;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::acknowledge_error_code, "AcknowledgeErrorCode", from(0)),
          field(&S::acknowledge_error_message, "AcknowledgeErrorMessage", from(0)).nullable(from(0)),
          field(&S::current_leader, "CurrentLeader", from(0)),
          field(&S::records, "Records", from(0)).nullable(between(0, 0)),
          field(&S::acquired_records, "AcquiredRecords", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct share_fetchable_topic_response {
    static constexpr std::string_view schema_name = "ShareFetchableTopicResponse";
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = share_fetchable_topic_response;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const share_fetchable_topic_response&) const = default;
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
          field(&S::node_id, "NodeId", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::port, "Port", from(0)),
          field(&S::rack, "Rack", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const node_endpoint&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::int32_t acquisition_lock_timeout_ms = 0;
  std::vector<share_fetchable_topic_response> responses;
  std::vector<node_endpoint> node_endpoints;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_fetch_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::acquisition_lock_timeout_ms, "AcquisitionLockTimeoutMs", from(1)),
        field(&S::responses, "Responses", from(0)),
        field(&S::node_endpoints, "NodeEndpoints", from(0)),
    };
  }
  bool operator==(const share_fetch_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(share_fetch_request)
KWIRE_EXTERN_MESSAGE_CODEC(share_fetch_response)

}  // namespace kwire::protocol
