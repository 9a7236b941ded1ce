// The producer's transactions (transactional.id): drives client/producer/transactions.hpp's
// state machine over the cluster. Requests go to the transactional id's coordinator (the
// cluster finds it with FindCoordinator key type 1 and re-resolves it on NOT_COORDINATOR),
// TxnOffsetCommit to the group's. The sender (producer_sender.cpp) asks add_txn_partitions()
// for v1's AddPartitionsToTxn and sends a partition's batches only once it is added.

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <kwire/producer/producer.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::client {

namespace asio = boost::asio;

namespace {

net::coordinator txn_coordinator(const std::string& id) { return {net::coordinator_type::transaction, id}; }

net::request_options pinned(std::optional<std::int16_t> version) {
  net::request_options o;
  o.version = version;
  return o;
}

}  // namespace

bool producer::start_txn_op(const char* name, txn_handler& h) {
  std::string why;
  if (!txn_)
    why = std::string(name) + ": the producer has no transactional.id";
  else if (closing_)
    why = std::string(name) + ": the producer is closed";
  else if (txn_op_)
    why = std::string(name) + ": " + txn_op_name_ + " is still under way (one transaction call at a time)";
  if (!why.empty()) {
    auto ex = asio::get_associated_executor(h, strand_);
    asio::post(strand_, asio::bind_executor(ex, [h = std::move(h), why = std::move(why)]() mutable {
      std::move(h)(client_errc::invalid_value, std::move(why));
    }));
    return false;
  }
  txn_op_ = std::make_unique<txn_handler>(std::move(h));
  txn_op_name_ = name;
  txn_deadline_ = clock::now() + cfg_.max_block;
  return true;
}

void producer::finish_txn_op(std::error_code ec, std::string detail) {
  if (!txn_op_) return;
  auto h = std::move(*txn_op_);
  txn_op_.reset();
  auto ex = asio::get_associated_executor(h, strand_);
  asio::post(strand_, asio::bind_executor(ex, [h = std::move(h), ec, detail = std::move(detail)]() mutable {
    std::move(h)(ec, std::move(detail));
  }));
}

void producer::after_txn_backoff(std::function<void()> fn) {
  if (clock::now() + cfg_.cluster.retry_backoff >= txn_deadline_) {
    std::string why = std::string(txn_op_name_) + " did not complete within max.block.ms (" +
                      std::to_string(cfg_.max_block.count()) + " ms)";
    if (!start_error_.empty()) why += ": " + start_error_;
    else if (txn_ && !txn_->detail().empty() && txn_->error()) why += "; last error: " + txn_->detail();
    return finish_txn_op(client_errc::timed_out, std::move(why));
  }
  auto timer = std::make_shared<asio::steady_timer>(strand_, cfg_.cluster.retry_backoff);
  timer->async_wait([self = shared_from_this(), timer, fn = std::move(fn)](boost::system::error_code) { fn(); });
}

// ---------------------------------------------------------------------------------------------
// The user's calls (posted to the strand).

void producer::init_transactions(txn_handler h) {
  asio::post(strand_, [self = shared_from_this(), h = std::move(h)]() mutable {
    if (!self->start_txn_op("init_transactions", h)) return;
    self->choose_txn_version();
  });
}

void producer::choose_txn_version() {
  if (!started_) {  // the bootstrap first (retried by the producer until it works)
    start();
    return after_txn_backoff([self = shared_from_this()] { self->choose_txn_version(); });
  }
  // The cluster's finalized features come with ApiVersions v3+ (KIP-584), which refuses an
  // empty client software name (INVALID_REQUEST, no features): send the connection's own.
  protocol::api_versions_request req;
  req.client_software_name = cfg_.cluster.connection.software_name;
  req.client_software_version = cfg_.cluster.connection.software_version;
  cluster_->async_request(net::any_broker{}, std::move(req),
                          [self = shared_from_this()](std::error_code ec, net::reply<protocol::api_versions_response> r) {
                            if (!ec && r.body.error_code != 0) ec = static_cast<broker_errc>(r.body.error_code);
                            if (ec) return self->after_txn_backoff([self] { self->choose_txn_version(); });
                            self->txn_->set_version(client::transaction_version(r.body));
                            if (auto& log = self->cfg_.cluster.connection.log)
                              log(net::log_level::info, "producer: transactional.id " + self->txn_->transactional_id() +
                                                            " uses transactions v" + std::to_string(self->txn_->version()) +
                                                            (self->txn_->version() >= 2 ? " (KIP-890: transaction.version >= 2)"
                                                                                        : " (AddPartitionsToTxn per partition)"));
                            self->txn_begin_step(self->txn_->begin_init());
                          });
}

void producer::begin_transaction(txn_handler h) {
  asio::post(strand_, [self = shared_from_this(), h = std::move(h)]() mutable {
    if (!self->start_txn_op("begin_transaction", h)) return;
    auto [ec, why] = self->txn_->begin_transaction();
    self->finish_txn_op(ec, std::move(why));
  });
}

void producer::send_offsets_to_transaction(offsets_to_commit offsets, consumer_group_metadata group, txn_handler h) {
  asio::post(strand_, [self = shared_from_this(), offsets = std::move(offsets), group = std::move(group),
                       h = std::move(h)]() mutable {
    if (!self->start_txn_op("send_offsets_to_transaction", h)) return;
    self->txn_begin_step(self->txn_->begin_send_offsets(offsets, group));
  });
}

void producer::end_transaction(bool commit, txn_handler h) {
  asio::post(strand_, [self = shared_from_this(), commit, h = std::move(h)]() mutable {
    if (!self->start_txn_op(commit ? "commit_transaction" : "abort_transaction", h)) return;
    const auto state = self->txn_->state();
    if (state == txn_state::fatal_error) return self->finish_txn_op(self->txn_->error(), self->txn_->detail());
    if (!commit && state != txn_state::uninitialized && state != txn_state::ready)
      self->fail_unsent_for_txn();  // abort: what did not leave never will
    // Commit: everything sent so far is acknowledged first (a failure makes the transaction
    // abortable and the commit fails). Abort: what is in flight is waited for.
    self->flush([self, commit](std::error_code) {
      auto r = commit ? self->txn_->begin_commit() : self->txn_->begin_abort();
      self->txn_begin_step(std::move(r));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Driving the steps.

void producer::txn_begin_step(std::pair<std::error_code, std::string> refused) {
  if (refused.first) return finish_txn_op(refused.first, std::move(refused.second));
  drive_txn();
}

void producer::drive_txn() {
  auto req = txn_->next_request();
  auto self = shared_from_this();
  const auto& id = txn_->transactional_id();
  const int v = txn_->version();
  if (std::holds_alternative<std::monostate>(req)) return on_txn_outcome(transaction_manager::outcome::done);
  if (auto* r = std::get_if<transaction_manager::init_request>(&req))
    return cluster_->async_request(txn_coordinator(id), std::move(r->body),
                                   [self](std::error_code ec, net::reply<protocol::init_producer_id_response> a) {
                                     self->on_txn_outcome(self->txn_->on_init(ec, a.detail, a.body));
                                   });
  if (auto* r = std::get_if<transaction_manager::add_offsets>(&req))
    return cluster_->async_request(txn_coordinator(id), std::move(r->body),
                                   [self](std::error_code ec, net::reply<protocol::add_offsets_to_txn_response> a) {
                                     self->on_txn_outcome(self->txn_->on_add_offsets(ec, a.detail, a.body));
                                   });
  if (auto* r = std::get_if<transaction_manager::offset_commit>(&req)) {
    net::coordinator group{net::coordinator_type::group, r->body.group_id};
    return cluster_->async_request(
        group, std::move(r->body),
        [self, key = group.key](std::error_code ec, net::reply<protocol::txn_offset_commit_response> a) {
          auto o = self->txn_->on_offset_commit(ec, a.detail, a.body);
          if (o == transaction_manager::outcome::retry)  // a partition may have named NOT_COORDINATOR
            self->cluster_->invalidate_coordinator(net::coordinator_type::group, key);
          self->on_txn_outcome(o);
        },
        pinned(txn_versions::txn_offset_commit(v)));
  }
  auto& e = std::get<transaction_manager::end_txn>(req);
  cluster_->async_request(txn_coordinator(id), std::move(e.body),
                          [self](std::error_code ec, net::reply<protocol::end_txn_response> a) {
                            self->on_txn_outcome(self->txn_->on_end_txn(ec, a.detail, a.body));
                          },
                          pinned(txn_versions::end_txn(v)));
}

void producer::on_txn_outcome(transaction_manager::outcome o) {
  adopt_txn_epoch();
  switch (o) {
    case transaction_manager::outcome::next:
      return drive_txn();
    case transaction_manager::outcome::retry:
      return after_txn_backoff([self = shared_from_this()] { self->drive_txn(); });
    case transaction_manager::outcome::failed:
      fail_unsent_for_txn();
      return finish_txn_op(txn_->error(), txn_->detail());
    case transaction_manager::outcome::done:
      finish_txn_op({}, {});
      schedule_send();
      return;
  }
}

void producer::adopt_txn_epoch() {
  // A new id or epoch (init, KIP-360 bump, v2 EndTxn): every partition restarts at sequence 0.
  if (txn_->take_epoch_changed()) idem_.adopt(txn_->producer_id(), txn_->producer_epoch());
}

// The sender's part: v1's AddPartitionsToTxn for partitions with batches waiting.
void producer::add_txn_partitions() {
  if (txn_adding_) return;
  auto req = txn_->next_add_partitions();
  if (!req) return;
  txn_adding_ = true;
  cluster_->async_request(
      txn_coordinator(txn_->transactional_id()), std::move(*req),
      [self = shared_from_this()](std::error_code ec, net::reply<protocol::add_partitions_to_txn_response> a) {
        self->txn_adding_ = false;
        switch (self->txn_->on_add_partitions(ec, a.detail, a.body)) {
          case transaction_manager::outcome::retry: {
            auto timer = std::make_shared<asio::steady_timer>(self->strand_, self->cfg_.cluster.retry_backoff);
            timer->async_wait([self, timer](boost::system::error_code) { self->schedule_send(); });
            return;
          }
          case transaction_manager::outcome::failed:
            self->fail_unsent_for_txn();
            break;
          default:
            break;
        }
        self->schedule_send();
      },
      pinned(txn_versions::add_partitions));
}

// Records not yet sent fail: at abort_transaction, or when the transaction went abortable or
// fatal (they could only be aborted).
void producer::fail_unsent_for_txn() {
  const auto state = txn_->state();
  if (state == txn_state::abortable_error || state == txn_state::fatal_error)
    return abort_all(txn_->error(), txn_->detail() + " (record not sent)");
  abort_all(client_errc::transaction_aborted, "transactional.id " + txn_->transactional_id() +
                                                  ": the transaction was aborted before the record was sent");
}

}  // namespace kwire::client
