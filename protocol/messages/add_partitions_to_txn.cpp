// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/add_partitions_to_txn.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(add_partitions_to_txn_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(add_partitions_to_txn_response)

}  // namespace kwire::protocol
