#pragma once
// ShareAcknowledge (key 79): acknowledges records delivered to a share-group member
// (KIP-932). Kafka 3.9 had only an unstable v0, so kwire starts at v1.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct share_acknowledge_request {
  static constexpr auto api = api_key::share_acknowledge;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ShareAcknowledgeRequest";

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

  struct acknowledge_partition {
    static constexpr std::string_view schema_name = "AcknowledgePartition";
    std::int32_t partition_index = 0;
    std::vector<acknowledgement_batch> acknowledgement_batches;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acknowledge_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::acknowledgement_batches, "AcknowledgementBatches", from(0)),
      };
    }
    bool operator==(const acknowledge_partition&) const = default;
  };

  struct acknowledge_topic {
    static constexpr std::string_view schema_name = "AcknowledgeTopic";
    uuid topic_id;
    std::vector<acknowledge_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = acknowledge_topic;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const acknowledge_topic&) const = default;
  };

  std::optional<std::string> group_id;
  std::optional<std::string> member_id = "";
  std::int32_t share_session_epoch = 0;
  bool is_renew_ack = false;
  std::vector<acknowledge_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_acknowledge_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)).nullable(from(0)),
        field(&S::member_id, "MemberId", from(0)).nullable(from(0)),
        field(&S::share_session_epoch, "ShareSessionEpoch", from(0)),
        field(&S::is_renew_ack, "IsRenewAck", from(2)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const share_acknowledge_request&) const = default;
};

struct share_acknowledge_response {
  static constexpr auto api = api_key::share_acknowledge;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ShareAcknowledgeResponse";

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

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    leader_id_and_epoch current_leader;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::current_leader, "CurrentLeader", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct share_acknowledge_topic_response {
    static constexpr std::string_view schema_name = "ShareAcknowledgeTopicResponse";
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = share_acknowledge_topic_response;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const share_acknowledge_topic_response&) const = default;
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
  std::vector<share_acknowledge_topic_response> responses;
  std::vector<node_endpoint> node_endpoints;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = share_acknowledge_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::acquisition_lock_timeout_ms, "AcquisitionLockTimeoutMs", from(2)).ignorable_field(),
        field(&S::responses, "Responses", from(0)),
        field(&S::node_endpoints, "NodeEndpoints", from(0)),
    };
  }
  bool operator==(const share_acknowledge_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(share_acknowledge_request)
KWIRE_EXTERN_MESSAGE_CODEC(share_acknowledge_response)

}  // namespace kwire::protocol
