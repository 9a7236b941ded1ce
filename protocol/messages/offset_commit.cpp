// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/offset_commit.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_commit_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(offset_commit_response)

}  // namespace kwire::protocol
