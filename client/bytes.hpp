#pragma once
// Bytes and headers as both the producer and the consumer speak them.
//
//   kwire::bytes_view v = kwire::as_bytes("hello");    // a view of the text's bytes, not a copy
//   std::string_view t = kwire::as_text(v);            // and back
//
// A key, a value and a header value are `std::optional<kwire::bytes_view>`: std::nullopt is
// Kafka's null, an empty view an empty value. A header is a view too (`kwire::header`, the same
// type a consumed record's headers() hands out), so a consumed record's headers can be put on a
// produced record as they are.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace kwire {

using bytes_view = std::span<const std::byte>;

inline bytes_view as_bytes(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }
// Bytes held as uint8_t (a std::vector<std::uint8_t>, say).
inline bytes_view as_bytes(std::span<const std::uint8_t> b) { return std::as_bytes(b); }

inline std::string_view as_text(bytes_view b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
inline std::string_view as_text(const std::optional<bytes_view>& b) { return b ? as_text(*b) : std::string_view(); }

struct header_view {
  std::string_view key;
  std::optional<bytes_view> value;  // nullopt: a null header value
  std::string_view value_text() const { return as_text(value); }
};
// The name a producer's record uses; a view like the record itself.
using header = header_view;

}  // namespace kwire
