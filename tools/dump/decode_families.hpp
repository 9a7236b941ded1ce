#pragma once
// One decoder per message family (decode_<family>.cpp); decode.cpp asks each in turn.

#include <cstdint>

#include <kwire/protocol/codec.hpp>
#include "tools/dump/tree.hpp"

namespace kwire::dump::detail {

#define KWIRE_DUMP_FAMILY(name)                                                                 \
  bool decode_##name(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, \
                     node& out, protocol::codec_result& result);
KWIRE_DUMP_FAMILY(base)
KWIRE_DUMP_FAMILY(data)
KWIRE_DUMP_FAMILY(groups)
KWIRE_DUMP_FAMILY(txn_share)
KWIRE_DUMP_FAMILY(admin)
KWIRE_DUMP_FAMILY(misc)
#undef KWIRE_DUMP_FAMILY

}  // namespace kwire::dump::detail
