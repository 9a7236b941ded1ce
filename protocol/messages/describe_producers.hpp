#pragma once
// DescribeProducers (key 61): the idempotent and transactional producers active on partitions.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_producers_request {
  static constexpr auto api = api_key::describe_producers;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeProducersRequest";

  struct topic_request {
    static constexpr std::string_view schema_name = "TopicRequest";
    std::string name;
    std::vector<std::int32_t> partition_indexes;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_request;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partition_indexes, "PartitionIndexes", from(0)),
      };
    }
    bool operator==(const topic_request&) const = default;
  };

  std::vector<topic_request> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_producers_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const describe_producers_request&) const = default;
};

struct describe_producers_response {
  static constexpr auto api = api_key::describe_producers;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeProducersResponse";

  struct producer_state {
    static constexpr std::string_view schema_name = "ProducerState";
    std::int64_t producer_id = 0;
    std::int32_t producer_epoch = 0;
    std::int32_t last_sequence = -1;
    std::int64_t last_timestamp = -1;
    std::int32_t coordinator_epoch = 0;
    std::int64_t current_txn_start_offset = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = producer_state;
      return std::tuple{
          field(&S::producer_id, "ProducerId", from(0)),
          field(&S::producer_epoch, "ProducerEpoch", from(0)),
          field(&S::last_sequence, "LastSequence", from(0)),
          field(&S::last_timestamp, "LastTimestamp", from(0)),
          field(&S::coordinator_epoch, "CoordinatorEpoch", from(0)),
          field(&S::current_txn_start_offset, "CurrentTxnStartOffset", from(0)),
      };
    }
    bool operator==(const producer_state&) const = default;
  };

  struct partition_response {
    static constexpr std::string_view schema_name = "PartitionResponse";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::vector<producer_state> active_producers;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_response;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::active_producers, "ActiveProducers", from(0)),
      };
    }
    bool operator==(const partition_response&) const = default;
  };

  struct topic_response {
    static constexpr std::string_view schema_name = "TopicResponse";
    std::string name;
    std::vector<partition_response> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_response;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_response&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<topic_response> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_producers_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const describe_producers_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_producers_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_producers_response)

}  // namespace kwire::protocol
