// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/write_txn_markers.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(write_txn_markers_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(write_txn_markers_response)

}  // namespace kwire::protocol
