#pragma once
// The asynchronous producer (issue #7): records go straight into per-partition batches in wire
// format (client/accumulator.hpp); a sender on the producer's strand drains the batches that are
// ready for a broker into one Produce request, pipelined over net::cluster's connection to it.
//
//   auto p = client::producer::create(ioc.get_executor(), cfg);
//   kwire::error_info diag;  // lives until the handler has run
//   p->async_send({.topic = "orders", .value = kwire::as_bytes("hello")}, diag,
//                 [&diag](std::error_code ec, kwire::record_metadata md) { ... diag.message() ... md.offset ... });
//   p->async_flush([](std::error_code) {});
//   p->async_close(std::chrono::seconds(10), [](std::error_code) {});
//
// Any Asio completion token works (callbacks, use_future, use_awaitable, deferred). A callback
// runs on the producer's strand and must not throw; it may send again. Each record's handler is
// stored type-erased with its batch; a small callback costs no allocation. The record's bytes
// are copied before async_send returns (with `deferred`: before the operation is launched).
//
// Behaviour (the Java producer's, see docs/producer.md for the differences):
// - The first record for a topic fetches its metadata (Metadata with allow_auto_topic_creation,
//   so a broker with auto.create.topics.enable creates it); records for it wait up to
//   max.block.ms, then fail with UNKNOWN_TOPIC_OR_PARTITION and the reason. TOPIC_AUTHORIZATION
//   _FAILED fails them at once.
// - buffer.memory exhausted (client/producer/memory_gate.hpp): records wait (in order) up to
//   max.block.ms for memory, then fail; the copies that wait are bounded by buffer.memory too,
//   and a send that would copy past it completes at once with client_errc::timed_out, naming
//   the memory held. blocking_producer::send waits in the caller's thread instead.
// - A record too large for max.request.size or buffer.memory fails at once (MESSAGE_TOO_LARGE).
// - Retriable errors (NOT_LEADER_OR_FOLLOWER, timeouts, lost connections, ...) put the batch
//   back at the front of its partition (order kept), the partition's metadata is refreshed;
//   retries and delivery.timeout.ms bound this. Other errors fail the batch's records with the
//   broker's error and message.
// - enable.idempotence: InitProducerId before the first Produce; sequence numbers per partition;
//   DUPLICATE_SEQUENCE_NUMBER counts as success; OUT_OF_ORDER_SEQUENCE_NUMBER (when no earlier
//   batch of the partition is still being retried) and UNKNOWN_PRODUCER_ID bump the epoch
//   (KIP-360: InitProducerId with the current id and epoch, once nothing is in flight) and
//   renumber the queued batches.
// - acks=0: the request is written without waiting for an answer; records complete with
//   offset -1.
// - flush: completes once every record accepted so far has completed (also with records sent
//   meanwhile: it waits until nothing is outstanding). close(timeout): flush, then fail what is
//   left at the timeout, then close the connections.
// - transactional.id (docs/transactions.md): async_init_transactions once, then per transaction
//   async_begin_transaction, sends, async_send_offsets_to_transaction (consume-transform-
//   produce), async_commit_transaction (flushes first) or async_abort_transaction (fails what
//   was not sent with client_errc::transaction_aborted). Records are refused outside a
//   transaction. Errors are fatal (close the producer), abortable (abort and carry on) or
//   retried inside, as client/producer/transactions.hpp sorts them. One transaction call at a
//   time; each is bounded by max.block.ms.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <kwire/producer/accumulator.hpp>
#include <kwire/producer/memory_gate.hpp>
#include <kwire/producer/partitioner.hpp>
#include <kwire/producer/produce_request.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/producer/producer_handler.hpp>
#include <kwire/producer/producer_record.hpp>
#include <kwire/producer/serializer.hpp>
#include <kwire/producer/transactions.hpp>
#include <kwire/error.hpp>
#include <kwire/group_metadata.hpp>
#include <kwire/net/cluster.hpp>

namespace kwire::client {

struct producer_stats {
  std::uint64_t records_sent = 0;     // acknowledged (or written, with acks=0)
  std::uint64_t records_failed = 0;
  std::uint64_t bytes_sent = 0;       // record batch bytes of acknowledged batches
  std::uint64_t requests = 0;         // Produce requests made
  std::uint64_t retries = 0;          // batches put back for another attempt
  std::uint64_t epoch_bumps = 0;      // KIP-360 epoch bumps
  std::uint64_t splits = 0;           // batches split in two after MESSAGE_TOO_LARGE
};

class producer : public std::enable_shared_from_this<producer> {
 public:
  using executor_type = net::cluster::executor_type;
  using done_handler = boost::asio::any_completion_handler<void(std::error_code)>;

  static std::shared_ptr<producer> create(boost::asio::any_io_executor executor, producer_config config);
  // Java-named properties (see producer_config.hpp); null with `error` set when they are wrong.
  static std::shared_ptr<producer> create(boost::asio::any_io_executor executor, const properties& props,
                                          config_result& error);
  ~producer();
  producer(const producer&) = delete;
  producer& operator=(const producer&) = delete;

  // void(std::error_code, record_metadata).
  template <class Token>
  auto async_send(const record& r, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code, record_metadata)>(
        [this](auto handler, const record& r) { submit(r, detail::record_handler::wrap(std::move(handler), strand_)); },
        token, r);
  }
  // The same, with the failure's detail text written into `info` before the handler runs
  // (cleared on success), as every asynchronous call of kwire reports it (docs/errors.md).
  // One error_info per send: it must outlive this record's operation.
  template <class Token>
  auto async_send(const record& r, error_info& info, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code, record_metadata)>(
        [this](auto handler, const record& r, error_info* info) {
          submit(r, detail::record_handler::wrap(std::move(handler), strand_, *info));
        },
        token, r, &info);
  }
  // A callback, for the common case: producer->send(r, [](std::error_code ec, record_metadata md) {...}).
  template <class Callback>
  void send(const record& r, Callback&& cb) {
    async_send(r, std::forward<Callback>(cb));
  }

  // void(std::error_code): once nothing sent before it is outstanding.
  template <class Token>
  auto async_flush(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler) { flush(done_handler(std::move(handler))); }, token);
  }

  // void(std::error_code): flushes for up to `timeout`, fails what is left (client_errc::timed_out
  // in the record's error), closes the connections. Later sends fail at once.
  template <class Token>
  auto async_close(std::chrono::milliseconds timeout, Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [this, timeout](auto handler) { close(timeout, done_handler(std::move(handler))); }, token);
  }

  // ---- transactions (transactional.id) ----
  // Each completes with void(std::error_code); the text saying what went wrong goes to the
  // error_info passed before the token (it must outlive the call). See docs/transactions.md.
  // InitProducerId for the transactional id (fences older producers of it, aborts what they
  // left open); picks transactions v1 or v2 from the cluster's transaction.version feature.
  template <class Token>
  auto async_init_transactions(error_info& diag, Token&& token) {
    return initiate_txn(&diag, std::forward<Token>(token), [](producer& p, txn_handler h) { p.init_transactions(std::move(h)); });
  }
  template <class Token>
  auto async_begin_transaction(error_info& diag, Token&& token) {
    return initiate_txn(&diag, std::forward<Token>(token), [](producer& p, txn_handler h) { p.begin_transaction(std::move(h)); });
  }
  // The consumer's offsets (the next record to read per partition) commit with the
  // transaction; `group` is the consumer's group_metadata() (KIP-447).
  template <class Token>
  auto async_send_offsets_to_transaction(offsets_to_commit offsets, consumer_group_metadata group, error_info& diag,
                                         Token&& token) {
    return initiate_txn(&diag, std::forward<Token>(token),
                        [offsets = std::move(offsets), group = std::move(group)](producer& p, txn_handler h) mutable {
                          p.send_offsets_to_transaction(std::move(offsets), std::move(group), std::move(h));
                        });
  }
  template <class Token>
  auto async_commit_transaction(error_info& diag, Token&& token) {
    return initiate_txn(&diag, std::forward<Token>(token), [](producer& p, txn_handler h) { p.end_transaction(true, std::move(h)); });
  }
  template <class Token>
  auto async_abort_transaction(error_info& diag, Token&& token) {
    return initiate_txn(&diag, std::forward<Token>(token), [](producer& p, txn_handler h) { p.end_transaction(false, std::move(h)); });
  }
  // The transaction's state and version (1 or 2, 0 before init), from the strand only.
  txn_state transaction_state() const { return txn_ ? txn_->state() : txn_state::uninitialized; }
  int transaction_version() const { return txn_ && txn_->state() != txn_state::uninitialized ? txn_->version() : 0; }

  executor_type get_executor() const { return strand_; }
  net::cluster& cluster() { return *cluster_; }
  const producer_config& config() const { return cfg_; }
  producer_stats stats() const;  // from the strand only

  // Blocks the calling thread (never the producer's strand) until `r` fits in buffer.memory,
  // up to max.block.ms; false with `why` set when it did not. blocking_producer::send's wait.
  bool wait_for_buffer(const record& r, std::string& why);

 private:
  struct waiting_record {
    owned_record rec;
    detail::record_handler handler;
    std::int64_t timestamp = -1;
    clock::time_point deadline;  // max.block.ms after the send
    memory_gate::ticket copy;    // the copy's bytes, counted against buffer.memory
  };
  struct topic_state {
    std::int32_t partitions = 0;  // 0: metadata not known yet
    protocol::uuid id;
    std::vector<std::int32_t> available;  // partitions with a leader
    std::vector<std::int32_t> leaders;    // by partition; -1: none known
    std::deque<waiting_record> waiting;   // records that came before the metadata
    bool fetching = false;
    clock::time_point next_fetch{};
    std::error_code last_error;
    std::string last_detail;
  };
  enum class append_status { appended, blocked, failed };

  producer(boost::asio::any_io_executor executor, producer_config config);
  void start();

  // Transactions (producer_transactions.cpp): internal operations complete with (ec, detail).
  using txn_handler = boost::asio::any_completion_handler<void(std::error_code, std::string)>;
  template <class Token, class Op>
  auto initiate_txn(error_info* diag, Token&& token, Op op) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [self = shared_from_this(), diag, op = std::move(op)](auto h) mutable {
          auto ex = boost::asio::get_associated_executor(h, self->strand_);
          op(*self, txn_handler(boost::asio::bind_executor(ex, [diag, h = std::move(h)](std::error_code ec, std::string detail) mutable {
            if (diag) *diag = error_info{ec, ec ? std::move(detail) : std::string()};
            std::move(h)(ec);
          })));
        },
        token);
  }
  void init_transactions(txn_handler h);
  void begin_transaction(txn_handler h);
  void send_offsets_to_transaction(offsets_to_commit offsets, consumer_group_metadata group, txn_handler h);
  void end_transaction(bool commit, txn_handler h);
  bool start_txn_op(const char* name, txn_handler& h);  // false: refused (h completed)
  void after_txn_backoff(std::function<void()> fn);
  void choose_txn_version();
  void txn_begin_step(std::pair<std::error_code, std::string> refused);
  void drive_txn();
  void on_txn_outcome(transaction_manager::outcome o);
  void finish_txn_op(std::error_code ec, std::string detail);
  void adopt_txn_epoch();
  void add_txn_partitions();
  void fail_unsent_for_txn();

  void submit(const record& r, detail::record_handler h);
  std::error_code refusal(const record& r, std::string& why) const;  // why `r` cannot be sent at all
  void send_now(const record& r, detail::record_handler& h, std::int64_t timestamp, clock::time_point deadline,
                memory_gate::ticket* copied = nullptr);
  static std::int64_t copy_size(const record& r);
  std::string no_room(const record& r) const;  // why an asynchronous send found no room
  bool keep_copy(std::deque<waiting_record>& queue, const record& r, detail::record_handler& h, std::int64_t timestamp,
                 clock::time_point deadline, memory_gate::ticket* copied);
  append_status try_append(topic_state& t, const record& r, std::int64_t timestamp, detail::record_handler& h);
  void fail_now(detail::record_handler h, std::string_view topic, std::int32_t partition, std::int64_t timestamp,
                std::error_code ec, std::string detail);
  void fail_waiting(waiting_record& w, std::error_code ec, std::string detail);
  void retry_blocked();
  void expire_waiting(clock::time_point now);
  void expire_topic(const std::string& name, topic_state& t, clock::time_point now);

  void fetch_topic(const std::string& name);
  void on_topic_answer(const std::string& name, std::error_code ec, const net::reply<protocol::metadata_response>& r);
  void on_topic_metadata(const std::string& name, std::error_code ec, const std::string& detail);
  void learn_topic(const std::string& name, topic_state& t);
  void update_topics(const net::metadata_view& view);
  void admit_waiting(topic_state& t);

  void schedule_send();
  void arm_timer(clock::time_point at);
  void run_sender();
  void expire_batches(clock::time_point now);
  std::optional<std::int32_t> leader(std::string_view topic, std::int32_t partition) const;
  void drain_ready(clock::time_point now);
  void update_partition_load();
  void send_produce(std::int32_t node, std::vector<producer_batch*> batches);
  void on_produce(std::int32_t node, const std::vector<producer_batch*>& batches,
                  const std::vector<batch_input>& inputs, std::error_code ec,
                  net::reply<protocol::produce_response> r);
  void apply_outcome(producer_batch* b, const batch_outcome& o, clock::time_point now);
  void split_too_large(producer_batch* b, const batch_outcome& o, clock::time_point now);
  void retry_or_fail(producer_batch* b, std::error_code ec, const std::string& detail, clock::time_point now);
  void complete_batch(producer_batch* b, std::int64_t base_offset, std::int64_t log_append_time);
  void fail_batch(producer_batch* b, std::error_code ec, const std::string& detail);
  void settle_batch(producer_batch* b, std::error_code ec, const std::string& detail, std::int64_t base_offset,
                    std::int64_t log_append_time);

  void request_producer_id(clock::time_point now);
  void on_producer_id(std::error_code ec, net::reply<protocol::init_producer_id_response> r);

  void flush(done_handler h);
  void complete_done(done_handler h, std::error_code ec);
  void close(std::chrono::milliseconds timeout, done_handler h);
  void record_done(std::size_t n);
  void abort_all(std::error_code ec, const std::string& why);
  void finish_close();

  producer_config cfg_;
  std::shared_ptr<net::cluster> cluster_;
  executor_type strand_;
  accumulator acc_;
  memory_gate gate_;  // buffer.memory over batches and waiting copies
  partitioner partitioner_;
  boost::asio::steady_timer timer_;
  clock::time_point timer_at_{};
  bool timer_armed_ = false;
  std::uint64_t timer_generation_ = 0;
  bool send_posted_ = false;

  // Bootstrap.
  bool started_ = false;
  bool starting_ = false;
  clock::time_point next_start_{};
  std::string start_error_;
  std::string start_error_logged_;  // the last bootstrap failure told to the log hook (once per cause)

  std::map<std::string, topic_state, std::less<>> topics_;
  std::deque<waiting_record> blocked_;  // waiting for buffer.memory, in send order
  std::shared_ptr<const net::metadata_view> view_;
  std::map<std::int32_t, int> in_flight_;  // node → Produce requests out
  // KIP-794's availability: per leader, when it last had batches ready and when it could last
  // take a request for them (partitioner.availability.timeout.ms compares the two).
  struct node_latency {
    clock::time_point ready{};
    clock::time_point drained{};
  };
  std::map<std::int32_t, node_latency> node_latency_;
  std::vector<partition_load> load_;  // scratch for update_partition_load
  int total_in_flight_ = 0;
  std::size_t outstanding_ = 0;  // records accepted and not completed

  idempotence idem_;  // used when enable.idempotence

  // transactional.id: the state machine, the user's call under way and its deadline.
  std::optional<transaction_manager> txn_;
  std::unique_ptr<txn_handler> txn_op_;  // (Boost 1.81's any_completion_handler move assignment recursed)
  const char* txn_op_name_ = "";
  clock::time_point txn_deadline_{};
  bool txn_adding_ = false;  // an AddPartitionsToTxn is out

  // A producer-wide failure (e.g. InitProducerId refused for good): every record fails with it.
  std::error_code fatal_;
  std::string fatal_detail_;

  std::vector<done_handler> flush_waiters_;
  bool closing_ = false;
  bool aborted_ = false;
  bool cluster_closing_ = false;
  clock::time_point close_deadline_{};
  std::chrono::milliseconds close_timeout_{0};
  std::vector<done_handler> close_waiters_;
  producer_stats stats_;
};

// producer.send("topic", key, value) with serializers for the key and value types.
template <class KeySerializer = string_serializer, class ValueSerializer = string_serializer>
class typed_producer {
 public:
  explicit typed_producer(std::shared_ptr<producer> p, KeySerializer ks = {}, ValueSerializer vs = {})
      : p_(std::move(p)), key_(std::move(ks)), value_(std::move(vs)) {}

  template <class K, class V, class Token>
  auto async_send(std::string_view topic, const K& key, const V& value, Token&& token,
                  std::span<const header> headers = {}) {
    const auto k = key_(key);  // owning results live until async_send has copied them
    const auto v = value_(value);
    record r;
    r.topic = topic;
    r.key = serialized_bytes(k);
    r.value = serialized_bytes(v);
    r.headers = headers;
    return p_->async_send(r, std::forward<Token>(token));
  }
  // A record without a key.
  template <class V, class Token>
  auto async_send_value(std::string_view topic, const V& value, Token&& token) {
    const auto v = value_(value);
    record r;
    r.topic = topic;
    r.value = serialized_bytes(v);
    return p_->async_send(r, std::forward<Token>(token));
  }
  producer& get() { return *p_; }

 private:
  std::shared_ptr<producer> p_;
  KeySerializer key_;
  ValueSerializer value_;
};

}  // namespace kwire::client

namespace kwire {
using client::parse_producer_config;
using client::producer;
using client::producer_config;
using client::typed_producer;
using client::txn_state;
}  // namespace kwire
