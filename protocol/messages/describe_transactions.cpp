// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_transactions.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_transactions_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_transactions_response)

}  // namespace kwire::protocol
