#pragma once
// A run-time description of declared structs, built from the same fields() lists the codec
// walks: names, Kafka type names, version ranges, tags and defaults. The schema check compares
// it with Kafka's own message schemas; tools print it.

#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct field_description {
  std::string name;
  std::string type;  // Kafka's spelling: "int32", "string", "[]int32", "[]TopicData", "records"
  vrange versions;
  vrange nullable_versions;
  vrange tagged_versions;
  std::int32_t tag = -1;
  bool ignorable = false;
  std::string default_value;  // "null", "true", "-1", "" ...
  std::vector<field_description> fields;  // of a struct or array-of-struct type
};

struct message_description {
  std::string name;
  api_key key{};
  bool is_request = false;
  std::vector<field_description> fields;
};

template <class T>
struct type_names;

#define KWIRE_TYPE_NAME(type, text) \
  template <>                       \
  struct type_names<type> {         \
    static std::string name() { return text; } \
  };
KWIRE_TYPE_NAME(bool, "bool")
KWIRE_TYPE_NAME(std::int8_t, "int8")
KWIRE_TYPE_NAME(std::int16_t, "int16")
KWIRE_TYPE_NAME(std::uint16_t, "uint16")
KWIRE_TYPE_NAME(std::int32_t, "int32")
KWIRE_TYPE_NAME(std::uint32_t, "uint32")
KWIRE_TYPE_NAME(std::int64_t, "int64")
KWIRE_TYPE_NAME(double, "float64")
KWIRE_TYPE_NAME(uuid, "uuid")
KWIRE_TYPE_NAME(std::string, "string")
KWIRE_TYPE_NAME(bytes, "bytes")
KWIRE_TYPE_NAME(record_bytes, "records")
#undef KWIRE_TYPE_NAME

template <class T>
struct type_names<std::optional<T>> {
  static std::string name() { return type_names<T>::name(); }
};
template <class T>
struct type_names<std::vector<T>> {
  static std::string name() { return "[]" + type_names<T>::name(); }
};
template <declared_struct S>
struct type_names<S> {
  static std::string name() { return std::string(S::schema_name); }
};

template <class T>
struct struct_of {
  using type = void;
};
template <declared_struct S>
struct struct_of<S> {
  using type = S;
};
template <class T>
struct struct_of<std::optional<T>> : struct_of<T> {};
template <class T>
struct struct_of<std::vector<T>> : struct_of<T> {};

template <class T>
std::string default_text(const T& v) {
  if constexpr (is_optional<T>::value) {
    return v ? default_text(*v) : "null";
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<T>) {
    if constexpr (std::is_floating_point_v<T>) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", v);
      return buf;
    } else {
      return std::to_string(v);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else if constexpr (std::is_same_v<T, uuid>) {
    return v.is_zero() ? "" : "non-zero uuid";
  } else {
    return "";  // arrays, bytes, structs: empty by construction
  }
}

template <declared_struct S>
std::vector<field_description> describe_fields() {
  std::vector<field_description> out;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              using M = typename std::remove_cvref_t<decltype(f)>::value_type;
              field_description d;
              d.name = std::string(f.name);
              d.type = type_names<M>::name();
              d.versions = f.versions;
              d.nullable_versions = f.nullable_versions;
              d.tagged_versions = f.tagged_versions;
              d.tag = f.tag;
              d.ignorable = f.ignorable;
              d.default_value = default_text(default_instance<S>().*f.member);
              using Inner = typename struct_of<M>::type;
              if constexpr (!std::is_void_v<Inner>) d.fields = describe_fields<Inner>();
              out.push_back(std::move(d));
            }(),
            ...);
      },
      S::fields());
  return out;
}

template <message_type M>
message_description describe_message() {
  return {std::string(M::schema_name), M::api, M::is_request, describe_fields<M>()};
}

}  // namespace kwire::protocol
