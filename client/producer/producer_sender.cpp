// The producer's sender: one pass on the strand expires what waited too long, makes sure an
// idempotent producer has its id and epoch, drains the batches that are ready per leader into
// Produce requests, and applies each answer to its batches (done, retry, epoch bump, fail).
// The record path is in producer.cpp, bootstrap, metadata, flush and close in
// producer_control.cpp.

#include <algorithm>
#include <boost/asio/post.hpp>

#include <kwire/producer/producer.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/produce.hpp>

namespace kwire::client {

namespace asio = boost::asio;

namespace {

std::string where(std::string_view topic, std::int32_t partition) {
  return std::string(topic) + "-" + std::to_string(partition);
}

}  // namespace

void producer::schedule_send() {
  if (send_posted_) return;
  send_posted_ = true;
  asio::post(strand_, [self = shared_from_this()] { self->run_sender(); });
}

void producer::arm_timer(clock::time_point at) {
  if (cluster_closing_ || (timer_armed_ && timer_at_ <= at)) return;  // closed: nothing may keep the loop alive
  timer_armed_ = true;
  timer_at_ = at;
  const auto generation = ++timer_generation_;
  timer_.expires_at(at);
  timer_.async_wait([weak = weak_from_this(), generation](boost::system::error_code) {
    auto self = weak.lock();
    if (!self || generation != self->timer_generation_) return;  // replaced by an earlier one
    self->timer_armed_ = false;
    self->run_sender();
  });
}

void producer::run_sender() {
  send_posted_ = false;
  const auto now = clock::now();
  if (closing_ && !aborted_ && now >= close_deadline_)
    abort_all(client_errc::timed_out, "the producer was closed before the record was sent (close timeout " +
                                          std::to_string(close_timeout_.count()) + " ms)");
  auto view = cluster_->snapshot();
  if (view && view != view_) {
    view_ = view;
    update_topics(*view);
  }
  expire_waiting(now);
  expire_batches(now);
  if (closing_ && !aborted_) arm_timer(close_deadline_);
  if (!acc_.has_incomplete()) return;
  // Transactions: v1 adds partitions to the transaction before their first batch leaves; the
  // producer id and epoch come from init_transactions (transaction_manager), never from here.
  if (txn_) {
    add_txn_partitions();
    if (!idem_.ready()) return;
  }
  // Idempotence: nothing goes out without a producer id, nor while the epoch must be bumped.
  if (cfg_.enable_idempotence && !idem_.ready()) {
    request_producer_id(now);
    arm_timer(now + milliseconds(100));  // delivery timeouts keep being checked meanwhile
    return;
  }
  drain_ready(now);
  // Queued batches expire by delivery.timeout.ms even when nothing else happens.
  if (acc_.queued_batches() > 0) arm_timer(now + std::min<clock::duration>(cfg_.delivery_timeout, milliseconds(100)));
}

void producer::expire_batches(clock::time_point now) {
  for (producer_batch* b : acc_.expired(now)) {
    fail_batch(b, client_errc::timed_out,
               "delivery.timeout.ms (" + std::to_string(cfg_.delivery_timeout.count()) + " ms) expired for " +
                   std::to_string(b->builder.record_count()) + " record(s) of " + where(b->topic, b->partition) +
                   (b->attempts > 0 ? " after " + std::to_string(b->attempts) + " attempt(s)" : " before it was sent") +
                   (b->last_error.empty() ? std::string() : "; last error: " + b->last_error));
  }
}

std::optional<std::int32_t> producer::leader(std::string_view topic, std::int32_t partition) const {
  const auto t = topics_.find(topic);
  if (t == topics_.end() || partition < 0 || partition >= static_cast<std::int32_t>(t->second.leaders.size()))
    return std::nullopt;
  const auto node = t->second.leaders[static_cast<std::size_t>(partition)];
  return node < 0 ? std::nullopt : std::optional<std::int32_t>(node);
}

void producer::drain_ready(clock::time_point now) {
  const leader_lookup leader_of = [this](std::string_view topic, std::int32_t partition) {
    return leader(topic, partition);
  };
  const auto ready = acc_.ready(now, leader_of);
  // A transaction's partition leaves only once it is part of the transaction (v1).
  const leader_lookup drain_leader_of = [this, &leader_of](std::string_view topic, std::int32_t partition) {
    if (txn_ && !txn_->may_send(std::string(topic), partition)) return std::optional<std::int32_t>();
    return leader_of(topic, partition);
  };
  if (!ready.unknown_leader_topics.empty()) {
    cluster_->request_refresh();
    arm_timer(now + cfg_.cluster.retry_backoff);
  }
  const int max_in_flight = std::max(1, cfg_.cluster.connection.max_in_flight);
  for (const auto node : ready.nodes) {
    auto& latency = node_latency_.try_emplace(node, node_latency{now, now}).first->second;
    latency.ready = now;
    if (in_flight_[node] < max_in_flight) latency.drained = now;
    while (in_flight_[node] < max_in_flight) {
      auto batches = acc_.drain(node, now, drain_leader_of, &idem_);
      if (batches.empty()) break;
      send_produce(node, std::move(batches));
    }
  }
  if (ready.next_check) arm_timer(now + *ready.next_check);
  update_partition_load();
}

void producer::update_partition_load() {
  // KIP-794's adaptive partitioning (Java's RecordAccumulator.partitionReady): each topic's
  // queue lengths, without the partitions that have no leader or whose leader could take no
  // request for partitioner.availability.timeout.ms although it had batches ready.
  if (!cfg_.partitioner_adaptive) return;
  const auto timeout = cfg_.partitioner_availability_timeout;
  for (const auto& [name, t] : topics_) {
    if (t.partitions < 2) continue;
    acc_.queue_lengths(name, t.partitions, load_);
    std::erase_if(load_, [&, &t = t](const partition_load& l) {
      const auto p = static_cast<std::size_t>(l.partition);
      const std::int32_t leader = p < t.leaders.size() ? t.leaders[p] : -1;
      if (leader < 0) return true;
      if (timeout.count() <= 0) return false;
      const auto it = node_latency_.find(leader);
      return it != node_latency_.end() && it->second.ready - it->second.drained > timeout;
    });
    partitioner_.set_load(name, load_, t.partitions);
  }
}

void producer::send_produce(std::int32_t node, std::vector<producer_batch*> batches) {
  std::vector<producer_batch*> sent;
  std::vector<batch_input> inputs;
  sent.reserve(batches.size());
  inputs.reserve(batches.size());
  for (producer_batch* b : batches) {
    if (b->error) {  // the batch could not be closed (compression failed): its records fail
      fail_batch(b, b->error, "record batch for " + where(b->topic, b->partition) + ": " + b->error_detail);
      continue;
    }
    const auto t = topics_.find(b->topic);
    sent.push_back(b);
    inputs.push_back({b->topic, t != topics_.end() ? t->second.id : protocol::uuid{}, b->partition, b->builder.bytes()});
  }
  if (sent.empty()) return;
  auto req = make_produce_request(inputs, cfg_.acks,
                                  static_cast<std::int32_t>(cfg_.cluster.connection.request_timeout.count()));
  net::request_options options;
  options.expect_response = cfg_.acks != 0;
  if (txn_) {
    req.transactional_id = txn_->transactional_id();
    options.version = txn_versions::produce(txn_->version());  // v1: below v12 (no implicit add)
    txn_->on_batch_sent();
  }
  ++in_flight_[node];
  ++total_in_flight_;
  ++stats_.requests;
  cluster_->async_request(
      net::node{node}, std::move(req),
      [self = shared_from_this(), node, sent, inputs](std::error_code ec, net::reply<protocol::produce_response> r) {
        self->on_produce(node, sent, inputs, ec, std::move(r));
      },
      options);
}

void producer::on_produce(std::int32_t node, const std::vector<producer_batch*>& batches,
                          const std::vector<batch_input>& inputs, std::error_code ec,
                          net::reply<protocol::produce_response> r) {
  --in_flight_[node];
  --total_in_flight_;
  const auto now = clock::now();
  if (ec) {
    const std::string detail = "Produce to node " + std::to_string(node) + " failed: " +
                               (r.detail.empty() ? ec.message() : r.detail);
    for (producer_batch* b : batches) {
      // BROKER_NOT_AVAILABLE here is our own routing: the node we took for the leader has left
      // the cluster metadata (killed, fenced). Nothing was sent: fresh metadata names the new leader.
      if (ec == broker_errc::broker_not_available)
        cluster_->invalidate(b->topic, b->partition, broker_errc::leader_not_available);
      if (retriable_transport_error(ec))
        retry_or_fail(b, ec, detail, now);
      else
        fail_batch(b, ec, detail);
    }
  } else if (cfg_.acks == 0) {
    for (producer_batch* b : batches) complete_batch(b, -1, -1);
  } else {
    const auto outcomes = classify_produce_response(r.body, inputs, cfg_.enable_idempotence);
    for (std::size_t i = 0; i < batches.size(); ++i) apply_outcome(batches[i], outcomes[i], now);
  }
  retry_blocked();
  schedule_send();
}

void producer::apply_outcome(producer_batch* b, const batch_outcome& o, clock::time_point now) {
  switch (o.action) {
    case batch_action::done:
      return complete_batch(b, o.base_offset, o.log_append_time);
    case batch_action::retry:
      cluster_->invalidate(b->topic, b->partition, o.ec);
      return retry_or_fail(b, o.ec, o.detail, now);
    case batch_action::reset_producer:  // idempotence decides whether the epoch must be bumped first
      if (txn_) {
        // In a transaction only the gap an earlier batch fills is retried (the broker refuses a
        // transaction's later batch until its first one is written); any other lost sequence
        // makes the transaction abortable, and the abort brings the new epoch.
        if (!idem_.gap_filled_by_earlier_batch(b->topic, b->partition, b->base_sequence, o.ec))
          return fail_batch(b, o.ec, o.detail);
      } else {
        idem_.on_sequence_error(b->topic, b->partition, b->base_sequence, o.ec);
      }
      return retry_or_fail(b, o.ec, o.detail, now);
    case batch_action::fail:
      if (o.ec == broker_errc::message_too_large) return split_too_large(b, o, now);
      return fail_batch(b, o.ec, o.detail);
  }
}

// MESSAGE_TOO_LARGE: the batch goes back in two halves (accumulator::split), down to one record;
// a record alone over the broker's limit fails naming its size.
void producer::split_too_large(producer_batch* b, const batch_outcome& o, clock::time_point now) {
  const std::size_t bytes = b->builder.bytes().size();
  const std::int32_t count = b->builder.record_count();
  if (count < 2 || aborted_ || acc_.is_expired(*b, now)) {
    std::string why = o.detail;
    if (count == 1)
      why = "record for " + where(b->topic, b->partition) + " is " + std::to_string(bytes) +
            " bytes as a record batch of its own, over the broker's limit (the topic's max.message.bytes, or the "
            "broker's message.max.bytes): " + o.detail;
    return fail_batch(b, o.ec, why);
  }
  if (auto res = acc_.split(b, now, &idem_); !res)
    return fail_batch(b, o.ec, o.detail + "; " + res.detail);
  ++stats_.splits;
}

void producer::retry_or_fail(producer_batch* b, std::error_code ec, const std::string& detail, clock::time_point now) {
  if (aborted_) return fail_batch(b, ec, detail);
  if (b->attempts > cfg_.retries)
    return fail_batch(b, ec, detail + " (retries: " + std::to_string(cfg_.retries) + " exhausted)");
  if (acc_.is_expired(*b, now))
    return fail_batch(b, ec, detail + " (delivery.timeout.ms " + std::to_string(cfg_.delivery_timeout.count()) +
                                 " ms expired after " + std::to_string(b->attempts) + " attempt(s))");
  ++stats_.retries;
  b->last_error = detail;
  acc_.reenqueue(b, now);
}

void producer::complete_batch(producer_batch* b, std::int64_t base_offset, std::int64_t log_append_time) {
  if (b->base_sequence >= 0) idem_.on_acknowledged(b->topic, b->partition, b->base_sequence, b->builder.record_count());
  stats_.bytes_sent += b->builder.bytes().size();
  settle_batch(b, {}, {}, base_offset, log_append_time);
}

void producer::fail_batch(producer_batch* b, std::error_code ec, const std::string& detail) {
  // Its sequence numbers leave a gap (KIP-360): a new epoch. Not while everything is aborted.
  if (txn_) {
    // In a transaction the gap is closed by the abort's new epoch; the transaction goes
    // abortable (fatal when fenced) unless the user is aborting it already.
    if (b->base_sequence >= 0) txn_->need_epoch_bump();
    if (ec != client_errc::transaction_aborted) txn_->on_batch_failed(ec, detail);
  } else if (b->base_sequence >= 0 && !aborted_) {
    idem_.on_batch_failed();
  }
  settle_batch(b, ec, detail, -1, -1);
}

void producer::settle_batch(producer_batch* b, std::error_code ec, const std::string& detail,
                            std::int64_t base_offset, std::int64_t log_append_time) {
  // A handler may send again: that never reaches this batch, which is in no queue now and is
  // recycled only by the complete() below.
  const std::size_t n = b->records.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto& rec = b->records[i];
    record_metadata md;
    md.topic = b->topic;
    md.partition = b->partition;
    md.timestamp = rec.timestamp;
    if (ec) {
      md.error_detail = detail;
    } else {
      md.offset = base_offset < 0 ? -1 : base_offset + static_cast<std::int64_t>(i);
      if (log_append_time >= 0) md.timestamp = log_append_time;
    }
    rec.handler(ec, std::move(md));
  }
  (ec ? stats_.records_failed : stats_.records_sent) += n;
  acc_.complete(b);
  gate_.set_batches(acc_.memory_used());
  record_done(n);
}

}  // namespace kwire::client
