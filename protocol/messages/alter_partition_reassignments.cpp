// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/alter_partition_reassignments.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_partition_reassignments_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_partition_reassignments_response)

}  // namespace kwire::protocol
