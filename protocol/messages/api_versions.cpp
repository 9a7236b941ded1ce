// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(api_versions_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(api_versions_response)

}  // namespace kwire::protocol
