// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/produce.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(produce_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(produce_response)

}  // namespace kwire::protocol
