#include <kwire/protocol/client_errc.hpp>

#include <string>

namespace kwire {
namespace {

class client_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kwire"; }

  std::string message(int value) const override {
    switch (static_cast<client_errc>(value)) {
      case client_errc::truncated: return "input ends before the field does";
      case client_errc::negative_length: return "negative length on the wire";
      case client_errc::length_exceeds_input: return "length larger than the bytes that remain";
      case client_errc::varint_too_long: return "varint longer than its maximum encoded size";
      case client_errc::extra_bytes: return "bytes left over after the end of the message";
      case client_errc::unexpected_null: return "null where the field is not nullable";
      case client_errc::invalid_value: return "value outside what the protocol allows";
      case client_errc::null_not_allowed: return "null value for a field not nullable in this version";
      case client_errc::field_not_in_version:
        return "non-default value for a field that this version does not carry";
      case client_errc::value_too_large: return "value too large for its length prefix";
      case client_errc::unsupported_version: return "version not implemented by kwire";
      case client_errc::crc_mismatch: return "record batch CRC mismatch";
      case client_errc::unsupported_compression: return "compression codec not supported";
      case client_errc::corrupt_record_batch: return "corrupt record batch";
      case client_errc::correlation_id_mismatch: return "response correlation id does not match the request";
      case client_errc::connection_closed: return "connection closed";
      case client_errc::no_compatible_version: return "kwire and the broker share no version of this API";
      case client_errc::invalid_config: return "invalid configuration";
      case client_errc::timed_out: return "timed out";
      case client_errc::transaction_aborted: return "the transaction was aborted";
      case client_errc::log_truncated: return "the partition's log was truncated below the consumer's position";
    }
    return "unknown kwire error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& client_category() noexcept {
  static const client_category_impl category;
  return category;
}

std::error_code make_error_code(client_errc e) noexcept {
  return {static_cast<int>(e), client_category()};
}

}  // namespace kwire
