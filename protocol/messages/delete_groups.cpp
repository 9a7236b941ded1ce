// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/delete_groups.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(delete_groups_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(delete_groups_response)

}  // namespace kwire::protocol
