// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/find_coordinator.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(find_coordinator_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(find_coordinator_response)

}  // namespace kwire::protocol
