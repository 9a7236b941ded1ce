// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_log_dirs.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_log_dirs_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_log_dirs_response)

}  // namespace kwire::protocol
