#include "protocol/api.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace kwire::protocol {
namespace {

using k = api_key;

// supported: the versions kwire implements, from the lowest a Kafka 3.9 broker accepts to the
// highest Kafka 4.3 advertises. flexible_from: first version with compact encodings and tags.
constexpr std::array<api_info, 93> table{{
    {k::produce, "Produce", none, 9},
    {k::fetch, "Fetch", none, 12},
    {k::list_offsets, "ListOffsets", none, 6},
    {k::metadata, "Metadata", between(0, 13), 9},
    {k::leader_and_isr, "LeaderAndIsr", none, 4},
    {k::stop_replica, "StopReplica", none, 2},
    {k::update_metadata, "UpdateMetadata", none, 6},
    {k::controlled_shutdown, "ControlledShutdown", none, 3},
    {k::offset_commit, "OffsetCommit", none, 8},
    {k::offset_fetch, "OffsetFetch", none, 6},
    {k::find_coordinator, "FindCoordinator", none, 3},
    {k::join_group, "JoinGroup", none, 6},
    {k::heartbeat, "Heartbeat", none, 4},
    {k::leave_group, "LeaveGroup", none, 4},
    {k::sync_group, "SyncGroup", none, 4},
    {k::describe_groups, "DescribeGroups", none, 5},
    {k::list_groups, "ListGroups", none, 3},
    {k::sasl_handshake, "SaslHandshake", none, -1},
    {k::api_versions, "ApiVersions", between(0, 4), 3},
    {k::create_topics, "CreateTopics", none, 5},
    {k::delete_topics, "DeleteTopics", none, 4},
    {k::delete_records, "DeleteRecords", none, 2},
    {k::init_producer_id, "InitProducerId", none, 2},
    {k::offset_for_leader_epoch, "OffsetForLeaderEpoch", none, 4},
    {k::add_partitions_to_txn, "AddPartitionsToTxn", none, 3},
    {k::add_offsets_to_txn, "AddOffsetsToTxn", none, 3},
    {k::end_txn, "EndTxn", none, 3},
    {k::write_txn_markers, "WriteTxnMarkers", none, 1},
    {k::txn_offset_commit, "TxnOffsetCommit", none, 3},
    {k::describe_acls, "DescribeAcls", none, 2},
    {k::create_acls, "CreateAcls", none, 2},
    {k::delete_acls, "DeleteAcls", none, 2},
    {k::describe_configs, "DescribeConfigs", none, 4},
    {k::alter_configs, "AlterConfigs", none, 2},
    {k::alter_replica_log_dirs, "AlterReplicaLogDirs", none, 2},
    {k::describe_log_dirs, "DescribeLogDirs", none, 2},
    {k::sasl_authenticate, "SaslAuthenticate", none, 2},
    {k::create_partitions, "CreatePartitions", none, 2},
    {k::create_delegation_token, "CreateDelegationToken", none, 2},
    {k::renew_delegation_token, "RenewDelegationToken", none, 2},
    {k::expire_delegation_token, "ExpireDelegationToken", none, 2},
    {k::describe_delegation_token, "DescribeDelegationToken", none, 2},
    {k::delete_groups, "DeleteGroups", none, 2},
    {k::elect_leaders, "ElectLeaders", none, 2},
    {k::incremental_alter_configs, "IncrementalAlterConfigs", none, 1},
    {k::alter_partition_reassignments, "AlterPartitionReassignments", none, 0},
    {k::list_partition_reassignments, "ListPartitionReassignments", none, 0},
    {k::offset_delete, "OffsetDelete", none, -1},
    {k::describe_client_quotas, "DescribeClientQuotas", none, 1},
    {k::alter_client_quotas, "AlterClientQuotas", none, 1},
    {k::describe_user_scram_credentials, "DescribeUserScramCredentials", none, 0},
    {k::alter_user_scram_credentials, "AlterUserScramCredentials", none, 0},
    {k::vote, "Vote", none, 0},
    {k::begin_quorum_epoch, "BeginQuorumEpoch", none, 1},
    {k::end_quorum_epoch, "EndQuorumEpoch", none, 1},
    {k::describe_quorum, "DescribeQuorum", none, 0},
    {k::alter_partition, "AlterPartition", none, 0},
    {k::update_features, "UpdateFeatures", none, 0},
    {k::envelope, "Envelope", none, 0},
    {k::fetch_snapshot, "FetchSnapshot", none, 0},
    {k::describe_cluster, "DescribeCluster", none, 0},
    {k::describe_producers, "DescribeProducers", none, 0},
    {k::broker_registration, "BrokerRegistration", none, 0},
    {k::broker_heartbeat, "BrokerHeartbeat", none, 0},
    {k::unregister_broker, "UnregisterBroker", none, 0},
    {k::describe_transactions, "DescribeTransactions", none, 0},
    {k::list_transactions, "ListTransactions", none, 0},
    {k::allocate_producer_ids, "AllocateProducerIds", none, 0},
    {k::consumer_group_heartbeat, "ConsumerGroupHeartbeat", none, 0},
    {k::consumer_group_describe, "ConsumerGroupDescribe", none, 0},
    {k::controller_registration, "ControllerRegistration", none, 0},
    {k::get_telemetry_subscriptions, "GetTelemetrySubscriptions", none, 0},
    {k::push_telemetry, "PushTelemetry", none, 0},
    {k::assign_replicas_to_dirs, "AssignReplicasToDirs", none, 0},
    {k::list_config_resources, "ListConfigResources", none, 0},
    {k::describe_topic_partitions, "DescribeTopicPartitions", none, 0},
    {k::share_group_heartbeat, "ShareGroupHeartbeat", none, 0},
    {k::share_group_describe, "ShareGroupDescribe", none, 0},
    {k::share_fetch, "ShareFetch", none, 0},
    {k::share_acknowledge, "ShareAcknowledge", none, 0},
    {k::add_raft_voter, "AddRaftVoter", none, 0},
    {k::remove_raft_voter, "RemoveRaftVoter", none, 0},
    {k::update_raft_voter, "UpdateRaftVoter", none, 0},
    {k::initialize_share_group_state, "InitializeShareGroupState", none, 0},
    {k::read_share_group_state, "ReadShareGroupState", none, 0},
    {k::write_share_group_state, "WriteShareGroupState", none, 0},
    {k::delete_share_group_state, "DeleteShareGroupState", none, 0},
    {k::read_share_group_state_summary, "ReadShareGroupStateSummary", none, 0},
    {k::streams_group_heartbeat, "StreamsGroupHeartbeat", none, 0},
    {k::streams_group_describe, "StreamsGroupDescribe", none, 0},
    {k::describe_share_group_offsets, "DescribeShareGroupOffsets", none, 0},
    {k::alter_share_group_offsets, "AlterShareGroupOffsets", none, 0},
    {k::delete_share_group_offsets, "DeleteShareGroupOffsets", none, 0},
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
