#include <kwire/producer/transactions.hpp>

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

using errors = std::pair<std::error_code, std::string>;

std::string tp_name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

std::string broker_text(std::int16_t code) {
  const auto e = static_cast<broker_errc>(code);
  std::string s(error_name(e));
  if (is_known(code)) s += " (" + std::string(error_description(e)) + ")";
  return s;
}

// What the user must do, for the error's class.
std::string advice(txn_error_class c, std::error_code ec) {
  if (c == txn_error_class::fatal) {
    if (ec == broker_errc::producer_fenced || ec == broker_errc::invalid_producer_epoch ||
        ec == broker_errc::transaction_coordinator_fenced)
      return "; another producer with this transactional.id took over (or the coordinator ended the transaction "
             "and moved the epoch on): this producer is fenced and can only be closed";
    return "; the producer can only be closed";
  }
  if (c == txn_error_class::abortable) return "; abort the transaction (abort_transaction) and carry on";
  return {};
}

const std::int16_t* api_max(const protocol::api_versions_response& r, protocol::api_key key) {
  for (const auto& k : r.api_keys)
    if (k.api_key == static_cast<std::int16_t>(key)) return &k.max_version;
  return nullptr;
}

}  // namespace

std::string_view to_string(txn_state s) {
  switch (s) {
    case txn_state::uninitialized: return "uninitialized";
    case txn_state::initializing: return "initializing";
    case txn_state::ready: return "ready";
    case txn_state::in_transaction: return "in_transaction";
    case txn_state::committing: return "committing";
    case txn_state::aborting: return "aborting";
    case txn_state::abortable_error: return "abortable_error";
    case txn_state::fatal_error: return "fatal_error";
  }
  return "?";
}

txn_error_class classify_txn_error(std::error_code ec) {
  if (!ec) return txn_error_class::none;
  if (ec.category() != broker_category()) {
    // Below the broker: a lost connection or a timeout leaves the step to be tried again.
    return ec == client_errc::connection_closed || ec == client_errc::timed_out ? txn_error_class::retriable
                                                                                : txn_error_class::fatal;
  }
  switch (static_cast<broker_errc>(ec.value())) {
    case broker_errc::not_coordinator:
    case broker_errc::coordinator_not_available:
    case broker_errc::coordinator_load_in_progress:
    case broker_errc::concurrent_transactions:
    case broker_errc::unknown_topic_or_partition:
    case broker_errc::request_timed_out:
    case broker_errc::network_exception:
      return txn_error_class::retriable;
    case broker_errc::producer_fenced:
    case broker_errc::invalid_producer_epoch:
    case broker_errc::transaction_coordinator_fenced:
    case broker_errc::transactional_id_authorization_failed:
    case broker_errc::cluster_authorization_failed:
    case broker_errc::unsupported_version:
    case broker_errc::unsupported_for_message_format:
    case broker_errc::invalid_producer_id_mapping:
    case broker_errc::invalid_txn_state:
    case broker_errc::invalid_transaction_timeout:
      return txn_error_class::fatal;
    default:
      return txn_error_class::abortable;
  }
}

int transaction_version(const protocol::api_versions_response& r) {
  std::int16_t level = 0;
  for (const auto& f : r.finalized_features)
    if (f.name == "transaction.version") level = f.max_version_level;
  const auto* end_txn = api_max(r, protocol::api_key::end_txn);
  const auto* produce = api_max(r, protocol::api_key::produce);
  return level >= 2 && end_txn && *end_txn >= 5 && produce && *produce >= 12 ? 2 : 1;
}

// ---------------------------------------------------------------------------------------------
// The user's operations.

errors transaction_manager::begin_init() {
  if (state_ == txn_state::fatal_error) return {error_, detail_};
  if (state_ != txn_state::uninitialized)
    return {client_errc::invalid_value, "init_transactions: transactional.id " + id_ + " is already initialized (state " +
                                            std::string(to_string(state_)) + ")"};
  state_ = txn_state::initializing;
  init_request r;
  r.body.transactional_id = id_;
  r.body.transaction_timeout_ms = static_cast<std::int32_t>(timeout_.count());
  step_ = std::move(r);
  step_out_ = false;
  return {};
}

errors transaction_manager::begin_transaction() {
  if (state_ == txn_state::fatal_error) return {error_, detail_};
  if (state_ != txn_state::ready)
    return {client_errc::invalid_value, "begin_transaction: transactional.id " + id_ + " is in state " +
                                            std::string(to_string(state_)) +
                                            (state_ == txn_state::uninitialized ? " (call init_transactions first)"
                                                                                : " (commit or abort the current transaction first)")};
  reset_transaction();
  state_ = txn_state::in_transaction;
  return {};
}

errors transaction_manager::begin_send_offsets(const offsets_to_commit& offsets, const consumer_group_metadata& group) {
  if (state_ == txn_state::fatal_error || state_ == txn_state::abortable_error) return {error_, detail_};
  if (state_ != txn_state::in_transaction)
    return {client_errc::invalid_value, "send_offsets_to_transaction: no transaction is open (state " +
                                            std::string(to_string(state_)) + "); call begin_transaction first"};
  if (group.group_id.empty())
    return {client_errc::invalid_value, "send_offsets_to_transaction: the consumer group metadata has no group id"};
  protocol::txn_offset_commit_request req;
  req.transactional_id = id_;
  req.group_id = group.group_id;
  req.producer_id = producer_id_;
  req.producer_epoch = producer_epoch_;
  req.generation_id_or_member_epoch = group.generation_id;
  req.member_id = group.member_id;
  req.group_instance_id = group.group_instance_id;
  for (const auto& [tp, o] : offsets) {
    if (o.offset < 0)
      return {client_errc::invalid_value, "send_offsets_to_transaction: offset " + std::to_string(o.offset) + " for " +
                                              tp_name(tp) + " is negative"};
    if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.emplace_back().name = tp.topic;
    auto& p = req.topics.back().partitions.emplace_back();
    p.partition_index = tp.partition;
    p.committed_offset = o.offset;
    p.committed_leader_epoch = o.leader_epoch;
    p.committed_metadata = o.metadata;
  }
  step_out_ = false;
  if (version_ >= 2) {
    started_ = true;  // the group coordinator adds the offsets to the transaction itself
    step_ = offset_commit{std::move(req)};
  } else {
    add_offsets a;
    a.body.transactional_id = id_;
    a.body.producer_id = producer_id_;
    a.body.producer_epoch = producer_epoch_;
    a.body.group_id = group.group_id;
    pending_commit_ = std::move(req);
    step_ = std::move(a);
  }
  return {};
}

errors transaction_manager::begin_commit() {
  if (state_ == txn_state::fatal_error || state_ == txn_state::abortable_error) return {error_, detail_};
  if (state_ != txn_state::in_transaction)
    return {client_errc::invalid_value, "commit_transaction: no transaction is open (state " +
                                            std::string(to_string(state_)) + ")"};
  state_ = txn_state::committing;
  step_out_ = false;
  if (!started_) {  // nothing reached the coordinator: nothing to end
    state_ = txn_state::ready;
    step_ = std::monostate{};
    return {};
  }
  end_txn e;
  e.body.transactional_id = id_;
  e.body.producer_id = producer_id_;
  e.body.producer_epoch = producer_epoch_;
  e.body.committed = true;
  step_ = std::move(e);
  return {};
}

errors transaction_manager::begin_abort() {
  if (state_ == txn_state::fatal_error) return {error_, detail_};
  if (state_ != txn_state::in_transaction && state_ != txn_state::abortable_error && state_ != txn_state::aborting)
    return {client_errc::invalid_value, "abort_transaction: no transaction is open (state " +
                                            std::string(to_string(state_)) + ")"};
  state_ = txn_state::aborting;
  step_out_ = false;
  if (started_) {
    end_txn e;
    e.body.transactional_id = id_;
    e.body.producer_id = producer_id_;
    e.body.producer_epoch = producer_epoch_;
    e.body.committed = false;
    step_ = std::move(e);
  } else if (bump_needed_) {
    init_request r;
    r.body.transactional_id = id_;
    r.body.transaction_timeout_ms = static_cast<std::int32_t>(timeout_.count());
    r.body.producer_id = producer_id_;
    r.body.producer_epoch = producer_epoch_;
    step_ = std::move(r);
  } else {
    state_ = txn_state::ready;
    step_ = std::monostate{};
  }
  return {};
}

transaction_manager::request transaction_manager::next_request() {
  if (step_out_ || std::holds_alternative<std::monostate>(step_)) return std::monostate{};
  step_out_ = true;
  return step_;
}

// ---------------------------------------------------------------------------------------------
// Answers.

transaction_manager::outcome transaction_manager::fail(std::error_code ec, std::string detail) {
  const auto c = classify_txn_error(ec);
  step_ = std::monostate{};
  step_out_ = false;
  if (state_ == txn_state::fatal_error) return outcome::failed;  // the first fatal error stays
  error_ = ec;
  detail_ = "transactional.id " + id_ + ": " + std::move(detail) + advice(c, ec);
  // Before the producer has an id, every failure is fatal (Java's initTransactions).
  if (c == txn_error_class::fatal || state_ == txn_state::initializing || state_ == txn_state::uninitialized)
    state_ = txn_state::fatal_error;
  else
    state_ = txn_state::abortable_error;
  return outcome::failed;
}

transaction_manager::outcome transaction_manager::answer_error(std::error_code ec, std::string detail, const char* what) {
  if (classify_txn_error(ec) == txn_error_class::retriable) {
    step_out_ = false;  // the same request again
    return outcome::retry;
  }
  return fail(ec, std::string(what) + " " + detail);
}

transaction_manager::outcome transaction_manager::on_init(std::error_code ec, const std::string& detail,
                                                          const protocol::init_producer_id_response& r) {
  if (ec) return answer_error(ec, "failed: " + (detail.empty() ? ec.message() : detail), "InitProducerId");
  if (r.error_code != 0)
    return answer_error(static_cast<broker_errc>(r.error_code), "answered " + broker_text(r.error_code), "InitProducerId");
  if (r.producer_id < 0 || r.producer_epoch < 0)
    return fail(client_errc::invalid_value, "InitProducerId answered producer id " + std::to_string(r.producer_id) +
                                                " epoch " + std::to_string(r.producer_epoch) + " without an error");
  producer_id_ = r.producer_id;
  producer_epoch_ = r.producer_epoch;
  epoch_changed_ = true;
  bump_needed_ = false;
  reset_transaction();
  state_ = txn_state::ready;
  step_ = std::monostate{};
  step_out_ = false;
  return outcome::done;
}

transaction_manager::outcome transaction_manager::on_add_offsets(std::error_code ec, const std::string& detail,
                                                                 const protocol::add_offsets_to_txn_response& r) {
  if (ec) return answer_error(ec, "failed: " + (detail.empty() ? ec.message() : detail), "AddOffsetsToTxn");
  if (r.error_code != 0)
    return answer_error(static_cast<broker_errc>(r.error_code), "answered " + broker_text(r.error_code), "AddOffsetsToTxn");
  started_ = true;
  step_ = offset_commit{std::move(*pending_commit_)};
  pending_commit_.reset();
  step_out_ = false;
  return outcome::next;
}

transaction_manager::outcome transaction_manager::on_offset_commit(std::error_code ec, const std::string& detail,
                                                                   const protocol::txn_offset_commit_response& r) {
  if (ec) return answer_error(ec, "failed: " + (detail.empty() ? ec.message() : detail), "TxnOffsetCommit");
  // The worst partition error decides: fatal over abortable over retriable.
  std::error_code worst;
  std::string where;
  for (const auto& t : r.topics)
    for (const auto& p : t.partitions) {
      if (p.error_code == 0) continue;
      const std::error_code e = static_cast<broker_errc>(p.error_code);
      if (!worst || classify_txn_error(e) > classify_txn_error(worst)) {
        worst = e;
        where = t.name + "-" + std::to_string(p.partition_index) + ": " + broker_text(p.error_code);
      }
    }
  if (worst) return answer_error(worst, "answered " + where, "TxnOffsetCommit");
  step_ = std::monostate{};
  step_out_ = false;
  return outcome::done;
}

transaction_manager::outcome transaction_manager::on_end_txn(std::error_code ec, const std::string& detail,
                                                             const protocol::end_txn_response& r) {
  const char* what = state_ == txn_state::committing ? "EndTxn (commit)" : "EndTxn (abort)";
  if (ec) return answer_error(ec, "failed: " + (detail.empty() ? ec.message() : detail), what);
  if (r.error_code != 0) return answer_error(static_cast<broker_errc>(r.error_code), "answered " + broker_text(r.error_code), what);
  if (version_ >= 2 && r.producer_id >= 0 && r.producer_epoch >= 0) {
    // KIP-890: the coordinator moved the epoch on; the next transaction uses it.
    producer_id_ = r.producer_id;
    producer_epoch_ = r.producer_epoch;
    epoch_changed_ = true;
    bump_needed_ = false;
  }
  if (bump_needed_) {  // v1, after a sequence gap: KIP-360's bump before the next transaction
    init_request i;
    i.body.transactional_id = id_;
    i.body.transaction_timeout_ms = static_cast<std::int32_t>(timeout_.count());
    i.body.producer_id = producer_id_;
    i.body.producer_epoch = producer_epoch_;
    started_ = false;
    step_ = std::move(i);
    step_out_ = false;
    return outcome::next;
  }
  reset_transaction();
  state_ = txn_state::ready;
  step_ = std::monostate{};
  step_out_ = false;
  return outcome::done;
}

// ---------------------------------------------------------------------------------------------
// Partitions.

bool transaction_manager::may_send(const std::string& topic, std::int32_t partition) const {
  if (state_ != txn_state::in_transaction && state_ != txn_state::committing) return false;
  return version_ >= 2 || added_.contains(topic_partition{topic, partition});
}

void transaction_manager::need_partition(const std::string& topic, std::int32_t partition) {
  if (version_ >= 2 || state_ != txn_state::in_transaction) return;
  topic_partition tp{topic, partition};
  if (added_.contains(tp) || adding_.contains(tp)) return;
  waiting_.insert(std::move(tp));
}

std::optional<protocol::add_partitions_to_txn_request> transaction_manager::next_add_partitions() {
  if (version_ >= 2 || waiting_.empty() || !adding_.empty()) return std::nullopt;
  if (state_ != txn_state::in_transaction && state_ != txn_state::committing) return std::nullopt;
  protocol::add_partitions_to_txn_request req;
  req.v3_and_below_transactional_id = id_;
  req.v3_and_below_producer_id = producer_id_;
  req.v3_and_below_producer_epoch = producer_epoch_;
  for (const auto& tp : waiting_) {
    if (req.v3_and_below_topics.empty() || req.v3_and_below_topics.back().name != tp.topic)
      req.v3_and_below_topics.emplace_back().name = tp.topic;
    req.v3_and_below_topics.back().partitions.push_back(tp.partition);
  }
  adding_ = std::exchange(waiting_, {});
  return req;
}

transaction_manager::outcome transaction_manager::on_add_partitions(std::error_code ec, const std::string& detail,
                                                                    const protocol::add_partitions_to_txn_response& r) {
  auto back_to_waiting = [this] { waiting_.merge(adding_); adding_.clear(); };
  if (state_ != txn_state::in_transaction && state_ != txn_state::committing) {
    adding_.clear();  // the transaction failed meanwhile: the answer changes nothing
    return outcome::done;
  }
  if (ec) {
    back_to_waiting();
    if (classify_txn_error(ec) == txn_error_class::retriable) return outcome::retry;
    return fail(ec, "AddPartitionsToTxn failed: " + (detail.empty() ? ec.message() : detail));
  }
  std::error_code worst;
  std::string where;
  for (const auto& t : r.results_by_topic_v3_and_below)
    for (const auto& p : t.results_by_partition) {
      if (p.partition_error_code == 0) continue;
      const std::error_code e = static_cast<broker_errc>(p.partition_error_code);
      if (e == broker_errc::operation_not_attempted) continue;  // another partition's error stopped it
      if (!worst || classify_txn_error(e) > classify_txn_error(worst)) {
        worst = e;
        where = t.name + "-" + std::to_string(p.partition_index) + ": " + broker_text(p.partition_error_code);
      }
    }
  if (!worst && r.results_by_topic_v3_and_below.empty() && !adding_.empty())
    worst = client_errc::invalid_value, where = "no result for the partitions asked for";
  if (worst) {
    back_to_waiting();
    if (classify_txn_error(worst) == txn_error_class::retriable) return outcome::retry;
    return fail(worst, "AddPartitionsToTxn answered " + where);
  }
  added_.merge(adding_);
  adding_.clear();
  started_ = true;
  return outcome::done;
}

void transaction_manager::on_batch_failed(std::error_code ec, const std::string& detail) {
  if (state_ != txn_state::in_transaction && state_ != txn_state::committing && state_ != txn_state::aborting &&
      state_ != txn_state::abortable_error)
    return;
  if (state_ == txn_state::aborting && classify_txn_error(ec) != txn_error_class::fatal) return;  // expected
  const bool fatal = classify_txn_error(ec) == txn_error_class::fatal && ec != broker_errc::invalid_producer_epoch &&
                     ec != broker_errc::invalid_txn_state;
  // A Produce answered INVALID_PRODUCER_EPOCH (KIP-588) is abortable: the epoch was bumped by a
  // timeout abort; abort_transaction finds out whether the producer is really fenced.
  if (fatal) {
    step_ = std::monostate{};
    error_ = ec;
    detail_ = "transactional.id " + id_ + ": a batch failed: " + detail + advice(txn_error_class::fatal, ec);
    state_ = txn_state::fatal_error;
    return;
  }
  if (state_ == txn_state::abortable_error) return;  // the first error stays
  error_ = ec;
  detail_ = "transactional.id " + id_ + ": a batch failed: " + detail + advice(txn_error_class::abortable, ec);
  state_ = txn_state::abortable_error;
}

void transaction_manager::reset_transaction() {
  added_.clear();
  waiting_.clear();
  adding_.clear();
  started_ = false;
  pending_commit_.reset();
}

}  // namespace kwire::client
