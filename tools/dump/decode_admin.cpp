// The node-tree decoders of the admin family (see decode_families.hpp).
#include <kwire/protocol/messages.hpp>
#include "tools/dump/build_tree.hpp"
#include "tools/dump/decode_families.hpp"

namespace kwire::dump::detail {

KWIRE_DUMP_DEFINE_FAMILY(admin)

}  // namespace kwire::dump::detail
