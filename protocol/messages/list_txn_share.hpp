#pragma once
// The txn_share APIs (see messages.hpp).

#include <tuple>

#include <kwire/protocol/messages/add_offsets_to_txn.hpp>
#include <kwire/protocol/messages/add_partitions_to_txn.hpp>
#include <kwire/protocol/messages/alter_share_group_offsets.hpp>
#include <kwire/protocol/messages/delete_share_group_offsets.hpp>
#include <kwire/protocol/messages/delete_share_group_state.hpp>
#include <kwire/protocol/messages/describe_share_group_offsets.hpp>
#include <kwire/protocol/messages/describe_transactions.hpp>
#include <kwire/protocol/messages/end_txn.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/initialize_share_group_state.hpp>
#include <kwire/protocol/messages/list_transactions.hpp>
#include <kwire/protocol/messages/read_share_group_state.hpp>
#include <kwire/protocol/messages/read_share_group_state_summary.hpp>
#include <kwire/protocol/messages/share_acknowledge.hpp>
#include <kwire/protocol/messages/share_fetch.hpp>
#include <kwire/protocol/messages/share_group_describe.hpp>
#include <kwire/protocol/messages/share_group_heartbeat.hpp>
#include <kwire/protocol/messages/txn_offset_commit.hpp>
#include <kwire/protocol/messages/write_share_group_state.hpp>
#include <kwire/protocol/messages/write_txn_markers.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

using txn_share_messages = std::tuple<
    message_pair<init_producer_id_request, init_producer_id_response>,
    message_pair<add_partitions_to_txn_request, add_partitions_to_txn_response>,
    message_pair<add_offsets_to_txn_request, add_offsets_to_txn_response>,
    message_pair<end_txn_request, end_txn_response>,
    message_pair<write_txn_markers_request, write_txn_markers_response>,
    message_pair<txn_offset_commit_request, txn_offset_commit_response>,
    message_pair<describe_transactions_request, describe_transactions_response>,
    message_pair<list_transactions_request, list_transactions_response>,
    message_pair<share_group_heartbeat_request, share_group_heartbeat_response>,
    message_pair<share_group_describe_request, share_group_describe_response>,
    message_pair<share_fetch_request, share_fetch_response>,
    message_pair<share_acknowledge_request, share_acknowledge_response>,
    message_pair<initialize_share_group_state_request, initialize_share_group_state_response>,
    message_pair<read_share_group_state_request, read_share_group_state_response>,
    message_pair<write_share_group_state_request, write_share_group_state_response>,
    message_pair<delete_share_group_state_request, delete_share_group_state_response>,
    message_pair<read_share_group_state_summary_request, read_share_group_state_summary_response>,
    message_pair<describe_share_group_offsets_request, describe_share_group_offsets_response>,
    message_pair<alter_share_group_offsets_request, alter_share_group_offsets_response>,
    message_pair<delete_share_group_offsets_request, delete_share_group_offsets_response>>;

}  // namespace kwire::protocol
