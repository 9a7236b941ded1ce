// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/expire_delegation_token.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(expire_delegation_token_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(expire_delegation_token_response)

}  // namespace kwire::protocol
