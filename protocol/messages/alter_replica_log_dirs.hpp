#pragma once
// AlterReplicaLogDirs (key 34): move replicas between the log directories of a broker.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct alter_replica_log_dirs_request {
  static constexpr auto api = api_key::alter_replica_log_dirs;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AlterReplicaLogDirsRequest";

  struct alter_replica_log_dir_topic {
    static constexpr std::string_view schema_name = "AlterReplicaLogDirTopic";
    std::string name;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_replica_log_dir_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const alter_replica_log_dir_topic&) const = default;
  };

  struct alter_replica_log_dir {
    static constexpr std::string_view schema_name = "AlterReplicaLogDir";
    std::string path;
    std::vector<alter_replica_log_dir_topic> topics;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_replica_log_dir;
      return std::tuple{
          field(&S::path, "Path", from(0)),
          field(&S::topics, "Topics", from(0)),
      };
    }
    bool operator==(const alter_replica_log_dir&) const = default;
  };

  std::vector<alter_replica_log_dir> dirs;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_replica_log_dirs_request;
    return std::tuple{
        field(&S::dirs, "Dirs", from(0)),
    };
  }
  bool operator==(const alter_replica_log_dirs_request&) const = default;
};

struct alter_replica_log_dirs_response {
  static constexpr auto api = api_key::alter_replica_log_dirs;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AlterReplicaLogDirsResponse";

  struct alter_replica_log_dir_partition_result {
    static constexpr std::string_view schema_name = "AlterReplicaLogDirPartitionResult";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_replica_log_dir_partition_result;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const alter_replica_log_dir_partition_result&) const = default;
  };

  struct alter_replica_log_dir_topic_result {
    static constexpr std::string_view schema_name = "AlterReplicaLogDirTopicResult";
    std::string topic_name;
    std::vector<alter_replica_log_dir_partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = alter_replica_log_dir_topic_result;
      return std::tuple{
          field(&S::topic_name, "TopicName", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const alter_replica_log_dir_topic_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<alter_replica_log_dir_topic_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = alter_replica_log_dirs_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const alter_replica_log_dirs_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(alter_replica_log_dirs_request)
KWIRE_EXTERN_MESSAGE_CODEC(alter_replica_log_dirs_response)

}  // namespace kwire::protocol
