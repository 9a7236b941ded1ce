// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/alter_share_group_offsets.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_share_group_offsets_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_share_group_offsets_response)

}  // namespace kwire::protocol
