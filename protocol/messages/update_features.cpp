// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/update_features.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(update_features_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(update_features_response)

}  // namespace kwire::protocol
