#pragma once
// DeleteRecords (key 21): move partitions' log start offsets forward.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_records_request {
  static constexpr auto api = api_key::delete_records;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteRecordsRequest";

  struct delete_records_partition {
    static constexpr std::string_view schema_name = "DeleteRecordsPartition";
    std::int32_t partition_index = 0;
    std::int64_t offset = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_records_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::offset, "Offset", from(0)),
      };
    }
    bool operator==(const delete_records_partition&) const = default;
  };

  struct delete_records_topic {
    static constexpr std::string_view schema_name = "DeleteRecordsTopic";
    std::string name;
    std::vector<delete_records_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_records_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const delete_records_topic&) const = default;
  };

  std::vector<delete_records_topic> topics;
  std::int32_t timeout_ms = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_records_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
    };
  }
  bool operator==(const delete_records_request&) const = default;
};

struct delete_records_response {
  static constexpr auto api = api_key::delete_records;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteRecordsResponse";

  struct delete_records_partition_result {
    static constexpr std::string_view schema_name = "DeleteRecordsPartitionResult";
    std::int32_t partition_index = 0;
    std::int64_t low_watermark = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_records_partition_result;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::low_watermark, "LowWatermark", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const delete_records_partition_result&) const = default;
  };

  struct delete_records_topic_result {
    static constexpr std::string_view schema_name = "DeleteRecordsTopicResult";
    std::string name;
    std::vector<delete_records_partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = delete_records_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const delete_records_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<delete_records_topic_result> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_records_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const delete_records_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_records_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_records_response)

}  // namespace kwire::protocol
