#pragma once
// Key and value serializers: small function objects from a user type to bytes.
//
//   client::string_serializer{}("hello")            → the string's bytes, not copied
//   client::bytes_serializer{}(std::vector<std::byte>)  → the bytes as they are (uint8_t too)
//   client::json_serializer{[](const order& o) { return "{\"id\":" + std::to_string(o.id) + "}"; }}
//
// A serializer returns either a view (std::string_view, kwire::bytes_view) — which must stay
// valid until the send returns — or an owning value (std::string, std::vector<std::byte> or
// std::vector<std::uint8_t>), which the
// typed producer keeps alive for exactly that long. serialized_bytes() turns any of these into
// the byte view a record takes.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <kwire/producer/producer_record.hpp>

namespace kwire::client {

struct string_serializer {
  std::string_view operator()(std::string_view s) const { return s; }
};

struct bytes_serializer {
  bytes_view operator()(bytes_view b) const { return b; }
  bytes_view operator()(std::span<const std::uint8_t> b) const { return std::as_bytes(b); }
};

// The user's function renders a value as JSON text (kwire has no JSON library of its own to
// impose); the serializer only insists that it returns text.
template <class F>
struct json_serializer {
  F to_json;
  template <class T>
  std::string operator()(const T& value) const {
    static_assert(std::is_convertible_v<std::invoke_result_t<const F&, const T&>, std::string>,
                  "json_serializer: the function must return the JSON text as a std::string");
    return to_json(value);
  }
};
template <class F>
json_serializer(F) -> json_serializer<F>;

inline bytes_view serialized_bytes(std::string_view s) { return as_bytes(s); }
inline bytes_view serialized_bytes(const std::string& s) { return as_bytes(s); }
inline bytes_view serialized_bytes(bytes_view b) { return b; }
inline bytes_view serialized_bytes(const std::vector<std::byte>& b) { return b; }
inline bytes_view serialized_bytes(std::span<const std::uint8_t> b) { return std::as_bytes(b); }
inline bytes_view serialized_bytes(const std::vector<std::uint8_t>& b) { return std::as_bytes(std::span(b)); }

template <class S, class T>
concept serializer_for = requires(const S& s, const T& v) { serialized_bytes(s(v)); };

}  // namespace kwire::client

namespace kwire {
using client::as_bytes;
using client::bytes_serializer;
using client::json_serializer;
using client::string_serializer;
}  // namespace kwire
