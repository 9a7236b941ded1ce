#pragma once
// Turns any declared message into a node tree by walking the same fields() list the codec
// walks: a field is shown exactly when the version carries it, under its Kafka name. Only
// decode_*.cpp include this (each instantiates it for one family of messages).

#include <string>
#include <tuple>
#include <type_traits>

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>
#include "tools/dump/tree.hpp"

namespace kwire::dump {

// A "records" field: its batches decoded (CRC checked, decompressed), see records_tree.cpp.
node records_node(std::string name, const protocol::records& r);

template <class T>
node value_node(std::string name, const T& v, const protocol::codec_ctx& c);

template <protocol::declared_struct S>
void struct_members(node& out, const S& s, const protocol::codec_ctx& c) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if (f.versions.contains(c.version)) out.add(value_node(std::string(f.name), s.*f.member, c));
            }(),
            ...);
      },
      S::fields());
  if (!s.unknown_tags.empty()) {
    auto& tags = out.add(node::make_array("UnknownTaggedFields"));
    for (const auto& t : s.unknown_tags) {
      auto& e = tags.add(node::make_object());
      e.add(node::make_int("Tag", t.tag));
      e.add(node::make_bytes("Data", {reinterpret_cast<const char*>(t.data.data()), t.data.size()}));
    }
  }
}

template <class T>
node value_node(std::string name, const T& v, const protocol::codec_ctx& c) {
  using namespace protocol;
  if constexpr (std::is_same_v<T, records>) {
    return records_node(std::move(name), v);
  } else if constexpr (is_optional<T>::value) {
    if (!v) return node::make_null(std::move(name));
    return value_node(std::move(name), *v, c);
  } else if constexpr (std::is_same_v<T, bool>) {
    return node::make_bool(std::move(name), v);
  } else if constexpr (std::is_same_v<T, double>) {
    auto n = node::make_int(std::move(name), 0);
    n.type = node::kind::floating;
    n.floating = v;
    return n;
  } else if constexpr (std::is_integral_v<T>) {
    return node::make_int(std::move(name), static_cast<std::int64_t>(v));
  } else if constexpr (std::is_same_v<T, uuid>) {
    return node::make_string(std::move(name), uuid_text(v.bytes));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return node::make_string(std::move(name), v);
  } else if constexpr (std::is_same_v<T, bytes>) {
    return node::make_bytes(std::move(name), {reinterpret_cast<const char*>(v.data()), v.size()});
  } else if constexpr (is_vector<T>::value) {
    auto n = node::make_array(std::move(name));
    n.children.reserve(v.size());
    for (const auto& e : v) n.add(value_node(std::string(), e, c));
    return n;
  } else {
    static_assert(declared_struct<T>, "a field type build_tree does not know");
    auto n = node::make_object(std::move(name));
    struct_members(n, v, c);
    return n;
  }
}

// Decodes `body` as M at `version` into an object node.
template <protocol::message_type M>
protocol::codec_result decode_tree(protocol::byte_view body, std::int16_t version, node& out) {
  M m;
  auto r = protocol::decode(body, version, m);
  if (!r) return r;
  out = node::make_object();
  struct_members(out, m, protocol::context_for(M::api, version));
  return r;
}

// Decodes with pair P when `key` is its API key. False: another API.
template <class P>
bool decode_with(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, node& out,
                 protocol::codec_result& result) {
  if (static_cast<std::int16_t>(P::request::api) != key) return false;
  result = is_request ? decode_tree<typename P::request>(body, version, out)
                      : decode_tree<typename P::response>(body, version, out);
  return true;
}

// Finds the pair for `key` in a tuple of message_pair and decodes with it. False: not in this
// family. (A fold over the pair types: clang 14 crashes on a lambda that names
// decltype(pack element) inside a fold.)
template <class... P>
bool decode_in_pairs(const std::tuple<P...>*, std::int16_t key, std::int16_t version, bool is_request,
                     protocol::byte_view body, node& out, protocol::codec_result& result) {
  return (decode_with<P>(key, version, is_request, body, out, result) || ...);
}

template <class Pairs>
bool decode_in(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, node& out,
               protocol::codec_result& result) {
  return decode_in_pairs(static_cast<const Pairs*>(nullptr), key, version, is_request, body, out, result);
}

}  // namespace kwire::dump
