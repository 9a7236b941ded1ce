#pragma once
// Every message kwire declares (message_catalog.hpp), complete: each message's header, and the
// (request, response) type lists built from the catalog: <family>_messages per family and
// all_messages. Tests and tools iterate them.

#include <tuple>

#include <kwire/protocol/messages/add_offsets_to_txn.hpp>
#include <kwire/protocol/messages/add_partitions_to_txn.hpp>
#include <kwire/protocol/messages/add_raft_voter.hpp>
#include <kwire/protocol/messages/alter_client_quotas.hpp>
#include <kwire/protocol/messages/alter_configs.hpp>
#include <kwire/protocol/messages/alter_partition_reassignments.hpp>
#include <kwire/protocol/messages/alter_replica_log_dirs.hpp>
#include <kwire/protocol/messages/alter_share_group_offsets.hpp>
#include <kwire/protocol/messages/alter_user_scram_credentials.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/consumer_group_describe.hpp>
#include <kwire/protocol/messages/consumer_group_heartbeat.hpp>
#include <kwire/protocol/messages/create_acls.hpp>
#include <kwire/protocol/messages/create_delegation_token.hpp>
#include <kwire/protocol/messages/create_partitions.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/delete_acls.hpp>
#include <kwire/protocol/messages/delete_groups.hpp>
#include <kwire/protocol/messages/delete_records.hpp>
#include <kwire/protocol/messages/delete_share_group_offsets.hpp>
#include <kwire/protocol/messages/delete_share_group_state.hpp>
#include <kwire/protocol/messages/delete_topics.hpp>
#include <kwire/protocol/messages/describe_acls.hpp>
#include <kwire/protocol/messages/describe_client_quotas.hpp>
#include <kwire/protocol/messages/describe_cluster.hpp>
#include <kwire/protocol/messages/describe_configs.hpp>
#include <kwire/protocol/messages/describe_delegation_token.hpp>
#include <kwire/protocol/messages/describe_groups.hpp>
#include <kwire/protocol/messages/describe_log_dirs.hpp>
#include <kwire/protocol/messages/describe_producers.hpp>
#include <kwire/protocol/messages/describe_quorum.hpp>
#include <kwire/protocol/messages/describe_share_group_offsets.hpp>
#include <kwire/protocol/messages/describe_topic_partitions.hpp>
#include <kwire/protocol/messages/describe_transactions.hpp>
#include <kwire/protocol/messages/describe_user_scram_credentials.hpp>
#include <kwire/protocol/messages/elect_leaders.hpp>
#include <kwire/protocol/messages/end_txn.hpp>
#include <kwire/protocol/messages/expire_delegation_token.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/messages/find_coordinator.hpp>
#include <kwire/protocol/messages/get_telemetry_subscriptions.hpp>
#include <kwire/protocol/messages/heartbeat.hpp>
#include <kwire/protocol/messages/incremental_alter_configs.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/initialize_share_group_state.hpp>
#include <kwire/protocol/messages/join_group.hpp>
#include <kwire/protocol/messages/leave_group.hpp>
#include <kwire/protocol/messages/list_config_resources.hpp>
#include <kwire/protocol/messages/list_groups.hpp>
#include <kwire/protocol/messages/list_offsets.hpp>
#include <kwire/protocol/messages/list_partition_reassignments.hpp>
#include <kwire/protocol/messages/list_transactions.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/messages/offset_commit.hpp>
#include <kwire/protocol/messages/offset_delete.hpp>
#include <kwire/protocol/messages/offset_fetch.hpp>
#include <kwire/protocol/messages/offset_for_leader_epoch.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/messages/push_telemetry.hpp>
#include <kwire/protocol/messages/read_share_group_state.hpp>
#include <kwire/protocol/messages/read_share_group_state_summary.hpp>
#include <kwire/protocol/messages/remove_raft_voter.hpp>
#include <kwire/protocol/messages/renew_delegation_token.hpp>
#include <kwire/protocol/messages/sasl_authenticate.hpp>
#include <kwire/protocol/messages/sasl_handshake.hpp>
#include <kwire/protocol/messages/share_acknowledge.hpp>
#include <kwire/protocol/messages/share_fetch.hpp>
#include <kwire/protocol/messages/share_group_describe.hpp>
#include <kwire/protocol/messages/share_group_heartbeat.hpp>
#include <kwire/protocol/messages/streams_group_describe.hpp>
#include <kwire/protocol/messages/streams_group_heartbeat.hpp>
#include <kwire/protocol/messages/streams_group_topology_description_update.hpp>
#include <kwire/protocol/messages/sync_group.hpp>
#include <kwire/protocol/messages/txn_offset_commit.hpp>
#include <kwire/protocol/messages/unregister_broker.hpp>
#include <kwire/protocol/messages/unregister_controller.hpp>
#include <kwire/protocol/messages/update_features.hpp>
#include <kwire/protocol/messages/write_share_group_state.hpp>
#include <kwire/protocol/messages/write_txn_markers.hpp>
#include <kwire/protocol/message_catalog.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

namespace detail {
// std::tuple of the types after the first: lets a macro list end every entry with a comma.
template <class First, class... Rest>
struct tuple_of_rest {
  using type = std::tuple<Rest...>;
};
}  // namespace detail

// A catalog line whose header is missing above fails here, naming the type.
#define KWIRE_CHECK_DECLARED(name, lo, hi)                                                 \
  static_assert(message_type<name##_request> && message_type<name##_response> &&         \
                    name##_request::api == api_key::name && name##_response::api == api_key::name, \
                "protocol/messages.hpp must include the header of " #name);
KWIRE_ALL_MESSAGES(KWIRE_CHECK_DECLARED)
#undef KWIRE_CHECK_DECLARED

#define KWIRE_MESSAGE_PAIR(name, lo, hi) , message_pair<name##_request, name##_response>
#define KWIRE_FAMILY_LIST(family) \
  using family##_messages = detail::tuple_of_rest<void KWIRE_MESSAGES_##family(KWIRE_MESSAGE_PAIR)>::type;
KWIRE_MESSAGE_FAMILIES(KWIRE_FAMILY_LIST)
using all_messages = detail::tuple_of_rest<void KWIRE_ALL_MESSAGES(KWIRE_MESSAGE_PAIR)>::type;
#undef KWIRE_FAMILY_LIST
#undef KWIRE_MESSAGE_PAIR

// The one instantiation of the codecs of a family's messages (protocol/message_codecs/).
#define KWIRE_INSTANTIATE_CATALOG_ENTRY(name, lo, hi) \
  KWIRE_INSTANTIATE_MESSAGE_CODEC(name##_request)    \
  KWIRE_INSTANTIATE_MESSAGE_CODEC(name##_response)
#define KWIRE_INSTANTIATE_FAMILY(family) KWIRE_MESSAGES_##family(KWIRE_INSTANTIATE_CATALOG_ENTRY)

}  // namespace kwire::protocol
