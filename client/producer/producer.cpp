// The producer's record path: a record is checked, waits for its topic's metadata or for
// buffer.memory if it must (in send order), and is appended to its partition's batch. The
// sender is in producer_sender.cpp; bootstrap, metadata, idempotence, flush and close in
// producer_control.cpp.

#include <kwire/producer/producer.hpp>
#include <kwire/producer/wire_record.hpp>

#include <algorithm>
#include <boost/asio/post.hpp>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace asio = boost::asio;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

accumulator_config accumulator_settings(const producer_config& c) {
  accumulator_config a;
  a.batch_size = c.batch_size;
  a.buffer_memory = c.buffer_memory;
  a.max_request_size = c.max_request_size;
  a.linger = c.linger;
  a.retry_backoff = c.cluster.retry_backoff;
  a.delivery_timeout = c.delivery_timeout;
  a.codec = c.compression;
  a.compression_level = c.compression_level;
  a.idempotent = c.enable_idempotence;
  a.transactional = c.transactional_id.has_value();
  // As Java: up to max.in.flight.requests.per.connection batches of a partition out at once.
  // Idempotent batches stay in order through their sequence numbers; without idempotence a
  // retried batch may land after a later one unless the user sets max.in.flight=1 (Java's rule).
  a.max_in_flight_per_partition = std::max(1, c.cluster.connection.max_in_flight);
  return a;
}

}  // namespace

std::shared_ptr<producer> producer::create(asio::any_io_executor executor, producer_config config) {
  auto p = std::shared_ptr<producer>(new producer(std::move(executor), std::move(config)));
  asio::post(p->strand_, [p] { p->start(); });
  return p;
}

std::shared_ptr<producer> producer::create(asio::any_io_executor executor, const properties& props,
                                           config_result& error) {
  producer_config cfg;
  error = parse_producer_config(props, cfg);
  if (!error) return nullptr;
  return create(std::move(executor), std::move(cfg));
}

producer::producer(asio::any_io_executor executor, producer_config config)
    : cfg_(std::move(config)),
      cluster_(net::cluster::create(std::move(executor), cfg_.cluster)),
      strand_(cluster_->get_executor()),
      acc_(accumulator_settings(cfg_)),
      gate_(cfg_.buffer_memory),
      partitioner_(partitioner_options{cfg_.partitioner, cfg_.batch_size, cfg_.partitioner_ignore_keys}),
      timer_(strand_),
      idem_(cfg_.cluster.retry_backoff) {
  if (cfg_.transactional_id) txn_.emplace(*cfg_.transactional_id, cfg_.transaction_timeout);
}

producer::~producer() = default;

producer_stats producer::stats() const { return stats_; }

// ---------------------------------------------------------------------------------------------
// Sending a record.

void producer::submit(const record& r, detail::record_handler h) {
  const std::int64_t ts = r.timestamp ? *r.timestamp : now_ms();
  const auto deadline = clock::now() + cfg_.max_block;
  if (strand_.running_in_this_thread()) return send_now(r, h, ts, deadline);
  // From another thread: the bytes are copied now (within buffer.memory), appended on the strand.
  auto copy = gate_.try_copy(copy_size(r));
  if (!copy) {  // failed on the strand, where the producer's state lives
    asio::post(strand_, [self = shared_from_this(), h = std::move(h), topic = std::string(r.topic),
                         partition = r.partition.value_or(-1), ts, why = no_room(r)]() mutable {
      self->fail_now(std::move(h), topic, partition, ts, client_errc::timed_out, std::move(why));
    });
    return;
  }
  auto w = std::make_shared<waiting_record>(waiting_record{owned_record(r), std::move(h), ts, deadline, std::move(*copy)});
  asio::post(strand_, [self = shared_from_this(), w] {
    const record view = w->rec.view();
    self->send_now(view, w->handler, w->timestamp, w->deadline, &w->copy);
  });
}

// ---------------------------------------------------------------------------------------------
// buffer.memory (memory_gate.hpp): the bytes of waiting copies are bounded; the blocking send
// waits for room.

std::int64_t producer::copy_size(const record& r) {
  // What the record holds (key, value, headers), as Java counts a record against buffer.memory.
  std::int64_t n = static_cast<std::int64_t>((r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0));
  for (const auto& h : r.headers) n += static_cast<std::int64_t>(h.key.size() + (h.value ? h.value->size() : 0));
  return n;
}

std::string producer::no_room(const record& r) const {
  return "record for " + std::string(r.topic) + " (" + std::to_string(copy_size(r)) + " bytes) not accepted: " +
         gate_.describe() + " (an asynchronous send does not wait; blocking_producer::send waits up to max.block.ms)";
}

bool producer::wait_for_buffer(const record& r, std::string& why) {
  const std::int64_t n = copy_size(r);
  if (gate_.wait_for_room(n, clock::now() + cfg_.max_block)) return true;
  why = "record for " + std::string(r.topic) + " (" + std::to_string(n) + " bytes) waited max.block.ms (" +
        std::to_string(cfg_.max_block.count()) + " ms) for room in buffer.memory: " + gate_.describe();
  return false;
}

// A record that cannot be appended now waits in `queue` as a copy: the one made by submit() if
// there is one, else a new one within buffer.memory. False (the handler failed) when no room.
bool producer::keep_copy(std::deque<waiting_record>& queue, const record& r, detail::record_handler& h,
                         std::int64_t ts, clock::time_point deadline, memory_gate::ticket* copied) {
  std::optional<memory_gate::ticket> copy;
  if (copied && copied->bytes() > 0)
    copy = std::move(*copied);
  else
    copy = gate_.try_copy(copy_size(r));
  if (!copy) {
    fail_now(std::move(h), r.topic, r.partition.value_or(-1), ts, client_errc::timed_out, no_room(r));
    return false;
  }
  queue.push_back({owned_record(r), std::move(h), ts, deadline, std::move(*copy)});
  return true;
}

std::error_code producer::refusal(const record& r, std::string& why) const {
  if (closing_) {
    why = "the producer is closed: record for " + std::string(r.topic) + " not sent";
    return client_errc::connection_closed;
  }
  if (fatal_) {
    why = fatal_detail_;
    return fatal_;
  }
  if (txn_ && txn_->state() != txn_state::in_transaction) {
    const auto s = txn_->state();
    if (s == txn_state::abortable_error || s == txn_state::fatal_error) {
      why = txn_->detail();
      return txn_->error();
    }
    why = "record for " + std::string(r.topic) + ": transactional.id " + txn_->transactional_id() +
          " has no transaction open (state " + std::string(to_string(s)) + "); call " +
          (s == txn_state::uninitialized ? "init_transactions, then " : "") + "begin_transaction first";
    return client_errc::invalid_value;
  }
  if (r.topic.empty()) {
    why = "a record needs a topic name";
    return client_errc::invalid_value;
  }
  if (r.timestamp && *r.timestamp < 0) {
    why = "record for " + std::string(r.topic) + ": timestamp " + std::to_string(*r.timestamp) +
          " is negative (milliseconds since the epoch, or none for the time of the send)";
    return client_errc::invalid_value;
  }
  return {};
}

void producer::send_now(const record& r, detail::record_handler& h, std::int64_t ts, clock::time_point deadline,
                        memory_gate::ticket* copied) {
  std::string why;
  if (const auto ec = refusal(r, why))
    return fail_now(std::move(h), r.topic, r.partition.value_or(-1), ts, ec, std::move(why));
  ++outstanding_;
  auto it = topics_.find(r.topic);
  if (it == topics_.end()) it = topics_.emplace(std::string(r.topic), topic_state{}).first;
  topic_state& t = it->second;
  // Records wait behind earlier ones of their topic (metadata) or of anyone (memory): order kept.
  if (t.partitions == 0 || !t.waiting.empty()) {
    if (!keep_copy(t.waiting, r, h, ts, deadline, copied)) return record_done(1);
    if (t.partitions == 0 && clock::now() >= t.next_fetch) fetch_topic(it->first);
    return;
  }
  if (!blocked_.empty()) {
    if (!keep_copy(blocked_, r, h, ts, deadline, copied)) record_done(1);
    return;
  }
  if (try_append(t, r, ts, h) == append_status::blocked) {
    if (!keep_copy(blocked_, r, h, ts, deadline, copied)) return record_done(1);
    arm_timer(deadline);
    schedule_send();  // the accumulator now counts every node as ready, to free memory
  }
}

producer::append_status producer::try_append(topic_state& t, const record& r, std::int64_t ts,
                                             detail::record_handler& h) {
  auto choice = partitioner_.choose(r.topic, r.key, r.partition, t.partitions, t.available);
  if (!choice) {
    fail_now(std::move(h), r.topic, r.partition.value_or(-1), ts, choice.ec, choice.detail);
    record_done(1);
    return append_status::failed;
  }
  const detail::wire_record wire(r, ts);
  const protocol::record_ref& ref = wire.ref();
  const auto now = clock::now();
  auto res = acc_.append(r.topic, choice.partition, ref, now);
  // KIP-794: the sticky partition moves on after batch.size bytes.
  if (res.batch) partitioner_.on_appended(r.topic, choice.partition, res.appended_bytes, res.batch_full);
  if (res.index == 0) gate_.set_batches(acc_.memory_used());  // a new batch reserved memory
  if (res.would_block) return append_status::blocked;
  if (res.ec) {
    fail_now(std::move(h), r.topic, choice.partition, ts, res.ec, res.detail);
    record_done(1);
    return append_status::failed;
  }
  res.batch->records.push_back({std::move(h), ts});
  if (txn_) txn_->need_partition(res.batch->topic, choice.partition);  // v1: AddPartitionsToTxn first
  if (res.batch_full) {
    schedule_send();
  } else if (res.index == 0) {
    arm_timer(now + cfg_.linger);
  }
  return append_status::appended;
}

void producer::fail_now(detail::record_handler h, std::string_view topic, std::int32_t partition,
                        std::int64_t timestamp, std::error_code ec, std::string detail) {
  ++stats_.records_failed;
  record_metadata md;
  md.topic.assign(topic);
  md.partition = partition;
  md.timestamp = timestamp;
  md.error_detail = std::move(detail);
  // Never inside async_send itself.
  asio::post(strand_, [h = std::move(h), ec, md = std::move(md)]() mutable { h(ec, std::move(md)); });
}

void producer::fail_waiting(waiting_record& w, std::error_code ec, std::string detail) {
  fail_now(std::move(w.handler), w.rec.topic(), -1, w.timestamp, ec, std::move(detail));
  record_done(1);
}

void producer::retry_blocked() {
  while (!blocked_.empty()) {
    auto& w = blocked_.front();
    auto t = topics_.find(w.rec.topic());
    const record view = w.rec.view();
    if (try_append(t->second, view, w.timestamp, w.handler) == append_status::blocked) return;
    blocked_.pop_front();
  }
}

void producer::expire_waiting(clock::time_point now) {
  while (!blocked_.empty() && blocked_.front().deadline <= now) {
    fail_waiting(blocked_.front(), broker_errc::request_timed_out,
                 "record for " + blocked_.front().rec.topic() + " waited max.block.ms (" +
                     std::to_string(cfg_.max_block.count()) + " ms) for buffer.memory (" +
                     std::to_string(cfg_.buffer_memory) + " bytes) to free up");
    blocked_.pop_front();
  }
  if (!blocked_.empty()) arm_timer(blocked_.front().deadline);
  for (auto& [name, t] : topics_) expire_topic(name, t, now);
  if (!started_ && !starting_ && !closing_) {
    if (now >= next_start_)
      start();
    else
      arm_timer(next_start_);
  }
}

void producer::expire_topic(const std::string& name, topic_state& t, clock::time_point now) {
  while (!t.waiting.empty() && t.partitions == 0 && t.waiting.front().deadline <= now) {
    std::string why = "topic " + name + " not present in metadata after max.block.ms (" +
                      std::to_string(cfg_.max_block.count()) + " ms)";
    if (!start_error_.empty())
      why += ": " + start_error_;
    else if (!t.last_detail.empty())
      why += ": " + t.last_detail;
    fail_waiting(t.waiting.front(), broker_errc::unknown_topic_or_partition, why);
    t.waiting.pop_front();
  }
  if (t.partitions > 0 && !t.fetching) admit_waiting(t);  // a refresh brought its metadata
  if (t.waiting.empty()) return;
  arm_timer(t.waiting.front().deadline);
  if (t.partitions == 0 && !t.fetching && started_) {
    if (now >= t.next_fetch)
      fetch_topic(name);
    else
      arm_timer(t.next_fetch);
  }
}

}  // namespace kwire::client
