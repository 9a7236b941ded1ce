// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_client_quotas.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_client_quotas_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_client_quotas_response)

}  // namespace kwire::protocol
