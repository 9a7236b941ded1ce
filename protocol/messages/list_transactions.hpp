#pragma once
// ListTransactions (key 66): the transactions a broker coordinates, filtered.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct list_transactions_request {
  static constexpr auto api = api_key::list_transactions;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ListTransactionsRequest";

  std::vector<std::string> state_filters;
  std::vector<std::int64_t> producer_id_filters;
  std::int64_t duration_filter = -1;
  std::optional<std::string> transactional_id_pattern;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_transactions_request;
    return std::tuple{
        field(&S::state_filters, "StateFilters", from(0)),
        field(&S::producer_id_filters, "ProducerIdFilters", from(0)),
        field(&S::duration_filter, "DurationFilter", from(1)),
        field(&S::transactional_id_pattern, "TransactionalIdPattern", from(2)).nullable(from(2)),
    };
  }
  bool operator==(const list_transactions_request&) const = default;
};

struct list_transactions_response {
  static constexpr auto api = api_key::list_transactions;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ListTransactionsResponse";

  // "_entry": the struct has a member named transaction_state.
  struct transaction_state_entry {
    static constexpr std::string_view schema_name = "TransactionState";
    std::string transactional_id;
    std::int64_t producer_id = 0;
    std::string transaction_state;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = transaction_state_entry;
      return std::tuple{
          field(&S::transactional_id, "TransactionalId", from(0)),
          field(&S::producer_id, "ProducerId", from(0)),
          field(&S::transaction_state, "TransactionState", from(0)),
      };
    }
    bool operator==(const transaction_state_entry&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<std::string> unknown_state_filters;
  std::vector<transaction_state_entry> transaction_states;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_transactions_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::unknown_state_filters, "UnknownStateFilters", from(0)),
        field(&S::transaction_states, "TransactionStates", from(0)),
    };
  }
  bool operator==(const list_transactions_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(list_transactions_request)
KWIRE_EXTERN_MESSAGE_CODEC(list_transactions_response)

}  // namespace kwire::protocol
