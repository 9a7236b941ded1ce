// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/init_producer_id.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(init_producer_id_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(init_producer_id_response)

}  // namespace kwire::protocol
