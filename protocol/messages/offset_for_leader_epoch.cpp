// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/offset_for_leader_epoch.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_for_leader_epoch_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_for_leader_epoch_response)

}  // namespace kwire::protocol
