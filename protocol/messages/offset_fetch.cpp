// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/offset_fetch.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_fetch_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_fetch_response)

}  // namespace kwire::protocol
