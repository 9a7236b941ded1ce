#pragma once
// DeleteShareGroupState (key 86): broker to share coordinator, deletes the persisted state of
// share-partitions (KIP-932).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_share_group_state_request {
  static constexpr auto api = api_key::delete_share_group_state;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteShareGroupStateRequest";

  struct partition_data {
    static constexpr std::string_view schema_name = "PartitionData";
    std::int32_t partition = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_data;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
      };
    }
    bool operator==(const partition_data&) const = default;
  };

  struct delete_state_data {
    static constexpr std::string_view schema_name = "DeleteStateData";
    uuid topic_id;
    std::vector<partition_data> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_state_data;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const delete_state_data&) const = default;
  };

  std::string group_id;
  std::vector<delete_state_data> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_share_group_state_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const delete_share_group_state_request&) const = default;
};

struct delete_share_group_state_response {
  static constexpr auto api = api_key::delete_share_group_state;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteShareGroupStateResponse";

  struct partition_result {
    static constexpr std::string_view schema_name = "PartitionResult";
    std::int32_t partition = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_result;
      return std::tuple{
          field(&S::partition, "Partition", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const partition_result&) const = default;
  };

  struct delete_state_result {
    static constexpr std::string_view schema_name = "DeleteStateResult";
    uuid topic_id;
    std::vector<partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_state_result;
      return std::tuple{
          field(&S::topic_id, "TopicId", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const delete_state_result&) const = default;
  };

  std::vector<delete_state_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_share_group_state_response;
    return std::tuple{
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const delete_share_group_state_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_share_group_state_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_share_group_state_response)

}  // namespace kwire::protocol
