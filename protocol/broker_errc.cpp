#include <kwire/protocol/broker_errc.hpp>

#include <array>
#include <string>

namespace kwire {
namespace {

struct error_info {
  broker_errc code;
  std::string_view name;
  std::string_view description;
  bool retriable;
};

// The single source for names, descriptions and retriable flags. Facts (codes, names, whether the
// exception is a RetriableException) come from Kafka's Errors enum; the descriptions are our own.
// Rows are in code order with no gaps: lookup is by index, and the static_assert below holds us to it.
constexpr auto table = std::to_array<error_info>({
    {broker_errc::unknown_server_error, "UNKNOWN_SERVER_ERROR", "The broker hit an unexpected error while handling the request.", false},
    {broker_errc::none, "NONE", "No error.", false},
    {broker_errc::offset_out_of_range, "OFFSET_OUT_OF_RANGE", "The requested offset lies outside the range of offsets the broker holds.", false},
    {broker_errc::corrupt_message, "CORRUPT_MESSAGE", "The message is corrupt: bad CRC, too large, a null key on a compacted topic, or otherwise invalid.", true},
    {broker_errc::unknown_topic_or_partition, "UNKNOWN_TOPIC_OR_PARTITION", "This broker does not host the topic-partition.", true},
    {broker_errc::invalid_fetch_size, "INVALID_FETCH_SIZE", "The requested fetch size is not valid.", false},
    {broker_errc::leader_not_available, "LEADER_NOT_AVAILABLE", "The topic-partition has no leader right now because a leader election is under way.", true},
    {broker_errc::not_leader_or_follower, "NOT_LEADER_OR_FOLLOWER", "The broker is not the leader (for leader-only requests) or not a replica (for replica requests) of the partition.", true},
    {broker_errc::request_timed_out, "REQUEST_TIMED_OUT", "The request timed out.", true},
    {broker_errc::broker_not_available, "BROKER_NOT_AVAILABLE", "The broker is not available.", false},
    {broker_errc::replica_not_available, "REPLICA_NOT_AVAILABLE", "The replica is not available for the topic-partition.", true},
    {broker_errc::message_too_large, "MESSAGE_TOO_LARGE", "The request contained a message larger than the broker's maximum message size.", false},
    {broker_errc::stale_controller_epoch, "STALE_CONTROLLER_EPOCH", "The controller has moved to another broker.", false},
    {broker_errc::offset_metadata_too_large, "OFFSET_METADATA_TOO_LARGE", "The metadata attached to the offset commit is too large.", false},
    {broker_errc::network_exception, "NETWORK_EXCEPTION", "The connection was closed before a response arrived.", true},
    {broker_errc::coordinator_load_in_progress, "COORDINATOR_LOAD_IN_PROGRESS", "The coordinator is still loading and cannot serve requests yet.", true},
    {broker_errc::coordinator_not_available, "COORDINATOR_NOT_AVAILABLE", "The coordinator is not available.", true},
    {broker_errc::not_coordinator, "NOT_COORDINATOR", "This broker is not the coordinator for the request.", true},
    {broker_errc::invalid_topic_exception, "INVALID_TOPIC_EXCEPTION", "The request referred to an invalid topic.", false},
    {broker_errc::record_list_too_large, "RECORD_LIST_TOO_LARGE", "The request contained a message batch larger than the broker's log segment size.", false},
    {broker_errc::not_enough_replicas, "NOT_ENOUGH_REPLICAS", "The write was rejected because fewer replicas are in sync than required.", true},
    {broker_errc::not_enough_replicas_after_append, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "The write was appended to the log, but fewer replicas are in sync than required.", true},
    {broker_errc::invalid_required_acks, "INVALID_REQUIRED_ACKS", "The produce request gave an invalid value for required acks.", false},
    {broker_errc::illegal_generation, "ILLEGAL_GENERATION", "The group generation id is not valid.", false},
    {broker_errc::inconsistent_group_protocol, "INCONSISTENT_GROUP_PROTOCOL", "The member's protocols are incompatible with the group's, or the first member joined with an empty protocol type or list.", false},
    {broker_errc::invalid_group_id, "INVALID_GROUP_ID", "The group id is not valid.", false},
    {broker_errc::unknown_member_id, "UNKNOWN_MEMBER_ID", "The coordinator does not know this member.", false},
    {broker_errc::invalid_session_timeout, "INVALID_SESSION_TIMEOUT", "The session timeout is outside the range the broker allows (group.min/max.session.timeout.ms).", false},
    {broker_errc::rebalance_in_progress, "REBALANCE_IN_PROGRESS", "The group is rebalancing; the member must rejoin.", false},
    {broker_errc::invalid_commit_offset_size, "INVALID_COMMIT_OFFSET_SIZE", "The size of the committed offset data is not valid.", false},
    {broker_errc::topic_authorization_failed, "TOPIC_AUTHORIZATION_FAILED", "Not authorized to access the topic.", false},
    {broker_errc::group_authorization_failed, "GROUP_AUTHORIZATION_FAILED", "Not authorized to access the group.", false},
    {broker_errc::cluster_authorization_failed, "CLUSTER_AUTHORIZATION_FAILED", "Not authorized for the cluster operation.", false},
    {broker_errc::invalid_timestamp, "INVALID_TIMESTAMP", "The message timestamp is outside the accepted range.", false},
    {broker_errc::unsupported_sasl_mechanism, "UNSUPPORTED_SASL_MECHANISM", "The broker does not support the requested SASL mechanism.", false},
    {broker_errc::illegal_sasl_state, "ILLEGAL_SASL_STATE", "The request is not valid in the current SASL state.", false},
    {broker_errc::unsupported_version, "UNSUPPORTED_VERSION", "The broker does not support this API version.", false},
    {broker_errc::topic_already_exists, "TOPIC_ALREADY_EXISTS", "A topic with this name already exists.", false},
    {broker_errc::invalid_partitions, "INVALID_PARTITIONS", "The number of partitions is below 1.", false},
    {broker_errc::invalid_replication_factor, "INVALID_REPLICATION_FACTOR", "The replication factor is below 1 or above the number of available brokers.", false},
    {broker_errc::invalid_replica_assignment, "INVALID_REPLICA_ASSIGNMENT", "The replica assignment is not valid.", false},
    {broker_errc::invalid_config, "INVALID_CONFIG", "The configuration is not valid.", false},
    {broker_errc::not_controller, "NOT_CONTROLLER", "This broker is not the controller of the cluster.", true},
    {broker_errc::invalid_request, "INVALID_REQUEST", "The request is malformed, most likely from a client bug or an incompatible broker; the broker logs have details.", false},
    {broker_errc::unsupported_for_message_format, "UNSUPPORTED_FOR_MESSAGE_FORMAT", "The broker's message format version does not support this request.", false},
    {broker_errc::policy_violation, "POLICY_VIOLATION", "The request parameters violate a configured policy.", false},
    {broker_errc::out_of_order_sequence_number, "OUT_OF_ORDER_SEQUENCE_NUMBER", "The broker received a sequence number out of order.", false},
    {broker_errc::duplicate_sequence_number, "DUPLICATE_SEQUENCE_NUMBER", "The broker received a sequence number it has already seen.", false},
    {broker_errc::invalid_producer_epoch, "INVALID_PRODUCER_EPOCH", "The producer used an epoch that is older than the current one.", false},
    {broker_errc::invalid_txn_state, "INVALID_TXN_STATE", "The producer tried a transactional operation that is not valid in the transaction's current state.", false},
    {broker_errc::invalid_producer_id_mapping, "INVALID_PRODUCER_ID_MAPPING", "The producer id is not currently assigned to this transactional id.", false},
    {broker_errc::invalid_transaction_timeout, "INVALID_TRANSACTION_TIMEOUT", "The transaction timeout exceeds the broker's maximum (transaction.max.timeout.ms).", false},
    {broker_errc::concurrent_transactions, "CONCURRENT_TRANSACTIONS", "Another operation on the same transaction is still in progress.", true},
    {broker_errc::transaction_coordinator_fenced, "TRANSACTION_COORDINATOR_FENCED", "The transaction coordinator that sent WriteTxnMarkers is no longer the coordinator for the producer.", false},
    {broker_errc::transactional_id_authorization_failed, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "Not authorized to use the transactional id.", false},
    {broker_errc::security_disabled, "SECURITY_DISABLED", "Security features are disabled on the broker.", false},
    {broker_errc::operation_not_attempted, "OPERATION_NOT_ATTEMPTED", "The broker skipped this operation, typically because other operations in the same batched request failed.", false},
    {broker_errc::kafka_storage_error, "KAFKA_STORAGE_ERROR", "A disk error occurred while accessing a log file.", true},
    {broker_errc::log_dir_not_found, "LOG_DIR_NOT_FOUND", "The requested log directory is not in the broker's configuration.", false},
    {broker_errc::sasl_authentication_failed, "SASL_AUTHENTICATION_FAILED", "SASL authentication failed.", false},
    {broker_errc::unknown_producer_id, "UNKNOWN_PRODUCER_ID", "The broker has no metadata for the producer id, for example because all its records were removed by retention.", false},
    {broker_errc::reassignment_in_progress, "REASSIGNMENT_IN_PROGRESS", "A partition reassignment is in progress.", false},
    {broker_errc::delegation_token_auth_disabled, "DELEGATION_TOKEN_AUTH_DISABLED", "The delegation token feature is not enabled.", false},
    {broker_errc::delegation_token_not_found, "DELEGATION_TOKEN_NOT_FOUND", "The broker could not find the delegation token.", false},
    {broker_errc::delegation_token_owner_mismatch, "DELEGATION_TOKEN_OWNER_MISMATCH", "The principal is not a valid owner or renewer of the delegation token.", false},
    {broker_errc::delegation_token_request_not_allowed, "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", "Delegation token requests are not allowed on plaintext, one-way SSL, or delegation-token-authenticated connections.", false},
    {broker_errc::delegation_token_authorization_failed, "DELEGATION_TOKEN_AUTHORIZATION_FAILED", "Not authorized for the delegation token operation.", false},
    {broker_errc::delegation_token_expired, "DELEGATION_TOKEN_EXPIRED", "The delegation token has expired.", false},
    {broker_errc::invalid_principal_type, "INVALID_PRINCIPAL_TYPE", "The principal type is not supported.", false},
    {broker_errc::non_empty_group, "NON_EMPTY_GROUP", "The group still has members.", false},
    {broker_errc::group_id_not_found, "GROUP_ID_NOT_FOUND", "The group id does not exist.", false},
    {broker_errc::fetch_session_id_not_found, "FETCH_SESSION_ID_NOT_FOUND", "The broker could not find the fetch session id.", true},
    {broker_errc::invalid_fetch_session_epoch, "INVALID_FETCH_SESSION_EPOCH", "The fetch session epoch is not valid.", true},
    {broker_errc::listener_not_found, "LISTENER_NOT_FOUND", "The leader broker has no listener matching the one the metadata request arrived on.", true},
    {broker_errc::topic_deletion_disabled, "TOPIC_DELETION_DISABLED", "Topic deletion is disabled.", false},
    {broker_errc::fenced_leader_epoch, "FENCED_LEADER_EPOCH", "The request's leader epoch is older than the broker's.", true},
    {broker_errc::unknown_leader_epoch, "UNKNOWN_LEADER_EPOCH", "The request's leader epoch is newer than the broker's.", true},
    {broker_errc::unsupported_compression_type, "UNSUPPORTED_COMPRESSION_TYPE", "The client does not support the compression type used by the partition.", false},
    {broker_errc::stale_broker_epoch, "STALE_BROKER_EPOCH", "The broker epoch has changed.", false},
    {broker_errc::offset_not_available, "OFFSET_NOT_AVAILABLE", "The new leader's high watermark has not caught up yet, so offsets could go backwards.", true},
    {broker_errc::member_id_required, "MEMBER_ID_REQUIRED", "The member needs a valid member id before it can join the group.", false},
    {broker_errc::preferred_leader_not_available, "PREFERRED_LEADER_NOT_AVAILABLE", "The preferred leader is not available.", true},
    {broker_errc::group_max_size_reached, "GROUP_MAX_SIZE_REACHED", "The group has reached its maximum number of members.", false},
    {broker_errc::fenced_instance_id, "FENCED_INSTANCE_ID", "Another member with the same group.instance.id but a different member.id has registered, so this static member was rejected.", false},
    {broker_errc::eligible_leaders_not_available, "ELIGIBLE_LEADERS_NOT_AVAILABLE", "No eligible leader is available for the topic-partition.", true},
    {broker_errc::election_not_needed, "ELECTION_NOT_NEEDED", "The topic-partition does not need a leader election.", true},
    {broker_errc::no_reassignment_in_progress, "NO_REASSIGNMENT_IN_PROGRESS", "No partition reassignment is in progress.", false},
    {broker_errc::group_subscribed_to_topic, "GROUP_SUBSCRIBED_TO_TOPIC", "Offsets of a topic cannot be deleted while the group is subscribed to it.", false},
    {broker_errc::invalid_record, "INVALID_RECORD", "The record failed broker-side validation and was rejected.", false},
    {broker_errc::unstable_offset_commit, "UNSTABLE_OFFSET_COMMIT", "Unstable offsets must be cleared first.", true},
    {broker_errc::throttling_quota_exceeded, "THROTTLING_QUOTA_EXCEEDED", "The throttling quota was exceeded.", true},
    {broker_errc::producer_fenced, "PRODUCER_FENCED", "A newer producer with the same transactional id has fenced this one.", false},
    {broker_errc::resource_not_found, "RESOURCE_NOT_FOUND", "The request referred to a resource that does not exist.", false},
    {broker_errc::duplicate_resource, "DUPLICATE_RESOURCE", "The request referred to the same resource more than once.", false},
    {broker_errc::unacceptable_credential, "UNACCEPTABLE_CREDENTIAL", "The requested credential does not meet the acceptance criteria.", false},
    {broker_errc::inconsistent_voter_set, "INCONSISTENT_VOTER_SET", "The sender or receiver of a voter-only request is not one of the expected voters.", false},
    {broker_errc::invalid_update_version, "INVALID_UPDATE_VERSION", "The update version is not valid.", false},
    {broker_errc::feature_update_failed, "FEATURE_UPDATE_FAILED", "Updating the finalized features failed because of an unexpected broker error.", false},
    {broker_errc::principal_deserialization_failure, "PRINCIPAL_DESERIALIZATION_FAILURE", "The broker failed to deserialize the request principal while forwarding; the cluster's security setup is likely wrong.", false},
    {broker_errc::snapshot_not_found, "SNAPSHOT_NOT_FOUND", "The requested snapshot does not exist.", false},
    {broker_errc::position_out_of_range, "POSITION_OUT_OF_RANGE", "The requested position is negative or beyond the end of the snapshot.", false},
    {broker_errc::unknown_topic_id, "UNKNOWN_TOPIC_ID", "This broker does not host the topic id.", true},
    {broker_errc::duplicate_broker_registration, "DUPLICATE_BROKER_REGISTRATION", "The broker id is already registered.", false},
    {broker_errc::broker_id_not_registered, "BROKER_ID_NOT_REGISTERED", "The broker id is not registered.", false},
    {broker_errc::inconsistent_topic_id, "INCONSISTENT_TOPIC_ID", "The topic id of the log does not match the one in the request.", true},
    {broker_errc::inconsistent_cluster_id, "INCONSISTENT_CLUSTER_ID", "The cluster id in the request does not match the broker's.", false},
    {broker_errc::transactional_id_not_found, "TRANSACTIONAL_ID_NOT_FOUND", "The transactional id does not exist.", false},
    {broker_errc::fetch_session_topic_id_error, "FETCH_SESSION_TOPIC_ID_ERROR", "The fetch session used topic ids inconsistently.", true},
    {broker_errc::ineligible_replica, "INELIGIBLE_REPLICA", "The new ISR contains at least one replica that is not eligible.", false},
    {broker_errc::new_leader_elected, "NEW_LEADER_ELECTED", "The partition state was updated by AlterPartition, but the leader has changed.", false},
    {broker_errc::offset_moved_to_tiered_storage, "OFFSET_MOVED_TO_TIERED_STORAGE", "The requested offset has been moved to tiered storage.", false},
    {broker_errc::fenced_member_epoch, "FENCED_MEMBER_EPOCH", "The coordinator fenced the member epoch; the member must give up all its partitions and rejoin.", false},
    {broker_errc::unreleased_instance_id, "UNRELEASED_INSTANCE_ID", "Another member of the group still uses this instance id and has to leave first.", false},
    {broker_errc::unsupported_assignor, "UNSUPPORTED_ASSIGNOR", "The group does not support this assignor or its version range.", false},
    {broker_errc::stale_member_epoch, "STALE_MEMBER_EPOCH", "The member epoch is stale; retry after receiving the current epoch from ConsumerGroupHeartbeat.", false},
    {broker_errc::mismatched_endpoint_type, "MISMATCHED_ENDPOINT_TYPE", "The request was sent to the wrong type of endpoint.", false},
    {broker_errc::unsupported_endpoint_type, "UNSUPPORTED_ENDPOINT_TYPE", "This endpoint type is not supported yet.", false},
    {broker_errc::unknown_controller_id, "UNKNOWN_CONTROLLER_ID", "The controller id is not known.", false},
    {broker_errc::unknown_subscription_id, "UNKNOWN_SUBSCRIPTION_ID", "The push telemetry request carried an unknown or outdated subscription id.", false},
    {broker_errc::telemetry_too_large, "TELEMETRY_TOO_LARGE", "The push telemetry request exceeds the broker's maximum size.", false},
    {broker_errc::invalid_registration, "INVALID_REGISTRATION", "The controller considers the broker registration invalid.", false},
    {broker_errc::transaction_abortable, "TRANSACTION_ABORTABLE", "The transaction hit an error; aborting it lets the transactional id be used again.", false},
    {broker_errc::invalid_record_state, "INVALID_RECORD_STATE", "The record is in an invalid state, so its delivery acknowledgement could not be completed.", false},
    {broker_errc::share_session_not_found, "SHARE_SESSION_NOT_FOUND", "The broker could not find the share session.", true},
    {broker_errc::invalid_share_session_epoch, "INVALID_SHARE_SESSION_EPOCH", "The share session epoch is not valid.", true},
    {broker_errc::fenced_state_epoch, "FENCED_STATE_EPOCH", "The share coordinator rejected the request because the share-group state epoch did not match.", false},
    {broker_errc::invalid_voter_key, "INVALID_VOTER_KEY", "The voter key does not match the key of the receiving replica.", false},
    {broker_errc::duplicate_voter, "DUPLICATE_VOTER", "The voter is already in the voter set.", false},
    {broker_errc::voter_not_found, "VOTER_NOT_FOUND", "The voter is not in the voter set.", false},
    {broker_errc::invalid_regular_expression, "INVALID_REGULAR_EXPRESSION", "The regular expression is not valid.", false},
    {broker_errc::rebootstrap_required, "REBOOTSTRAP_REQUIRED", "The client's metadata is stale; it must rebootstrap to get fresh metadata.", false},
    {broker_errc::streams_invalid_topology, "STREAMS_INVALID_TOPOLOGY", "The topology is not valid.", false},
    {broker_errc::streams_invalid_topology_epoch, "STREAMS_INVALID_TOPOLOGY_EPOCH", "The topology epoch is not valid.", false},
    {broker_errc::streams_topology_fenced, "STREAMS_TOPOLOGY_FENCED", "The topology epoch is out of date.", false},
    {broker_errc::share_session_limit_reached, "SHARE_SESSION_LIMIT_REACHED", "The share session limit has been reached.", true},
    {broker_errc::group_deletion_failed, "GROUP_DELETION_FAILED", "DeleteGroups could not complete; the per-group error message says why.", false},
    {broker_errc::streams_topology_description_update_failed, "STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED", "The broker could not process the topology description update.", false},
    {broker_errc::controller_id_not_registered, "CONTROLLER_ID_NOT_REGISTERED", "The given controller ID was not registered.", false},
});

constexpr int first_code = static_cast<int>(table.front().code);

constexpr bool is_dense() {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (static_cast<int>(table[i].code) != first_code + static_cast<int>(i)) return false;
  }
  return true;
}
static_assert(first_code == -1, "Kafka's lowest error code is UNKNOWN_SERVER_ERROR (-1)");
static_assert(is_dense(), "table rows must be in code order with no gaps");

// Takes int, not std::int16_t, because error_category::message() hands us any int.
constexpr const error_info* find(int code) noexcept {
  const long index = static_cast<long>(code) - first_code;
  if (index < 0 || index >= static_cast<long>(table.size())) return nullptr;
  return &table[static_cast<std::size_t>(index)];
}

class broker_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kafka"; }

  std::string message(int value) const override {
    const error_info* info = find(value);
    if (info == nullptr) return "unknown Kafka error code " + std::to_string(value);
    std::string text(info->name);
    text += ": ";
    text += info->description;
    return text;
  }
};

}  // namespace

const std::error_category& broker_category() noexcept {
  static const broker_category_impl category;
  return category;
}

std::error_code make_error_code(broker_errc e) noexcept {
  return {static_cast<int>(e), broker_category()};
}

std::string_view error_name(broker_errc e) noexcept {
  const error_info* info = find(static_cast<int>(e));
  return info != nullptr ? info->name : std::string_view{};
}

std::string error_text(std::int16_t code, const std::optional<std::string>& message) {
  std::string text(error_name(static_cast<broker_errc>(code)));
  if (text.empty()) text = "error " + std::to_string(code);
  if (message && !message->empty()) text += " (" + *message + ")";
  return text;
}

std::string_view error_description(broker_errc e) noexcept {
  const error_info* info = find(static_cast<int>(e));
  return info != nullptr ? info->description : std::string_view{};
}

bool is_retriable(broker_errc e) noexcept {
  const error_info* info = find(static_cast<int>(e));
  return info != nullptr && info->retriable;
}

bool is_known(std::int16_t code) noexcept { return find(code) != nullptr; }

}  // namespace kwire
