// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(metadata_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(metadata_response)

}  // namespace kwire::protocol
