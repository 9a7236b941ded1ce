// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/offset_delete.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_delete_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_delete_response)

}  // namespace kwire::protocol
