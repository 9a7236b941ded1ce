// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/share_group_describe.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(share_group_describe_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(share_group_describe_response)

}  // namespace kwire::protocol
