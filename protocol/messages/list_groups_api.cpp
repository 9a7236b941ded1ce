// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/list_groups_api.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(list_groups_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(list_groups_response)

}  // namespace kwire::protocol
