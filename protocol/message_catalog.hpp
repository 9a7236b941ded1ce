#pragma once
// Every message kwire declares, named once. Adding an API means two things: its header
// protocol/messages/<name>.hpp (the fields, and KWIRE_EXTERN_MESSAGE_CODEC for its two structs)
// and one X(name, lo, hi) line below. Everything else is derived from these lines at compile
// time:
//   - protocol/messages.hpp includes protocol/messages/<name>.hpp for every line;
//   - the request/response types: <name>_request and <name>_response, key api_key::<name>;
//   - the versions kwire implements, lo..hi: from the lowest a Kafka 3.9 broker accepts to the
//     highest Kafka 4.4 advertises (api.cpp's table reads them; api_info::supported);
//   - response_of<Req> (response_of.hpp), the family and all_messages type lists
//     (messages.hpp), the one instantiation of each message's codec (message_codecs/<family>.cpp)
//     and kwire-dump's decoders (tools/dump/decode_<family>.cpp).
// Families only split the work into translation units of similar size; they mean nothing on the
// wire. The order within a family is the order tests meet the APIs (exchange_test runs
// DeleteTopics right after CreateTopics).
//
// Macros only, no includes: cheap enough for any header.

// Applies F(family) to every family.
#define KWIRE_MESSAGE_FAMILIES(F) F(base) F(data) F(groups) F(txn_share) F(admin) F(misc)

// Applies X(name, lo, hi) to every message, family by family.
#define KWIRE_ALL_MESSAGES(X) \
  KWIRE_MESSAGES_base(X) KWIRE_MESSAGES_data(X) KWIRE_MESSAGES_groups(X) KWIRE_MESSAGES_txn_share(X) \
  KWIRE_MESSAGES_admin(X) KWIRE_MESSAGES_misc(X)

// KWIRE_MESSAGES_<family>(X): the messages of one family.
#define KWIRE_MESSAGES_base(X) \
  X(api_versions, 0, 5) \
  X(metadata, 0, 13)

#define KWIRE_MESSAGES_data(X) \
  X(produce, 0, 13) \
  X(fetch, 0, 18) \
  X(list_offsets, 0, 11) \
  X(offset_commit, 0, 10) \
  X(offset_fetch, 0, 10) \
  X(delete_records, 0, 2) \
  X(offset_for_leader_epoch, 0, 4) \
  X(offset_delete, 0, 0) \
  X(describe_producers, 0, 0) \
  X(describe_topic_partitions, 0, 0)

#define KWIRE_MESSAGES_groups(X) \
  X(find_coordinator, 0, 6) \
  X(join_group, 0, 9) \
  X(heartbeat, 0, 4) \
  X(leave_group, 0, 5) \
  X(sync_group, 0, 5) \
  X(describe_groups, 0, 6) \
  X(list_groups, 0, 5) \
  X(sasl_handshake, 0, 1) \
  X(sasl_authenticate, 0, 2) \
  X(delete_groups, 0, 3) \
  X(consumer_group_heartbeat, 0, 1) \
  X(consumer_group_describe, 0, 1) \
  X(streams_group_heartbeat, 0, 1) \
  X(streams_group_describe, 0, 1) \
  X(streams_group_topology_description_update, 0, 0)

#define KWIRE_MESSAGES_txn_share(X) \
  X(init_producer_id, 0, 5) \
  X(add_partitions_to_txn, 0, 5) \
  X(add_offsets_to_txn, 0, 4) \
  X(end_txn, 0, 5) \
  X(write_txn_markers, 0, 2) \
  X(txn_offset_commit, 0, 6) \
  X(describe_transactions, 0, 0) \
  X(list_transactions, 0, 2) \
  X(share_group_heartbeat, 1, 1) \
  X(share_group_describe, 1, 1) \
  X(share_fetch, 1, 2) \
  X(share_acknowledge, 1, 2) \
  X(initialize_share_group_state, 0, 0) \
  X(read_share_group_state, 0, 0) \
  X(write_share_group_state, 0, 1) \
  X(delete_share_group_state, 0, 0) \
  X(read_share_group_state_summary, 0, 1) \
  X(describe_share_group_offsets, 0, 1) \
  X(alter_share_group_offsets, 0, 0) \
  X(delete_share_group_offsets, 0, 0)

#define KWIRE_MESSAGES_admin(X) \
  X(create_topics, 0, 7) \
  X(delete_topics, 0, 6) \
  X(describe_acls, 0, 3) \
  X(create_acls, 0, 3) \
  X(delete_acls, 0, 3) \
  X(describe_configs, 0, 4) \
  X(alter_configs, 0, 2) \
  X(alter_replica_log_dirs, 0, 2) \
  X(describe_log_dirs, 0, 5) \
  X(create_partitions, 0, 3) \
  X(elect_leaders, 0, 2) \
  X(incremental_alter_configs, 0, 1) \
  X(alter_partition_reassignments, 0, 1) \
  X(list_partition_reassignments, 0, 0)

#define KWIRE_MESSAGES_misc(X) \
  X(create_delegation_token, 0, 3) \
  X(renew_delegation_token, 0, 2) \
  X(expire_delegation_token, 0, 2) \
  X(describe_delegation_token, 0, 3) \
  X(describe_client_quotas, 0, 1) \
  X(alter_client_quotas, 0, 1) \
  X(describe_user_scram_credentials, 0, 0) \
  X(alter_user_scram_credentials, 0, 0) \
  X(describe_quorum, 0, 2) \
  X(update_features, 0, 2) \
  X(describe_cluster, 0, 2) \
  X(unregister_broker, 0, 0) \
  X(unregister_controller, 0, 0) \
  X(get_telemetry_subscriptions, 0, 0) \
  X(push_telemetry, 0, 0) \
  X(list_config_resources, 0, 1) \
  X(add_raft_voter, 0, 1) \
  X(remove_raft_voter, 0, 0)
