#pragma once
// One decoder per message family of protocol/message_catalog.hpp (decode_<family>.cpp, each its
// own translation unit so that each compile stays short); decode.cpp asks each in turn.

#include <cstdint>

#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/message_catalog.hpp>
#include "tools/dump/tree.hpp"

namespace kwire::dump::detail {

// False: `key` is not in this family. Otherwise `result` says how decoding went.
using family_decoder = bool (*)(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body,
                                node& out, protocol::codec_result& result);

#define KWIRE_DUMP_FAMILY(family)                                                                   \
  bool decode_##family(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, \
                       node& out, protocol::codec_result& result);
KWIRE_MESSAGE_FAMILIES(KWIRE_DUMP_FAMILY)
#undef KWIRE_DUMP_FAMILY

#define KWIRE_DUMP_FAMILY(family) decode_##family,
inline constexpr family_decoder family_decoders[] = {KWIRE_MESSAGE_FAMILIES(KWIRE_DUMP_FAMILY)};
#undef KWIRE_DUMP_FAMILY

// The body of decode_<family>.cpp.
#define KWIRE_DUMP_DEFINE_FAMILY(family)                                                                  \
  bool decode_##family(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, \
                       node& out, protocol::codec_result& result) {                                      \
    return decode_in<protocol::family##_messages>(key, version, is_request, body, out, result);         \
  }

}  // namespace kwire::dump::detail
