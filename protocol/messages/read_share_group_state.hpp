#pragma once
// ReadShareGroupState (key 84): broker to share coordinator, reads the persisted state of
// share-partitions (KIP-932).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct read_share_group_state_request {
  static constexpr auto api = api_key::read_share_group_state;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ReadShareGroupStateRequest";

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition = 0;
    std::int32_t leader_epoch = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct read_state_data {
    static constexpr std::string_view schema_name = "ReadStateData";
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = read_state_data;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const read_state_data&) const = default;
  };

  std::string group_id;
  std::vector<read_state_data> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = read_share_group_state_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const read_share_group_state_request&) const = default;
};

struct read_share_group_state_response {
  static constexpr auto api = api_key::read_share_group_state;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ReadShareGroupStateResponse";

  struct state_batch {
    static constexpr std::string_view schema_name = "StateBatch";
    std::int64_t first_offset = 0;
    std::int64_t last_offset = 0;
    std::int8_t delivery_state = 0;
    std::int16_t delivery_count = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = state_batch;
      return std::tuple{
          field(&S::first_offset, "FirstOffset", from(0)),
          field(&S::last_offset, "LastOffset", from(0)),
          field(&S::delivery_state, "DeliveryState", from(0)),
          field(&S::delivery_count, "DeliveryCount", from(0)),
      };
    }
    bool operator==(const state_batch&) const = default;
  };

  struct partition_result {
    static constexpr std::string_view schema_name = "PartitionResult";
    std::int32_t partition = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::int32_t state_epoch = 0;
    std::int64_t start_offset = 0;
    std::vector<state_batch> state_batches;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_result;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::state_epoch, "StateEpoch", from(0)),
          field(&S::start_offset, "StartOffset", from(0)),
          field(&S::state_batches, "StateBatches", from(0)),
      };
    }
    bool operator==(const partition_result&) const = default;
  };

  struct read_state_result {
    static constexpr std::string_view schema_name = "ReadStateResult";
    uuid topic_id;
    std::vector<partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = read_state_result;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const read_state_result&) const = default;
  };

  std::vector<read_state_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = read_share_group_state_response;
    return std::tuple{
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const read_share_group_state_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(read_share_group_state_request)
KWIRE_EXTERN_MESSAGE_CODEC(read_share_group_state_response)

}  // namespace kwire::protocol
