#include <kwire/protocol/api.hpp>

#include <array>
#include <stdexcept>
#include <string>

#include <kwire/protocol/message_catalog.hpp>

namespace kwire::protocol {
namespace {

using k = api_key;

struct implemented_range {
  api_key key;
  vrange versions;
};
#define KWIRE_IMPLEMENTED(name, lo, hi) implemented_range{k::name, between(lo, hi)},
constexpr implemented_range implemented[] = {KWIRE_ALL_MESSAGES(KWIRE_IMPLEMENTED)};
#undef KWIRE_IMPLEMENTED

// One row of the table: Kafka's facts about the key (name; flexible_from, the first version with
// compact encodings and tags) and the versions kwire implements, from message_catalog.hpp.
constexpr api_info row(api_key key, std::string_view name, std::int16_t flexible_from) {
  for (const auto& i : implemented)
    if (i.key == key) return {key, name, i.versions, flexible_from};
  return {key, name, none, flexible_from};
}

constexpr std::array<api_info, 95> table{{
    row(k::produce, "Produce", 9),
    row(k::fetch, "Fetch", 12),
    row(k::list_offsets, "ListOffsets", 6),
    row(k::metadata, "Metadata", 9),
    row(k::leader_and_isr, "LeaderAndIsr", 4),
    row(k::stop_replica, "StopReplica", 2),
    row(k::update_metadata, "UpdateMetadata", 6),
    row(k::controlled_shutdown, "ControlledShutdown", 3),
    row(k::offset_commit, "OffsetCommit", 8),
    row(k::offset_fetch, "OffsetFetch", 6),
    row(k::find_coordinator, "FindCoordinator", 3),
    row(k::join_group, "JoinGroup", 6),
    row(k::heartbeat, "Heartbeat", 4),
    row(k::leave_group, "LeaveGroup", 4),
    row(k::sync_group, "SyncGroup", 4),
    row(k::describe_groups, "DescribeGroups", 5),
    row(k::list_groups, "ListGroups", 3),
    row(k::sasl_handshake, "SaslHandshake", -1),
    row(k::api_versions, "ApiVersions", 3),
    row(k::create_topics, "CreateTopics", 5),
    row(k::delete_topics, "DeleteTopics", 4),
    row(k::delete_records, "DeleteRecords", 2),
    row(k::init_producer_id, "InitProducerId", 2),
    row(k::offset_for_leader_epoch, "OffsetForLeaderEpoch", 4),
    row(k::add_partitions_to_txn, "AddPartitionsToTxn", 3),
    row(k::add_offsets_to_txn, "AddOffsetsToTxn", 3),
    row(k::end_txn, "EndTxn", 3),
    row(k::write_txn_markers, "WriteTxnMarkers", 1),
    row(k::txn_offset_commit, "TxnOffsetCommit", 3),
    row(k::describe_acls, "DescribeAcls", 2),
    row(k::create_acls, "CreateAcls", 2),
    row(k::delete_acls, "DeleteAcls", 2),
    row(k::describe_configs, "DescribeConfigs", 4),
    row(k::alter_configs, "AlterConfigs", 2),
    row(k::alter_replica_log_dirs, "AlterReplicaLogDirs", 2),
    row(k::describe_log_dirs, "DescribeLogDirs", 2),
    row(k::sasl_authenticate, "SaslAuthenticate", 2),
    row(k::create_partitions, "CreatePartitions", 2),
    row(k::create_delegation_token, "CreateDelegationToken", 2),
    row(k::renew_delegation_token, "RenewDelegationToken", 2),
    row(k::expire_delegation_token, "ExpireDelegationToken", 2),
    row(k::describe_delegation_token, "DescribeDelegationToken", 2),
    row(k::delete_groups, "DeleteGroups", 2),
    row(k::elect_leaders, "ElectLeaders", 2),
    row(k::incremental_alter_configs, "IncrementalAlterConfigs", 1),
    row(k::alter_partition_reassignments, "AlterPartitionReassignments", 0),
    row(k::list_partition_reassignments, "ListPartitionReassignments", 0),
    row(k::offset_delete, "OffsetDelete", -1),
    row(k::describe_client_quotas, "DescribeClientQuotas", 1),
    row(k::alter_client_quotas, "AlterClientQuotas", 1),
    row(k::describe_user_scram_credentials, "DescribeUserScramCredentials", 0),
    row(k::alter_user_scram_credentials, "AlterUserScramCredentials", 0),
    row(k::vote, "Vote", 0),
    row(k::begin_quorum_epoch, "BeginQuorumEpoch", 1),
    row(k::end_quorum_epoch, "EndQuorumEpoch", 1),
    row(k::describe_quorum, "DescribeQuorum", 0),
    row(k::alter_partition, "AlterPartition", 0),
    row(k::update_features, "UpdateFeatures", 0),
    row(k::envelope, "Envelope", 0),
    row(k::fetch_snapshot, "FetchSnapshot", 0),
    row(k::describe_cluster, "DescribeCluster", 0),
    row(k::describe_producers, "DescribeProducers", 0),
    row(k::broker_registration, "BrokerRegistration", 0),
    row(k::broker_heartbeat, "BrokerHeartbeat", 0),
    row(k::unregister_broker, "UnregisterBroker", 0),
    row(k::describe_transactions, "DescribeTransactions", 0),
    row(k::list_transactions, "ListTransactions", 0),
    row(k::allocate_producer_ids, "AllocateProducerIds", 0),
    row(k::consumer_group_heartbeat, "ConsumerGroupHeartbeat", 0),
    row(k::consumer_group_describe, "ConsumerGroupDescribe", 0),
    row(k::controller_registration, "ControllerRegistration", 0),
    row(k::get_telemetry_subscriptions, "GetTelemetrySubscriptions", 0),
    row(k::push_telemetry, "PushTelemetry", 0),
    row(k::assign_replicas_to_dirs, "AssignReplicasToDirs", 0),
    row(k::list_config_resources, "ListConfigResources", 0),
    row(k::describe_topic_partitions, "DescribeTopicPartitions", 0),
    row(k::share_group_heartbeat, "ShareGroupHeartbeat", 0),
    row(k::share_group_describe, "ShareGroupDescribe", 0),
    row(k::share_fetch, "ShareFetch", 0),
    row(k::share_acknowledge, "ShareAcknowledge", 0),
    row(k::add_raft_voter, "AddRaftVoter", 0),
    row(k::remove_raft_voter, "RemoveRaftVoter", 0),
    row(k::update_raft_voter, "UpdateRaftVoter", 0),
    row(k::initialize_share_group_state, "InitializeShareGroupState", 0),
    row(k::read_share_group_state, "ReadShareGroupState", 0),
    row(k::write_share_group_state, "WriteShareGroupState", 0),
    row(k::delete_share_group_state, "DeleteShareGroupState", 0),
    row(k::read_share_group_state_summary, "ReadShareGroupStateSummary", 0),
    row(k::streams_group_heartbeat, "StreamsGroupHeartbeat", 0),
    row(k::streams_group_describe, "StreamsGroupDescribe", 0),
    row(k::describe_share_group_offsets, "DescribeShareGroupOffsets", 0),
    row(k::alter_share_group_offsets, "AlterShareGroupOffsets", 0),
    row(k::delete_share_group_offsets, "DeleteShareGroupOffsets", 0),
    row(k::streams_group_topology_description_update, "StreamsGroupTopologyDescriptionUpdate", 0),
    row(k::unregister_controller, "UnregisterController", 0),
}};

constexpr bool keys_in_order() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].key) != i) return false;
  return true;
}
static_assert(keys_in_order(), "the API table is indexed by key");

constexpr bool catalog_keys_unique() {
  for (std::size_t i = 0; i < std::size(implemented); ++i)
    for (std::size_t j = i + 1; j < std::size(implemented); ++j)
      if (implemented[i].key == implemented[j].key) return false;
  return true;
}
static_assert(catalog_keys_unique(), "message_catalog.hpp names an API twice");

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
