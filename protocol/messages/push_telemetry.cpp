// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/push_telemetry.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(push_telemetry_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(push_telemetry_response)

}  // namespace kwire::protocol
