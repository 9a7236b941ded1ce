// Every request and response decoder of protocol/message_catalog.hpp, at any version:
//   input = api key (1 byte), version (1 byte), direction (1 byte: even request, odd response),
//           then the body.
// What decodes must encode again, to exactly encoded_size() bytes, and those bytes must decode
// and re-encode to themselves (bytes are compared, not structs: a float64 NaN is not == itself).

#include <array>
#include <cstdint>
#include <string>

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages.hpp>
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace kwire::protocol;
using decoder = void (*)(byte_view, std::int16_t);

template <message_type M>
void check(byte_view body, std::int16_t version) {
  M m;
  if (!decode(body, version, m)) return;
  bytes once;
  const auto e = encode(m, version, once);
  KWIRE_FUZZ_CHECK(static_cast<bool>(e), std::string(M::schema_name) + ": a decoded message does not encode: " + e.detail);
  KWIRE_FUZZ_CHECK(encoded_size(m, version) == once.size(), std::string(M::schema_name) + ": encoded_size");
  M again;
  const auto d = decode(once, version, again);
  KWIRE_FUZZ_CHECK(static_cast<bool>(d), std::string(M::schema_name) + ": re-encoded bytes do not decode: " + d.detail);
  bytes twice;
  KWIRE_FUZZ_CHECK(static_cast<bool>(encode(again, version, twice)), M::schema_name);
  KWIRE_FUZZ_CHECK(once == twice, std::string(M::schema_name) + ": encode(decode(encode(x))) != encode(x)");
}

// [key][0 request, 1 response]
const auto decoders = [] {
  std::array<std::array<decoder, 2>, 256> table{};
  std::apply(
      [&](auto... pair) {
        ((table[static_cast<std::size_t>(decltype(pair)::request::api)][0] = &check<typename decltype(pair)::request>,
          table[static_cast<std::size_t>(decltype(pair)::response::api)][1] = &check<typename decltype(pair)::response>),
         ...);
      },
      all_messages{});
  return table;
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kwire::fuzz::input in(data, size);
  if (in.size() < 3) return 0;
  const auto key = in.u8();
  const auto version = static_cast<std::int16_t>(in.u8());
  const auto direction = in.u8() & 1;
  const auto fn = decoders[key][direction];
  if (!fn) return -1;  // not a message kwire declares: keep such inputs out of the corpus
  // An exact-size copy, so that ASan sees a read one past the end.
  const auto rest = in.rest();
  const bytes body(rest.begin(), rest.end());
  fn(body, version);
  return 0;
}
