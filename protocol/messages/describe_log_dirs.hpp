#pragma once
// DescribeLogDirs (key 35): a broker's log directories and the replicas they hold.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_log_dirs_request {
  static constexpr auto api = api_key::describe_log_dirs;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeLogDirsRequest";

  struct describable_log_dir_topic {
    static constexpr std::string_view schema_name = "DescribableLogDirTopic";
    std::string topic;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describable_log_dir_topic;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const describable_log_dir_topic&) const = default;
  };

  // Null asks about every topic.
  std::optional<std::vector<describable_log_dir_topic>> topics = std::vector<describable_log_dir_topic>{};
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_log_dirs_request;
    return std::tuple{
        field(&S::topics, "Topics", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const describe_log_dirs_request&) const = default;
};

struct describe_log_dirs_response {
  static constexpr auto api = api_key::describe_log_dirs;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeLogDirsResponse";

  struct describe_log_dirs_partition {
    static constexpr std::string_view schema_name = "DescribeLogDirsPartition";
    std::int32_t partition_index = 0;
    std::int64_t partition_size = 0;
    std::int64_t offset_lag = 0;
    bool is_future_key = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_log_dirs_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::partition_size, "PartitionSize", from(0)),
          field(&S::offset_lag, "OffsetLag", from(0)),
          field(&S::is_future_key, "IsFutureKey", from(0)),
      };
    }
    bool operator==(const describe_log_dirs_partition&) const = default;
  };

  struct describe_log_dirs_topic {
    static constexpr std::string_view schema_name = "DescribeLogDirsTopic";
    std::string name;
    std::vector<describe_log_dirs_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_log_dirs_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const describe_log_dirs_topic&) const = default;
  };

  struct describe_log_dirs_result {
    static constexpr std::string_view schema_name = "DescribeLogDirsResult";
    std::int16_t error_code = 0;
    std::string log_dir;
    std::vector<describe_log_dirs_topic> topics;
    std::int64_t total_bytes = -1;
    std::int64_t usable_bytes = -1;
    bool is_cordoned = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_log_dirs_result;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::log_dir, "LogDir", from(0)),
          field(&S::topics, "Topics", from(0)),
          field(&S::total_bytes, "TotalBytes", from(4)).ignorable_field(),
          field(&S::usable_bytes, "UsableBytes", from(4)).ignorable_field(),
          field(&S::is_cordoned, "IsCordoned", from(5)).ignorable_field(),
      };
    }
    bool operator==(const describe_log_dirs_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<describe_log_dirs_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_log_dirs_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(3)).ignorable_field(),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const describe_log_dirs_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_log_dirs_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_log_dirs_response)

}  // namespace kwire::protocol
