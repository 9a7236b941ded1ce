#pragma once
// ReadShareGroupStateSummary (key 87): broker to share coordinator, a summary of the persisted
// state of share-partitions (KIP-932).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct read_share_group_state_summary_request {
  static constexpr auto api = api_key::read_share_group_state_summary;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ReadShareGroupStateSummaryRequest";

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

  struct read_state_summary_data {
    static constexpr std::string_view schema_name = "ReadStateSummaryData";
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = read_state_summary_data;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const read_state_summary_data&) const = default;
  };

  std::string group_id;
  std::vector<read_state_summary_data> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = read_share_group_state_summary_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const read_share_group_state_summary_request&) const = default;
};

struct read_share_group_state_summary_response {
  static constexpr auto api = api_key::read_share_group_state_summary;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ReadShareGroupStateSummaryResponse";

  struct partition_result {
    static constexpr std::string_view schema_name = "PartitionResult";
    std::int32_t partition = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    std::int32_t state_epoch = 0;
    std::int32_t leader_epoch = 0;
    std::int64_t start_offset = 0;
    std::int32_t delivery_complete_count = -1;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_result;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
          field(&S::state_epoch, "StateEpoch", from(0)),
          field(&S::leader_epoch, "LeaderEpoch", from(0)),
          field(&S::start_offset, "StartOffset", from(0)),
          field(&S::delivery_complete_count, "DeliveryCompleteCount", from(1)).ignorable_field(),
      };
    }
    bool operator==(const partition_result&) const = default;
  };

  struct read_state_summary_result {
    static constexpr std::string_view schema_name = "ReadStateSummaryResult";
    uuid topic_id;
    std::vector<partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = read_state_summary_result;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const read_state_summary_result&) const = default;
  };

  std::vector<read_state_summary_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = read_share_group_state_summary_response;
    return std::tuple{
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const read_share_group_state_summary_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(read_share_group_state_summary_request)
KWIRE_EXTERN_MESSAGE_CODEC(read_share_group_state_summary_response)

}  // namespace kwire::protocol
