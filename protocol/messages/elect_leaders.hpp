#pragma once
// ElectLeaders (key 43): run a preferred (0) or unclean (1) leader election for partitions.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct elect_leaders_request {
  static constexpr auto api = api_key::elect_leaders;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ElectLeadersRequest";

  struct topic_partitions_entry {
    static constexpr std::string_view schema_name = "TopicPartitions";
    std::string topic;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partitions_entry;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_partitions_entry&) const = default;
  };

  std::int8_t election_type = 0;
  // Null elects leaders for every partition.
  std::optional<std::vector<topic_partitions_entry>> topic_partitions = std::vector<topic_partitions_entry>{};
  std::int32_t timeout_ms = 60000;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = elect_leaders_request;
    return std::tuple{
        field(&S::election_type, "ElectionType", from(1)),
        field(&S::topic_partitions, "TopicPartitions", from(0)).nullable(from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
    };
  }
  bool operator==(const elect_leaders_request&) const = default;
};

struct elect_leaders_response {
  static constexpr auto api = api_key::elect_leaders;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ElectLeadersResponse";

  struct partition_result_entry {
    static constexpr std::string_view schema_name = "PartitionResult";
    std::int32_t partition_id = 0;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = partition_result_entry;
      return std::tuple{
          field(&S::partition_id, "PartitionId", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const partition_result_entry&) const = default;
  };

  struct replica_election_result {
    static constexpr std::string_view schema_name = "ReplicaElectionResult";
    std::string topic;
    std::vector<partition_result_entry> partition_result;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = replica_election_result;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partition_result, "PartitionResult", from(0)),
      };
    }
    bool operator==(const replica_election_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<replica_election_result> replica_election_results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = elect_leaders_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(1)),
        field(&S::replica_election_results, "ReplicaElectionResults", from(0)),
    };
  }
  bool operator==(const elect_leaders_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(elect_leaders_request)
KWIRE_EXTERN_MESSAGE_CODEC(elect_leaders_response)

}  // namespace kwire::protocol
