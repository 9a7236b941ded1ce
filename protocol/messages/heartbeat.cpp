// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/heartbeat.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(heartbeat_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(heartbeat_response)

}  // namespace kwire::protocol
