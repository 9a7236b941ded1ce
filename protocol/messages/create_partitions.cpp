// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/create_partitions.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(create_partitions_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(create_partitions_response)

}  // namespace kwire::protocol
