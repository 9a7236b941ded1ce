// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/delete_records.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(delete_records_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(delete_records_response)

}  // namespace kwire::protocol
