// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_groups.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_groups_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_groups_response)

}  // namespace kwire::protocol
