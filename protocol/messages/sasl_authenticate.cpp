// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/sasl_authenticate.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(sasl_authenticate_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(sasl_authenticate_response)

}  // namespace kwire::protocol
