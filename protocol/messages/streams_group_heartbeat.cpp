// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/streams_group_heartbeat.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(streams_group_heartbeat_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(streams_group_heartbeat_response)

}  // namespace kwire::protocol
