// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/write_share_group_state.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(write_share_group_state_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(write_share_group_state_response)

}  // namespace kwire::protocol
