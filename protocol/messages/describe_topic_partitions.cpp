// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/describe_topic_partitions.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_topic_partitions_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(describe_topic_partitions_response)

}  // namespace kwire::protocol
