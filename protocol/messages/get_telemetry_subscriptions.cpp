// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/get_telemetry_subscriptions.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(get_telemetry_subscriptions_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(get_telemetry_subscriptions_response)

}  // namespace kwire::protocol
