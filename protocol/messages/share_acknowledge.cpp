// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/share_acknowledge.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(share_acknowledge_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(share_acknowledge_response)

}  // namespace kwire::protocol
