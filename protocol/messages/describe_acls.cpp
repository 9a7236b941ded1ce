// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_acls.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_acls_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_acls_response)

}  // namespace kwire::protocol
