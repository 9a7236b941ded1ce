// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/alter_user_scram_credentials.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_user_scram_credentials_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(alter_user_scram_credentials_response)

}  // namespace kwire::protocol
