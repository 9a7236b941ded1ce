#pragma once
// EndTxn (key 26): commits or aborts a transaction.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct end_txn_request {
  static constexpr auto api = api_key::end_txn;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "EndTxnRequest";

  std::string transactional_id;
  std::int64_t producer_id = 0;
  std::int16_t producer_epoch = 0;
  bool committed = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = end_txn_request;
    return std::tuple{
        field(&S::transactional_id, "TransactionalId", from(0)),
        field(&S::producer_id, "ProducerId", from(0)),
        field(&S::producer_epoch, "ProducerEpoch", from(0)),
        field(&S::committed, "Committed", from(0)),
    };
  }
  bool operator==(const end_txn_request&) const = default;
};

struct end_txn_response {
  static constexpr auto api = api_key::end_txn;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "EndTxnResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  // v5+ (KIP-890): the producer id and epoch to use for the next transaction.
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = end_txn_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::producer_id, "ProducerId", from(5)).ignorable_field(),
        field(&S::producer_epoch, "ProducerEpoch", from(5)).ignorable_field(),
    };
  }
  bool operator==(const end_txn_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(end_txn_request)
KWIRE_EXTERN_MESSAGE_CODEC(end_txn_response)

}  // namespace kwire::protocol
