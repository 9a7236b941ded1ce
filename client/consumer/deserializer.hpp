#pragma once
// Key and value deserializers: the consumer-side counterparts of serializer.hpp, for code that
// reads like kafka-python's value_deserializer. A record's key and value are bytes, or absent
// (Kafka's null, Python's None); rec.key_text() / rec.value_text() give them as text directly.
//
//   kwire::string_deserializer{}(rec.value())          → std::optional<std::string> (nullopt when null)
//   kwire::json_deserializer{parse_order}(rec.value()) → std::optional<order> (nullopt when null)
//
// kwire imposes no JSON library (as on the producer side): the function parses the text with
// the user's own, and may throw on bad input; the deserializer only hands it the text.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <kwire/consumer_record.hpp>

namespace kwire::client {

struct string_deserializer {
  std::optional<std::string> operator()(const std::optional<bytes_view>& b) const {
    if (!b) return std::nullopt;
    return std::string(as_text(*b));
  }
};

template <class F>
struct json_deserializer {
  F from_json;
  auto operator()(const std::optional<bytes_view>& b) const
      -> std::optional<std::invoke_result_t<const F&, std::string_view>> {
    if (!b) return std::nullopt;
    return from_json(as_text(*b));
  }
};
template <class F>
json_deserializer(F) -> json_deserializer<F>;

}  // namespace kwire::client

namespace kwire {
using client::json_deserializer;
using client::string_deserializer;
}  // namespace kwire
