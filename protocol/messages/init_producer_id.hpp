#pragma once
// InitProducerId (key 22): a producer id and epoch for idempotent or transactional producing.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct init_producer_id_request {
  static constexpr auto api = api_key::init_producer_id;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "InitProducerIdRequest";

  // Null for an idempotent (non-transactional) producer.
  std::optional<std::string> transactional_id = "";
  std::int32_t transaction_timeout_ms = 0;
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = -1;
  // v6 (two-phase commit, KIP-939) is unstable in Kafka 4.3, so kwire does not claim it yet.
  bool enable_2pc = false;
  bool keep_prepared_txn = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = init_producer_id_request;
    return std::tuple{
        field(&S::transactional_id, "TransactionalId", from(0)).nullable(from(0)),
        field(&S::transaction_timeout_ms, "TransactionTimeoutMs", from(0)),
        field(&S::producer_id, "ProducerId", from(3)),
        field(&S::producer_epoch, "ProducerEpoch", from(3)),
        field(&S::enable_2pc, "Enable2Pc", from(6)),
        field(&S::keep_prepared_txn, "KeepPreparedTxn", from(6)),
    };
  }
  bool operator==(const init_producer_id_request&) const = default;
};

struct init_producer_id_response {
  static constexpr auto api = api_key::init_producer_id;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "InitProducerIdResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::int64_t producer_id = -1;
  std::int16_t producer_epoch = 0;
  std::int64_t ongoing_txn_producer_id = -1;
  std::int16_t ongoing_txn_producer_epoch = -1;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = init_producer_id_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::producer_id, "ProducerId", from(0)),
        field(&S::producer_epoch, "ProducerEpoch", from(0)),
        field(&S::ongoing_txn_producer_id, "OngoingTxnProducerId", from(6)),
        field(&S::ongoing_txn_producer_epoch, "OngoingTxnProducerEpoch", from(6)),
    };
  }
  bool operator==(const init_producer_id_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(init_producer_id_request)
KWIRE_EXTERN_MESSAGE_CODEC(init_producer_id_response)

}  // namespace kwire::protocol
