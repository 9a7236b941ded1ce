#pragma once
// DescribeTransactions (key 65): the coordinator's state of given transactional ids.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_transactions_request {
  static constexpr auto api = api_key::describe_transactions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeTransactionsRequest";

  std::vector<std::string> transactional_ids;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_transactions_request;
    return std::tuple{
        field(&S::transactional_ids, "TransactionalIds", from(0)),
    };
  }
  bool operator==(const describe_transactions_request&) const = default;
};

struct describe_transactions_response {
  static constexpr auto api = api_key::describe_transactions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeTransactionsResponse";

  struct topic_data {
    static constexpr std::string_view schema_name = "TopicData";
    std::string topic;
    std::vector<std::int32_t> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_data;
      return std::tuple{
          field(&S::topic, "Topic", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const topic_data&) const = default;
  };

  // "_entry": the struct has a member named transaction_state.
  struct transaction_state_entry {
    static constexpr std::string_view schema_name = "TransactionState";
    std::int16_t error_code = 0;
    std::string transactional_id;
    std::string transaction_state;
    std::int32_t transaction_timeout_ms = 0;
    std::int64_t transaction_start_time_ms = 0;
    std::int64_t producer_id = 0;
    std::int16_t producer_epoch = 0;
    std::vector<topic_data> topics;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = transaction_state_entry;
      return std::tuple{
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::transactional_id, "TransactionalId", from(0)),
          field(&S::transaction_state, "TransactionState", from(0)),
          field(&S::transaction_timeout_ms, "TransactionTimeoutMs", from(0)),
          field(&S::transaction_start_time_ms, "TransactionStartTimeMs", from(0)),
          field(&S::producer_id, "ProducerId", from(0)),
          field(&S::producer_epoch, "ProducerEpoch", from(0)),
          field(&S::topics, "Topics", from(0)),
      };
    }
    bool operator==(const transaction_state_entry&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<transaction_state_entry> transaction_states;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_transactions_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::transaction_states, "TransactionStates", from(0)),
    };
  }
  bool operator==(const describe_transactions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_transactions_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_transactions_response)

}  // namespace kwire::protocol
