#pragma once
// AddPartitionsToTxn (key 24): adds partitions to a transaction. v4+ batches several
// transactions (broker to coordinator, KIP-890); v0-3 carry one transaction in V3AndBelow*.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct add_partitions_to_txn_request {
  static constexpr auto api = api_key::add_partitions_to_txn;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AddPartitionsToTxnRequest";

  struct add_partitions_to_txn_topic {
    static constexpr std::string_view schema_name = "AddPartitionsToTxnTopic";
    std::string name;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = add_partitions_to_txn_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const add_partitions_to_txn_topic&) const = default;
  };

  struct add_partitions_to_txn_transaction {
    static constexpr std::string_view schema_name = "AddPartitionsToTxnTransaction";
    std::string transactional_id;
    std::int64_t producer_id = 0;
    std::int16_t producer_epoch = 0;
    bool verify_only = false;
    std::vector<add_partitions_to_txn_topic> topics;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = add_partitions_to_txn_transaction;
      return std::tuple{
          field(&S::transactional_id, "TransactionalId", from(4)),
          field(&S::producer_id, "ProducerId", from(4)),
          field(&S::producer_epoch, "ProducerEpoch", from(4)),
          field(&S::verify_only, "VerifyOnly", from(4)),
          field(&S::topics, "Topics", from(4)),
      };
    }
    bool operator==(const add_partitions_to_txn_transaction&) const = default;
  };

  std::vector<add_partitions_to_txn_transaction> transactions;
  std::string v3_and_below_transactional_id;
  std::int64_t v3_and_below_producer_id = 0;
  std::int16_t v3_and_below_producer_epoch = 0;
  std::vector<add_partitions_to_txn_topic> v3_and_below_topics;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_partitions_to_txn_request;
    return std::tuple{
        field(&S::transactions, "Transactions", from(4)),
        field(&S::v3_and_below_transactional_id, "V3AndBelowTransactionalId", between(0, 3)),
        field(&S::v3_and_below_producer_id, "V3AndBelowProducerId", between(0, 3)),
        field(&S::v3_and_below_producer_epoch, "V3AndBelowProducerEpoch", between(0, 3)),
        field(&S::v3_and_below_topics, "V3AndBelowTopics", between(0, 3)),
    };
  }
  bool operator==(const add_partitions_to_txn_request&) const = default;
};

struct add_partitions_to_txn_response {
  static constexpr auto api = api_key::add_partitions_to_txn;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AddPartitionsToTxnResponse";

  struct add_partitions_to_txn_partition_result {
    static constexpr std::string_view schema_name = "AddPartitionsToTxnPartitionResult";
    std::int32_t partition_index = 0;
    std::int16_t partition_error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = add_partitions_to_txn_partition_result;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::partition_error_code, "PartitionErrorCode", from(0)),
      };
    }
    bool operator==(const add_partitions_to_txn_partition_result&) const = default;
  };

  struct add_partitions_to_txn_topic_result {
    static constexpr std::string_view schema_name = "AddPartitionsToTxnTopicResult";
    std::string name;
    std::vector<add_partitions_to_txn_partition_result> results_by_partition;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = add_partitions_to_txn_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::results_by_partition, "ResultsByPartition", from(0)),
      };
    }
    bool operator==(const add_partitions_to_txn_topic_result&) const = default;
  };

  struct add_partitions_to_txn_result {
    static constexpr std::string_view schema_name = "AddPartitionsToTxnResult";
    std::string transactional_id;
    std::vector<add_partitions_to_txn_topic_result> topic_results;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = add_partitions_to_txn_result;
      return std::tuple{
          field(&S::transactional_id, "TransactionalId", from(4)),
          field(&S::topic_results, "TopicResults", from(4)),
      };
    }
    bool operator==(const add_partitions_to_txn_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<add_partitions_to_txn_result> results_by_transaction;
  std::vector<add_partitions_to_txn_topic_result> results_by_topic_v3_and_below;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_partitions_to_txn_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(4)).ignorable_field(),
        field(&S::results_by_transaction, "ResultsByTransaction", from(4)),
        field(&S::results_by_topic_v3_and_below, "ResultsByTopicV3AndBelow", between(0, 3)),
    };
  }
  bool operator==(const add_partitions_to_txn_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(add_partitions_to_txn_request)
KWIRE_EXTERN_MESSAGE_CODEC(add_partitions_to_txn_response)

}  // namespace kwire::protocol
