#pragma once
// Errors raised by kwire itself (as opposed to error codes a broker returns, see broker_errc.hpp).

#include <system_error>

namespace kwire {

enum class client_errc : int {
  // Decoding bytes from the wire.
  truncated = 1,          // fewer bytes than the field needs
  negative_length,        // a length below -1 (or -1 where null is not allowed)
  length_exceeds_input,   // a length larger than the bytes that remain
  varint_too_long,        // a varint over 5 bytes or a varlong over 10
  extra_bytes,            // bytes left over after a complete message
  unexpected_null,        // null on the wire in a version where the field is not nullable
  invalid_value,          // a value that is outside what the protocol allows
  // Encoding what the user handed us.
  null_not_allowed,        // a null value in a version where the field is not nullable
  field_not_in_version,    // a non-default value for a field the chosen version does not have
  value_too_large,         // a string/bytes/array too long for its length prefix
  unsupported_version,     // a version outside what kwire implements for the API
  // Record batches.
  crc_mismatch,
  unsupported_compression,
  corrupt_record_batch,
  // Connections and the broker conversation.
  correlation_id_mismatch,
  connection_closed,
  no_compatible_version,  // kwire and the broker share no version of an API
  invalid_config,
  timed_out,
  transaction_aborted,  // a record of a transaction the producer aborted (abort_transaction or its failure)
  log_truncated,        // the leader's log ends below the consumer's position (KIP-320) and auto.offset.reset is none
};

const std::error_category& client_category() noexcept;
std::error_code make_error_code(client_errc e) noexcept;

}  // namespace kwire

template <>
struct std::is_error_code_enum<kwire::client_errc> : std::true_type {};
