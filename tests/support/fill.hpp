#pragma once
// Fills a declared message with non-default values in every field present at a version, so a
// round trip exercises every field (nested structs, arrays, tagged fields included).

#include <type_traits>

#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::test {

using namespace protocol;

template <class T>
void fill_value(T& v, std::int16_t version, int seed);

template <declared_struct S>
void fill_struct(S& s, std::int16_t version, int seed) {
  std::apply(
      [&](const auto&... f) {
        int i = 0;
        ((f.versions.contains(version) ? fill_value(s.*f.member, version, seed + 7 * ++i) : void()), ...);
      },
      S::fields());
}

template <class T>
void fill_value(T& v, std::int16_t version, int seed) {
  if constexpr (declared_struct<T>) {
    fill_struct(v, version, seed);
  } else if constexpr (std::is_same_v<T, bool>) {
    v = !v;
  } else if constexpr (std::is_integral_v<T>) {
    // Unsigned arithmetic: defaults such as INT32_MAX wrap instead of overflowing.
    using U = std::make_unsigned_t<T>;
    v = static_cast<T>(static_cast<U>(static_cast<U>(v) + 1u + static_cast<U>(seed % 100)));
  } else if constexpr (std::is_floating_point_v<T>) {
    v = v + 1.5 + seed;
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = "v" + std::to_string(seed);
  } else if constexpr (std::is_same_v<T, uuid>) {
    for (std::size_t i = 0; i < v.bytes.size(); ++i) v.bytes[i] = static_cast<std::uint8_t>(seed + i + 1);
  } else if constexpr (std::is_same_v<T, bytes>) {
    v = {static_cast<std::uint8_t>(seed), 0, 0xff};
  } else if constexpr (std::is_same_v<T, records>) {
    v.emplace().data = {1, 2, 3, static_cast<std::uint8_t>(seed)};
  } else if constexpr (is_optional<T>::value) {
    if (!v) v.emplace();
    fill_value(*v, version, seed);
  } else if constexpr (is_vector<T>::value) {
    v.resize(2);
    fill_value(v[0], version, seed + 1);
    fill_value(v[1], version, seed + 2);
  } else {
    static_assert(sizeof(T) == 0, "fill_value: unhandled type");
  }
}

}  // namespace kwire::test
