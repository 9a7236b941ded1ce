// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/sync_group.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(sync_group_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(sync_group_response)

}  // namespace kwire::protocol
