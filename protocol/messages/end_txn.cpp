// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/end_txn.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(end_txn_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(end_txn_response)

}  // namespace kwire::protocol
