// The node-tree decoders of the misc family (one translation unit per family keeps each
// compile short; see protocol/messages.hpp for the families).
#include <kwire/protocol/messages/list_misc.hpp>
#include "tools/dump/build_tree.hpp"
#include "tools/dump/decode_families.hpp"

namespace kwire::dump::detail {

bool decode_misc(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body, node& out,
                 protocol::codec_result& result) {
  return decode_in<protocol::misc_messages>(key, version, is_request, body, out, result);
}

}  // namespace kwire::dump::detail
