#pragma once
// Produce (key 0): record batches for partitions, and where each one landed.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct produce_request {
  static constexpr auto api = api_key::produce;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ProduceRequest";

  struct partition_produce_data {
    static constexpr std::string_view schema_name = "PartitionProduceData";
    std::int32_t index = 0;
    protocol::records records;  // qualified: the member reuses the type's name
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_produce_data;
      return std::tuple{
          field(&S::index, "Index", from(0)),
          field(&S::records, "Records", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const partition_produce_data&) const = default;
  };

  struct topic_produce_data {
    static constexpr std::string_view schema_name = "TopicProduceData";
    // v13+ names the topic by id only.
    std::string name;
    uuid topic_id;
    std::vector<partition_produce_data> partition_data;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_produce_data;
      return std::tuple{
          field(&S::name, "Name", between(0, 12)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(13)).ignorable_field(),
          field(&S::partition_data, "PartitionData", from(0)),
      };
    }
    bool operator==(const topic_produce_data&) const = default;
  };

  std::optional<std::string> transactional_id;
  std::int16_t acks = 0;
  std::int32_t timeout_ms = 0;
  std::vector<topic_produce_data> topic_data;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = produce_request;
    return std::tuple{
        field(&S::transactional_id, "TransactionalId", from(3)).nullable(from(3)),
        field(&S::acks, "Acks", from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
        field(&S::topic_data, "TopicData", from(0)),
    };
  }
  bool operator==(const produce_request&) const = default;
};

struct produce_response {
  static constexpr auto api = api_key::produce;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ProduceResponse";

  struct batch_index_and_error_message {
    static constexpr std::string_view schema_name = "BatchIndexAndErrorMessage";
    std::int32_t batch_index = 0;
    std::optional<std::string> batch_index_error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = batch_index_and_error_message;
      return std::tuple{
          field(&S::batch_index, "BatchIndex", from(8)),
          field(&S::batch_index_error_message, "BatchIndexErrorMessage", from(8)).nullable(from(8)),
      };
    }
    bool operator==(const batch_index_and_error_message&) const = default;
  };

  struct leader_id_and_epoch {
    static constexpr std::string_view schema_name = "LeaderIdAndEpoch";
    std::int32_t leader_id = -1;
    std::int32_t leader_epoch = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = leader_id_and_epoch;
      return std::tuple{
          field(&S::leader_id, "LeaderId", from(10)),
          field(&S::leader_epoch, "LeaderEpoch", from(10)),
      };
    }
    bool operator==(const leader_id_and_epoch&) const = default;
  };

  struct partition_produce_response {
    static constexpr std::string_view schema_name = "PartitionProduceResponse";
    std::int32_t index = 0;
    std::int16_t error_code = 0;
    std::int64_t base_offset = 0;
    std::int64_t log_append_time_ms = -1;
    std::int64_t log_start_offset = -1;
    std::vector<batch_index_and_error_message> record_errors;
    std::optional<std::string> error_message;
    // Set with NOT_LEADER_OR_FOLLOWER so the client can retry without a metadata round trip.
    leader_id_and_epoch current_leader;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_produce_response;
      return std::tuple{
          field(&S::index, "Index", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::base_offset, "BaseOffset", from(0)),
          field(&S::log_append_time_ms, "LogAppendTimeMs", from(2)).ignorable_field(),
          field(&S::log_start_offset, "LogStartOffset", from(5)).ignorable_field(),
          field(&S::record_errors, "RecordErrors", from(8)).ignorable_field(),
          field(&S::error_message, "ErrorMessage", from(8)).nullable(from(8)).ignorable_field(),
          field(&S::current_leader, "CurrentLeader", from(10)).tagged(0, from(10)),
      };
    }
    bool operator==(const partition_produce_response&) const = default;
  };

  struct topic_produce_response {
    static constexpr std::string_view schema_name = "TopicProduceResponse";
    std::string name;
    uuid topic_id;
    std::vector<partition_produce_response> partition_responses;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_produce_response;
      return std::tuple{
          field(&S::name, "Name", between(0, 12)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(13)).ignorable_field(),
          field(&S::partition_responses, "PartitionResponses", from(0)),
      };
    }
    bool operator==(const topic_produce_response&) const = default;
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
          field(&S::node_id, "NodeId", from(10)),
          field(&S::host, "Host", from(10)),
          field(&S::port, "Port", from(10)),
          field(&S::rack, "Rack", from(10)).nullable(from(10)),
      };
    }
    bool operator==(const node_endpoint&) const = default;
  };

  std::vector<topic_produce_response> responses;
  std::int32_t throttle_time_ms = 0;
  // The new leaders named by CurrentLeader above.
  std::vector<node_endpoint> node_endpoints;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = produce_response;
    return std::tuple{
        field(&S::responses, "Responses", from(0)),
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::node_endpoints, "NodeEndpoints", from(10)).tagged(0, from(10)),
    };
  }
  bool operator==(const produce_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(produce_request)
KWIRE_EXTERN_MESSAGE_CODEC(produce_response)

}  // namespace kwire::protocol
