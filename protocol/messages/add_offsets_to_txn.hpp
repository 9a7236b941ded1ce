#pragma once
// AddOffsetsToTxn (key 25): makes a consumer group's offset commits part of a transaction.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct add_offsets_to_txn_request {
  static constexpr auto api = api_key::add_offsets_to_txn;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AddOffsetsToTxnRequest";

  std::string transactional_id;
  std::int64_t producer_id = 0;
  std::int16_t producer_epoch = 0;
  std::string group_id;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_offsets_to_txn_request;
    return std::tuple{
        field(&S::transactional_id, "TransactionalId", from(0)),
        field(&S::producer_id, "ProducerId", from(0)),
        field(&S::producer_epoch, "ProducerEpoch", from(0)),
        field(&S::group_id, "GroupId", from(0)),
    };
  }
  bool operator==(const add_offsets_to_txn_request&) const = default;
};

struct add_offsets_to_txn_response {
  static constexpr auto api = api_key::add_offsets_to_txn;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AddOffsetsToTxnResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_offsets_to_txn_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
    };
  }
  bool operator==(const add_offsets_to_txn_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(add_offsets_to_txn_request)
KWIRE_EXTERN_MESSAGE_CODEC(add_offsets_to_txn_response)

}  // namespace kwire::protocol
