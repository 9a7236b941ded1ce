#include <kwire/protocol/api.hpp>

#include <array>
#include <stdexcept>
#include <string>

namespace kwire::protocol {
namespace {

using k = api_key;

// supported: the versions kwire implements, from the lowest a Kafka 3.9 broker accepts to the
// highest Kafka 4.3 advertises. flexible_from: first version with compact encodings and tags.
constexpr std::array<api_info, 93> table{{
    {k::produce, "Produce", between(0, 13), 9},
    {k::fetch, "Fetch", between(0, 18), 12},
    {k::list_offsets, "ListOffsets", between(0, 11), 6},
    {k::metadata, "Metadata", between(0, 13), 9},
    {k::leader_and_isr, "LeaderAndIsr", none, 4},
    {k::stop_replica, "StopReplica", none, 2},
    {k::update_metadata, "UpdateMetadata", none, 6},
    {k::controlled_shutdown, "ControlledShutdown", none, 3},
    {k::offset_commit, "OffsetCommit", between(0, 10), 8},
    {k::offset_fetch, "OffsetFetch", between(0, 10), 6},
    {k::find_coordinator, "FindCoordinator", between(0, 6), 3},
    {k::join_group, "JoinGroup", between(0, 9), 6},
    {k::heartbeat, "Heartbeat", between(0, 4), 4},
    {k::leave_group, "LeaveGroup", between(0, 5), 4},
    {k::sync_group, "SyncGroup", between(0, 5), 4},
    {k::describe_groups, "DescribeGroups", between(0, 6), 5},
    {k::list_groups, "ListGroups", between(0, 5), 3},
    {k::sasl_handshake, "SaslHandshake", between(0, 1), -1},
    {k::api_versions, "ApiVersions", between(0, 4), 3},
    {k::create_topics, "CreateTopics", between(0, 7), 5},
    {k::delete_topics, "DeleteTopics", between(0, 6), 4},
    {k::delete_records, "DeleteRecords", between(0, 2), 2},
    {k::init_producer_id, "InitProducerId", between(0, 5), 2},
    {k::offset_for_leader_epoch, "OffsetForLeaderEpoch", between(0, 4), 4},
    {k::add_partitions_to_txn, "AddPartitionsToTxn", between(0, 5), 3},
    {k::add_offsets_to_txn, "AddOffsetsToTxn", between(0, 4), 3},
    {k::end_txn, "EndTxn", between(0, 5), 3},
    {k::write_txn_markers, "WriteTxnMarkers", between(0, 2), 1},
    {k::txn_offset_commit, "TxnOffsetCommit", between(0, 5), 3},
    {k::describe_acls, "DescribeAcls", between(0, 3), 2},
    {k::create_acls, "CreateAcls", between(0, 3), 2},
    {k::delete_acls, "DeleteAcls", between(0, 3), 2},
    {k::describe_configs, "DescribeConfigs", between(0, 4), 4},
    {k::alter_configs, "AlterConfigs", between(0, 2), 2},
    {k::alter_replica_log_dirs, "AlterReplicaLogDirs", between(0, 2), 2},
    {k::describe_log_dirs, "DescribeLogDirs", between(0, 5), 2},
    {k::sasl_authenticate, "SaslAuthenticate", between(0, 2), 2},
    {k::create_partitions, "CreatePartitions", between(0, 3), 2},
    {k::create_delegation_token, "CreateDelegationToken", between(0, 3), 2},
    {k::renew_delegation_token, "RenewDelegationToken", between(0, 2), 2},
    {k::expire_delegation_token, "ExpireDelegationToken", between(0, 2), 2},
    {k::describe_delegation_token, "DescribeDelegationToken", between(0, 3), 2},
    {k::delete_groups, "DeleteGroups", between(0, 2), 2},
    {k::elect_leaders, "ElectLeaders", between(0, 2), 2},
    {k::incremental_alter_configs, "IncrementalAlterConfigs", between(0, 1), 1},
    {k::alter_partition_reassignments, "AlterPartitionReassignments", between(0, 1), 0},
    {k::list_partition_reassignments, "ListPartitionReassignments", between(0, 0), 0},
    {k::offset_delete, "OffsetDelete", between(0, 0), -1},
    {k::describe_client_quotas, "DescribeClientQuotas", between(0, 1), 1},
    {k::alter_client_quotas, "AlterClientQuotas", between(0, 1), 1},
    {k::describe_user_scram_credentials, "DescribeUserScramCredentials", between(0, 0), 0},
    {k::alter_user_scram_credentials, "AlterUserScramCredentials", between(0, 0), 0},
    {k::vote, "Vote", none, 0},
    {k::begin_quorum_epoch, "BeginQuorumEpoch", none, 1},
    {k::end_quorum_epoch, "EndQuorumEpoch", none, 1},
    {k::describe_quorum, "DescribeQuorum", between(0, 2), 0},
    {k::alter_partition, "AlterPartition", none, 0},
    {k::update_features, "UpdateFeatures", between(0, 2), 0},
    {k::envelope, "Envelope", none, 0},
    {k::fetch_snapshot, "FetchSnapshot", none, 0},
    {k::describe_cluster, "DescribeCluster", between(0, 2), 0},
    {k::describe_producers, "DescribeProducers", between(0, 0), 0},
    {k::broker_registration, "BrokerRegistration", none, 0},
    {k::broker_heartbeat, "BrokerHeartbeat", none, 0},
    {k::unregister_broker, "UnregisterBroker", between(0, 0), 0},
    {k::describe_transactions, "DescribeTransactions", between(0, 0), 0},
    {k::list_transactions, "ListTransactions", between(0, 2), 0},
    {k::allocate_producer_ids, "AllocateProducerIds", none, 0},
    {k::consumer_group_heartbeat, "ConsumerGroupHeartbeat", between(0, 1), 0},
    {k::consumer_group_describe, "ConsumerGroupDescribe", between(0, 1), 0},
    {k::controller_registration, "ControllerRegistration", none, 0},
    {k::get_telemetry_subscriptions, "GetTelemetrySubscriptions", between(0, 0), 0},
    {k::push_telemetry, "PushTelemetry", between(0, 0), 0},
    {k::assign_replicas_to_dirs, "AssignReplicasToDirs", none, 0},
    {k::list_config_resources, "ListConfigResources", between(0, 1), 0},
    {k::describe_topic_partitions, "DescribeTopicPartitions", between(0, 0), 0},
    {k::share_group_heartbeat, "ShareGroupHeartbeat", between(1, 1), 0},
    {k::share_group_describe, "ShareGroupDescribe", between(1, 1), 0},
    {k::share_fetch, "ShareFetch", between(1, 2), 0},
    {k::share_acknowledge, "ShareAcknowledge", between(1, 2), 0},
    {k::add_raft_voter, "AddRaftVoter", between(0, 1), 0},
    {k::remove_raft_voter, "RemoveRaftVoter", between(0, 0), 0},
    {k::update_raft_voter, "UpdateRaftVoter", none, 0},
    {k::initialize_share_group_state, "InitializeShareGroupState", between(0, 0), 0},
    {k::read_share_group_state, "ReadShareGroupState", between(0, 0), 0},
    {k::write_share_group_state, "WriteShareGroupState", between(0, 1), 0},
    {k::delete_share_group_state, "DeleteShareGroupState", between(0, 0), 0},
    {k::read_share_group_state_summary, "ReadShareGroupStateSummary", between(0, 1), 0},
    {k::streams_group_heartbeat, "StreamsGroupHeartbeat", between(0, 0), 0},
    {k::streams_group_describe, "StreamsGroupDescribe", between(0, 0), 0},
    {k::describe_share_group_offsets, "DescribeShareGroupOffsets", between(0, 1), 0},
    {k::alter_share_group_offsets, "AlterShareGroupOffsets", between(0, 0), 0},
    {k::delete_share_group_offsets, "DeleteShareGroupOffsets", between(0, 0), 0},
}};

constexpr bool keys_in_order() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].key) != i) return false;
  return true;
}
static_assert(keys_in_order(), "the API table is indexed by key");

}  // namespace

std::span<const api_info> all_apis() { return table; }

const api_info* find_api(std::int16_t key) {
  if (key < 0 || static_cast<std::size_t>(key) >= table.size()) return nullptr;
  return &table[static_cast<std::size_t>(key)];
}

const api_info& info(api_key key) { return table[static_cast<std::size_t>(key)]; }

std::int16_t request_header_version(api_key key, std::int16_t version) {
  // ControlledShutdown v0 predates the client id; no client sends it, but a dump may meet it.
  if (key == api_key::controlled_shutdown && version == 0) return 0;
  return is_flexible(key, version) ? 2 : 1;
}

std::int16_t response_header_version(api_key key, std::int16_t version) {
  if (key == api_key::api_versions) return 0;
  return is_flexible(key, version) ? 1 : 0;
}

}  // namespace kwire::protocol
