// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/elect_leaders.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(elect_leaders_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(elect_leaders_response)

}  // namespace kwire::protocol
