// The one instantiation of the codec for these messages (see KWIRE_MESSAGE_CODEC).
#include <kwire/protocol/messages/remove_raft_voter.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_MESSAGE_CODEC(remove_raft_voter_request)
KWIRE_INSTANTIATE_MESSAGE_CODEC(remove_raft_voter_response)

}  // namespace kwire::protocol
