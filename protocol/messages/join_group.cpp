// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/join_group.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(join_group_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(join_group_response)

}  // namespace kwire::protocol
