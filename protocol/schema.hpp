#pragma once
// The vocabulary messages are declared in: version ranges, field descriptors and the value
// types that map one-to-one onto Kafka's schema types. A message struct lists its fields once,
// in wire order, in a static `fields()`; codec.hpp and schema_description.hpp walk that list.

#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <kwire/protocol/wire.hpp>

namespace kwire::protocol {

// An inclusive range of versions; lo > hi is the empty range ("none").
struct vrange {
  std::int16_t lo = 1;
  std::int16_t hi = 0;

  constexpr bool contains(std::int16_t v) const { return v >= lo && v <= hi; }
  constexpr bool empty() const { return lo > hi; }
  constexpr bool open_ended() const { return hi == std::numeric_limits<std::int16_t>::max(); }
  constexpr bool operator==(const vrange&) const = default;
};

inline constexpr vrange none{1, 0};
constexpr vrange from(std::int16_t lo) { return {lo, std::numeric_limits<std::int16_t>::max()}; }
constexpr vrange upto(std::int16_t hi) { return {0, hi}; }
constexpr vrange between(std::int16_t lo, std::int16_t hi) { return {lo, hi}; }
inline constexpr vrange all = from(0);

// Kafka's "uuid": 16 bytes, most significant first.
struct uuid {
  std::array<std::uint8_t, 16> bytes{};
  constexpr auto operator<=>(const uuid&) const = default;
  constexpr bool is_zero() const {
    for (auto b : bytes)
      if (b) return false;
    return true;
  }
};

// Kafka's "records": the raw bytes of record batches (decoded by record_batch.hpp).
struct record_bytes {
  bytes data;
  bool operator==(const record_bytes&) const = default;
};
using records = std::optional<record_bytes>;

// A tagged field this version of kwire does not know; kept so it is written back unchanged.
struct tagged_field {
  std::uint32_t tag = 0;
  bytes data;
  bool operator==(const tagged_field&) const = default;
};
using tagged_fields = std::vector<tagged_field>;

// One field of a struct: where its value lives and the schema facts about it.
template <class S, class M>
struct field_spec {
  using struct_type = S;
  using value_type = M;

  M S::*member;
  std::string_view name;
  vrange versions;
  vrange nullable_versions = none;
  vrange tagged_versions = none;
  std::int32_t tag = -1;
  bool ignorable = false;

  constexpr field_spec nullable(vrange r) const {
    auto f = *this;
    f.nullable_versions = r;
    return f;
  }
  constexpr field_spec tagged(std::int32_t t, vrange r) const {
    auto f = *this;
    f.tag = t;
    f.tagged_versions = r;
    return f;
  }
  // A non-default value in a version without the field is dropped rather than refused.
  constexpr field_spec ignorable_field() const {
    auto f = *this;
    f.ignorable = true;
    return f;
  }
};

template <class S, class M>
constexpr field_spec<S, M> field(M S::*member, std::string_view name, vrange versions) {
  return {member, name, versions};
}

// A struct type that declares its fields (nested struct or top-level message).
template <class T>
concept declared_struct = requires {
  T::fields();
  T::schema_name;
};

// A top-level request or response.
template <class T>
concept message_type = declared_struct<T> && requires {
  T::api;
  T::is_request;
};

// A request and its response (messages.hpp lists them all).
template <class Request, class Response>
struct message_pair {
  using request = Request;
  using response = Response;
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <>
struct is_vector<bytes> : std::false_type {};

}  // namespace kwire::protocol
