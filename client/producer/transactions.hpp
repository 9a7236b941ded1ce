#pragma once
// The transactional producer's state machine (KIP-98, KIP-447, KIP-890), sans-I/O: which state
// the transaction is in, which request comes next, and what each answer means. No sockets, no
// clock: the producer sends the requests it is handed to the transaction coordinator (or, for
// TxnOffsetCommit, to the group coordinator) and feeds the answers back.
//
// States (Java's TransactionManager's):
//   uninitialized --init--> initializing --InitProducerId--> ready
//   ready --begin--> in_transaction --commit--> committing --EndTxn--> ready
//                                   --abort---> aborting   --EndTxn--> ready
//   in_transaction --an abortable error--> abortable_error --abort--> aborting
//   any --a fatal error--> fatal_error (the producer can only be closed)
//
// Error classes, as the Java client sorts them (classify()):
//   fatal      PRODUCER_FENCED, INVALID_PRODUCER_EPOCH from the coordinator (transactions v1
//              and v2 alike: another producer took the transactional id or the epoch is
//              gone), TRANSACTIONAL_ID_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED,
//              UNSUPPORTED_VERSION / UNSUPPORTED_FOR_MESSAGE_FORMAT, INVALID_PRODUCER_ID_MAPPING
//              on EndTxn, INVALID_TXN_STATE, INVALID_TRANSACTION_TIMEOUT.
//   abortable  everything else a transaction step can fail with (TOPIC/GROUP_AUTHORIZATION
//              _FAILED, TRANSACTION_ABORTABLE, a batch that failed, UNKNOWN_MEMBER_ID /
//              ILLEGAL_GENERATION / FENCED_INSTANCE_ID on TxnOffsetCommit, ...): the user
//              aborts and carries on.
//   retriable  NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
//              CONCURRENT_TRANSACTIONS, UNKNOWN_TOPIC_OR_PARTITION, REQUEST_TIMED_OUT, lost
//              connections: the same request again after retry.backoff.ms (the caller
//              re-resolves the coordinator on the first two).
//
// Transactions v1 and v2 (KIP-890): version 2 when the cluster's finalized feature
// transaction.version is >= 2 and the broker offers EndTxn v5 and Produce v12. In v2 a Produce
// (v12+) adds its partition to the transaction by itself, TxnOffsetCommit (v5) needs no
// AddOffsetsToTxn, and EndTxn (v5) answers the producer id and epoch for the next transaction
// (the epoch moves on every transaction; sequences restart at 0). In v1 a partition is added
// with AddPartitionsToTxn (v3) before its first batch of the transaction leaves, offsets with
// AddOffsetsToTxn then TxnOffsetCommit (v3), and the epoch stays.

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

#include <kwire/group_metadata.hpp>
#include <kwire/protocol/messages/add_offsets_to_txn.hpp>
#include <kwire/protocol/messages/add_partitions_to_txn.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/end_txn.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/txn_offset_commit.hpp>

namespace kwire::client {

enum class txn_state { uninitialized, initializing, ready, in_transaction, committing, aborting, abortable_error, fatal_error };
std::string_view to_string(txn_state s);

enum class txn_error_class { none, retriable, abortable, fatal };
// How a transaction step's error is handled (see above). `ec` may be a broker_errc or a
// client_errc (a lost connection or a timeout is retriable).
txn_error_class classify_txn_error(std::error_code ec);

// 2 when `features` (an ApiVersions answer) finalizes transaction.version >= 2 and offers
// EndTxn v5 and Produce v12; else 1.
int transaction_version(const protocol::api_versions_response& features);

// Request versions each transaction version uses (exact pins: both ranges include them on
// Kafka 3.x and 4.x).
struct txn_versions {
  static constexpr std::int16_t add_partitions = 3;  // v4+ is broker to coordinator
  static std::int16_t end_txn(int txn_version) { return txn_version >= 2 ? 5 : 3; }
  static std::int16_t txn_offset_commit(int txn_version) { return txn_version >= 2 ? 5 : 3; }
  // Produce: v12+ means "adds its partition itself" to a v2 coordinator; v1 stays below.
  static std::optional<std::int16_t> produce(int txn_version) {
    return txn_version >= 2 ? std::nullopt : std::optional<std::int16_t>(11);
  }
};

class transaction_manager {
 public:
  // What an answer did.
  enum class outcome {
    done,     // the step is complete (see state())
    next,     // another request follows: ask next_request()
    retry,    // the same request again after retry.backoff.ms: ask next_request()
    failed,   // the user's operation fails with error()/detail(); state() says abortable or fatal
  };
  // The request to send now, and where.
  struct init_request { protocol::init_producer_id_request body; };   // to the transaction coordinator
  struct add_partitions { protocol::add_partitions_to_txn_request body; };
  struct add_offsets { protocol::add_offsets_to_txn_request body; };
  struct offset_commit { protocol::txn_offset_commit_request body; };  // to the group coordinator
  struct end_txn { protocol::end_txn_request body; };
  using request = std::variant<std::monostate, init_request, add_partitions, add_offsets, offset_commit, end_txn>;

  transaction_manager(std::string transactional_id, std::chrono::milliseconds timeout)
      : id_(std::move(transactional_id)), timeout_(timeout) {}

  const std::string& transactional_id() const { return id_; }
  txn_state state() const { return state_; }
  int version() const { return version_; }
  void set_version(int v) { version_ = v >= 2 ? 2 : 1; }
  std::int64_t producer_id() const { return producer_id_; }
  std::int16_t producer_epoch() const { return producer_epoch_; }
  std::error_code error() const { return error_; }
  const std::string& detail() const { return detail_; }

  // ---- the user's operations: an error when the state does not allow it ----
  // init_transactions: InitProducerId with the transactional id. Also after a commit or an
  // abort that left the epoch unusable (bump_epoch()), with the current id and epoch.
  std::pair<std::error_code, std::string> begin_init();
  std::pair<std::error_code, std::string> begin_transaction();
  // send_offsets_to_transaction: v1 AddOffsetsToTxn then TxnOffsetCommit, v2 TxnOffsetCommit.
  std::pair<std::error_code, std::string> begin_send_offsets(const offsets_to_commit& offsets,
                                                             const consumer_group_metadata& group);
  // commit_transaction (after the caller flushed) / abort_transaction (after the caller failed
  // what was not sent and waited for what was in flight).
  std::pair<std::error_code, std::string> begin_commit();
  std::pair<std::error_code, std::string> begin_abort();

  // The request of the step under way; monostate when none is due (in v1, partitions wait
  // for their AddPartitionsToTxn: next_add_partitions()).
  request next_request();

  // ---- answers ----
  // `ec`/`detail`: the request failed below the broker (connection lost, timed out, ...).
  outcome on_init(std::error_code ec, const std::string& detail, const protocol::init_producer_id_response& r);
  outcome on_add_offsets(std::error_code ec, const std::string& detail, const protocol::add_offsets_to_txn_response& r);
  outcome on_offset_commit(std::error_code ec, const std::string& detail, const protocol::txn_offset_commit_response& r);
  outcome on_end_txn(std::error_code ec, const std::string& detail, const protocol::end_txn_response& r);

  // ---- partitions (v1): a batch of `topic`-`partition` may leave only once it is added ----
  bool may_send(const std::string& topic, std::int32_t partition) const;
  // A batch is queued for the partition: it will need adding (no-op in v2 or when added).
  void need_partition(const std::string& topic, std::int32_t partition);
  // The AddPartitionsToTxn for every partition waiting, when none is out.
  std::optional<protocol::add_partitions_to_txn_request> next_add_partitions();
  outcome on_add_partitions(std::error_code ec, const std::string& detail,
                            const protocol::add_partitions_to_txn_response& r);
  // v2: a batch of the transaction left (the transaction has begun at the coordinator).
  void on_batch_sent() { started_ = true; }

  // A batch of the transaction failed for good with `ec`: the transaction is abortable (or the
  // producer fatal, for a fencing error).
  void on_batch_failed(std::error_code ec, const std::string& detail);
  // The producer's sequences left a gap (a batch with sequence numbers failed): after the
  // abort, InitProducerId with the current id and epoch bumps the epoch (KIP-360) in v1; v2
  // gets a new epoch from EndTxn anyway.
  void need_epoch_bump() { bump_needed_ = true; }
  // The epoch is new (init or v2 EndTxn): the caller restarts every partition's sequence at 0.
  bool take_epoch_changed() { return std::exchange(epoch_changed_, false); }

 private:
  outcome fail(std::error_code ec, std::string detail);
  outcome answer_error(std::error_code ec, std::string detail, const char* what);
  void reset_transaction();

  std::string id_;
  std::chrono::milliseconds timeout_;
  int version_ = 1;
  txn_state state_ = txn_state::uninitialized;
  std::int64_t producer_id_ = -1;
  std::int16_t producer_epoch_ = -1;
  std::error_code error_;
  std::string detail_;
  bool bump_needed_ = false;
  bool epoch_changed_ = false;
  bool started_ = false;  // something is registered at the coordinator (EndTxn is due)

  // The step under way.
  request step_;
  bool step_out_ = false;
  std::optional<protocol::txn_offset_commit_request> pending_commit_;  // after AddOffsetsToTxn (v1)

  // v1 partitions.
  std::set<topic_partition> added_, waiting_, adding_;
};

}  // namespace kwire::client
