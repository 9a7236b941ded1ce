#pragma once
// TxnOffsetCommit (key 28): commits consumer offsets inside a transaction.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct txn_offset_commit_request {
  static constexpr auto api = api_key::txn_offset_commit;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "TxnOffsetCommitRequest";

  struct txn_offset_commit_request_partition {
    static constexpr std::string_view schema_name = "TxnOffsetCommitRequestPartition";
    std::int32_t partition_index = 0;
    std::int64_t committed_offset = 0;
    std::int32_t committed_leader_epoch = -1;
    std::optional<std::string> committed_metadata = "";
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = txn_offset_commit_request_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::committed_offset, "CommittedOffset", from(0)),
          field(&S::committed_leader_epoch, "CommittedLeaderEpoch", from(2)).ignorable_field(),
          field(&S::committed_metadata, "CommittedMetadata", from(0)).nullable(from(0)),
      };
    }
    bool operator==(const txn_offset_commit_request_partition&) const = default;
  };

  struct txn_offset_commit_request_topic {
    static constexpr std::string_view schema_name = "TxnOffsetCommitRequestTopic";
    std::string name;  // v0-v5
    uuid topic_id;     // v6+ (KIP-1319): topics by id, not by name
    std::vector<txn_offset_commit_request_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = txn_offset_commit_request_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 5)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(6)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const txn_offset_commit_request_topic&) const = default;
  };

  std::string transactional_id;
  std::string group_id;
  std::int64_t producer_id = 0;
  std::int16_t producer_epoch = 0;
  std::int32_t generation_id_or_member_epoch = -1;  // the classic generation, or the consumer protocol's member epoch
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::vector<txn_offset_commit_request_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = txn_offset_commit_request;
    return std::tuple{
        field(&S::transactional_id, "TransactionalId", from(0)),
        field(&S::group_id, "GroupId", from(0)),
        field(&S::producer_id, "ProducerId", from(0)),
        field(&S::producer_epoch, "ProducerEpoch", from(0)),
        field(&S::generation_id_or_member_epoch, "GenerationIdOrMemberEpoch", from(3)),
        field(&S::member_id, "MemberId", from(3)),
        field(&S::group_instance_id, "GroupInstanceId", from(3)).nullable(from(3)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const txn_offset_commit_request&) const = default;
};

struct txn_offset_commit_response {
  static constexpr auto api = api_key::txn_offset_commit;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "TxnOffsetCommitResponse";

  struct txn_offset_commit_response_partition {
    static constexpr std::string_view schema_name = "TxnOffsetCommitResponsePartition";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = txn_offset_commit_response_partition;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const txn_offset_commit_response_partition&) const = default;
  };

  struct txn_offset_commit_response_topic {
    static constexpr std::string_view schema_name = "TxnOffsetCommitResponseTopic";
    std::string name;  // v0-v5
    uuid topic_id;     // v6+
    std::vector<txn_offset_commit_response_partition> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = txn_offset_commit_response_topic;
      return std::tuple{
          field(&S::name, "Name", between(0, 5)).ignorable_field(),
          field(&S::topic_id, "TopicId", from(6)).ignorable_field(),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const txn_offset_commit_response_topic&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<txn_offset_commit_response_topic> topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = txn_offset_commit_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::topics, "Topics", from(0)),
    };
  }
  bool operator==(const txn_offset_commit_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(txn_offset_commit_request)
KWIRE_EXTERN_MESSAGE_CODEC(txn_offset_commit_response)

}  // namespace kwire::protocol
