#pragma once
// response_of<Req>::type: the response struct of each request struct. Forward declarations
// only, so that including it costs nothing; the message header itself (protocol/messages/*.hpp)
// completes the types. tests/net/response_of_test.cc checks it against all_messages, so a
// message added there without a line here fails to build.

namespace kwire::protocol {

template <class Request>
struct response_of;  // no definition: a type that is not a request has no response

template <class Request>
using response_of_t = typename response_of<Request>::type;

#define KWIRE_RESPONSE_OF(name)    \
  struct name##_request;           \
  struct name##_response;          \
  template <>                      \
  struct response_of<name##_request> { \
    using type = name##_response;  \
  };

KWIRE_RESPONSE_OF(api_versions)
KWIRE_RESPONSE_OF(metadata)
KWIRE_RESPONSE_OF(create_topics)
KWIRE_RESPONSE_OF(delete_topics)
KWIRE_RESPONSE_OF(describe_acls)
KWIRE_RESPONSE_OF(create_acls)
KWIRE_RESPONSE_OF(delete_acls)
KWIRE_RESPONSE_OF(describe_configs)
KWIRE_RESPONSE_OF(alter_configs)
KWIRE_RESPONSE_OF(alter_replica_log_dirs)
KWIRE_RESPONSE_OF(describe_log_dirs)
KWIRE_RESPONSE_OF(create_partitions)
KWIRE_RESPONSE_OF(elect_leaders)
KWIRE_RESPONSE_OF(incremental_alter_configs)
KWIRE_RESPONSE_OF(alter_partition_reassignments)
KWIRE_RESPONSE_OF(list_partition_reassignments)
KWIRE_RESPONSE_OF(produce)
KWIRE_RESPONSE_OF(fetch)
KWIRE_RESPONSE_OF(list_offsets)
KWIRE_RESPONSE_OF(offset_commit)
KWIRE_RESPONSE_OF(offset_fetch)
KWIRE_RESPONSE_OF(delete_records)
KWIRE_RESPONSE_OF(offset_for_leader_epoch)
KWIRE_RESPONSE_OF(offset_delete)
KWIRE_RESPONSE_OF(describe_producers)
KWIRE_RESPONSE_OF(describe_topic_partitions)
KWIRE_RESPONSE_OF(find_coordinator)
KWIRE_RESPONSE_OF(join_group)
KWIRE_RESPONSE_OF(heartbeat)
KWIRE_RESPONSE_OF(leave_group)
KWIRE_RESPONSE_OF(sync_group)
KWIRE_RESPONSE_OF(describe_groups)
KWIRE_RESPONSE_OF(list_groups)
KWIRE_RESPONSE_OF(sasl_handshake)
KWIRE_RESPONSE_OF(sasl_authenticate)
KWIRE_RESPONSE_OF(delete_groups)
KWIRE_RESPONSE_OF(consumer_group_heartbeat)
KWIRE_RESPONSE_OF(consumer_group_describe)
KWIRE_RESPONSE_OF(streams_group_heartbeat)
KWIRE_RESPONSE_OF(streams_group_describe)
KWIRE_RESPONSE_OF(create_delegation_token)
KWIRE_RESPONSE_OF(renew_delegation_token)
KWIRE_RESPONSE_OF(expire_delegation_token)
KWIRE_RESPONSE_OF(describe_delegation_token)
KWIRE_RESPONSE_OF(describe_client_quotas)
KWIRE_RESPONSE_OF(alter_client_quotas)
KWIRE_RESPONSE_OF(describe_user_scram_credentials)
KWIRE_RESPONSE_OF(alter_user_scram_credentials)
KWIRE_RESPONSE_OF(describe_quorum)
KWIRE_RESPONSE_OF(update_features)
KWIRE_RESPONSE_OF(describe_cluster)
KWIRE_RESPONSE_OF(unregister_broker)
KWIRE_RESPONSE_OF(get_telemetry_subscriptions)
KWIRE_RESPONSE_OF(push_telemetry)
KWIRE_RESPONSE_OF(list_config_resources)
KWIRE_RESPONSE_OF(add_raft_voter)
KWIRE_RESPONSE_OF(remove_raft_voter)
KWIRE_RESPONSE_OF(init_producer_id)
KWIRE_RESPONSE_OF(add_partitions_to_txn)
KWIRE_RESPONSE_OF(add_offsets_to_txn)
KWIRE_RESPONSE_OF(end_txn)
KWIRE_RESPONSE_OF(write_txn_markers)
KWIRE_RESPONSE_OF(txn_offset_commit)
KWIRE_RESPONSE_OF(describe_transactions)
KWIRE_RESPONSE_OF(list_transactions)
KWIRE_RESPONSE_OF(share_group_heartbeat)
KWIRE_RESPONSE_OF(share_group_describe)
KWIRE_RESPONSE_OF(share_fetch)
KWIRE_RESPONSE_OF(share_acknowledge)
KWIRE_RESPONSE_OF(initialize_share_group_state)
KWIRE_RESPONSE_OF(read_share_group_state)
KWIRE_RESPONSE_OF(write_share_group_state)
KWIRE_RESPONSE_OF(delete_share_group_state)
KWIRE_RESPONSE_OF(read_share_group_state_summary)
KWIRE_RESPONSE_OF(describe_share_group_offsets)
KWIRE_RESPONSE_OF(alter_share_group_offsets)
KWIRE_RESPONSE_OF(delete_share_group_offsets)

#undef KWIRE_RESPONSE_OF

}  // namespace kwire::protocol
