// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/fetch.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(fetch_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(fetch_response)

}  // namespace kwire::protocol
