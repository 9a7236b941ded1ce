// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/unregister_broker.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(unregister_broker_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(unregister_broker_response)

}  // namespace kwire::protocol
