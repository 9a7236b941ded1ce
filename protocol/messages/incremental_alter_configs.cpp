// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/incremental_alter_configs.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(incremental_alter_configs_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(incremental_alter_configs_response)

}  // namespace kwire::protocol
