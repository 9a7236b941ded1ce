#include <kwire/producer/producer.hpp>

#include <algorithm>
#include <boost/asio/post.hpp>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/messages/produce.hpp>

namespace kwire::client {

namespace asio = boost::asio;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string where(std::string_view topic, std::int32_t partition) {
  return std::string(topic) + "-" + std::to_string(partition);
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
  // Without idempotence a retry could overtake a later batch of its partition unless only one
  // is out at a time (Java keeps order only with max.in.flight=1; kwire always keeps it).
  a.max_in_flight_per_partition = c.enable_idempotence ? std::max(1, c.cluster.connection.max_in_flight) : 1;
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
      partitioner_(cfg_.partitioner),
      timer_(strand_),
      idem_(cfg_.cluster.retry_backoff) {}

producer::~producer() = default;

producer_stats producer::stats() const { return stats_; }

// ---------------------------------------------------------------------------------------------
// Sending a record.

void producer::submit(const record& r, detail::record_handler h) {
  const std::int64_t ts = r.timestamp ? *r.timestamp : now_ms();
  const auto deadline = clock::now() + cfg_.max_block;
  if (strand_.running_in_this_thread()) return send_now(r, h, ts, deadline);
  // From another thread: the bytes are copied now, appended on the strand.
  auto w = std::make_shared<waiting_record>(waiting_record{owned_record(r), std::move(h), ts, deadline});
  asio::post(strand_, [self = shared_from_this(), w] {
    const record view = w->rec.view();
    self->send_now(view, w->handler, w->timestamp, w->deadline);
  });
}

void producer::send_now(const record& r, detail::record_handler& h, std::int64_t ts, clock::time_point deadline) {
  if (closing_)
    return fail_now(std::move(h), r.topic, r.partition.value_or(-1), ts, client_errc::connection_closed,
                    "the producer is closed: record for " + std::string(r.topic) + " not sent");
  if (fatal_) return fail_now(std::move(h), r.topic, r.partition.value_or(-1), ts, fatal_, fatal_detail_);
  if (r.topic.empty())
    return fail_now(std::move(h), r.topic, -1, ts, client_errc::invalid_value, "a record needs a topic name");
  if (r.timestamp && *r.timestamp < 0)
    return fail_now(std::move(h), r.topic, -1, ts, client_errc::invalid_value,
                    "record for " + std::string(r.topic) + ": timestamp " + std::to_string(*r.timestamp) +
                        " is negative (milliseconds since the epoch, or none for the time of the send)");
  ++outstanding_;
  auto it = topics_.find(r.topic);
  if (it == topics_.end()) it = topics_.emplace(std::string(r.topic), topic_state{}).first;
  topic_state& t = it->second;
  // Records wait behind earlier ones of their topic (metadata) or of anyone (memory): order kept.
  if (t.partitions == 0 || !t.waiting.empty()) {
    t.waiting.push_back({owned_record(r), std::move(h), ts, deadline});
    if (t.partitions == 0 && clock::now() >= t.next_fetch) fetch_topic(it->first);
    return;
  }
  if (!blocked_.empty()) {
    blocked_.push_back({owned_record(r), std::move(h), ts, deadline});
    return;
  }
  if (try_append(t, r, ts, h) == append_status::blocked) {
    blocked_.push_back({owned_record(r), std::move(h), ts, deadline});
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
  // KIP-480: an unkeyed record never starts a new batch on its sticky partition; the partition
  // moves on instead.
  const bool sticky = !r.partition && cfg_.partitioner != partitioner_kind::round_robin &&
                      (!r.key || cfg_.partitioner == partitioner_kind::sticky);
  const auto ref = to_record_ref(r, ts);
  const auto now = clock::now();
  auto res = acc_.append(r.topic, choice.partition, ref, now, sticky);
  if (res.needs_new_batch) {
    partitioner_.on_batch_closed(r.topic, choice.partition);
    choice = partitioner_.choose(r.topic, r.key, r.partition, t.partitions, t.available);
    res = acc_.append(r.topic, choice.partition, ref, now, false);
  }
  if (res.would_block) return append_status::blocked;
  if (res.ec) {
    fail_now(std::move(h), r.topic, choice.partition, ts, res.ec, res.detail);
    record_done(1);
    return append_status::failed;
  }
  res.batch->records.push_back({std::move(h), ts});
  if (res.batch_full) {
    if (sticky) partitioner_.on_batch_closed(r.topic, choice.partition);
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
  const auto block_ms = std::to_string(cfg_.max_block.count());
  while (!blocked_.empty() && blocked_.front().deadline <= now) {
    fail_waiting(blocked_.front(), broker_errc::request_timed_out,
                 "record for " + blocked_.front().rec.topic() + " waited max.block.ms (" + block_ms +
                     " ms) for buffer.memory (" + std::to_string(cfg_.buffer_memory) + " bytes) to free up");
    blocked_.pop_front();
  }
  if (!blocked_.empty()) arm_timer(blocked_.front().deadline);
  for (auto& [name, t] : topics_) {
    while (!t.waiting.empty() && t.partitions == 0 && t.waiting.front().deadline <= now) {
      std::string why = "topic " + name + " not present in metadata after max.block.ms (" + block_ms + " ms)";
      if (!start_error_.empty())
        why += ": " + start_error_;
      else if (!t.last_detail.empty())
        why += ": " + t.last_detail;
      fail_waiting(t.waiting.front(), broker_errc::unknown_topic_or_partition, why);
      t.waiting.pop_front();
    }
    if (t.partitions > 0 && !t.fetching) admit_waiting(t);  // a refresh brought its metadata
    if (!t.waiting.empty()) arm_timer(t.waiting.front().deadline);
    if (t.partitions == 0 && !t.waiting.empty() && !t.fetching && started_) {
      if (now >= t.next_fetch)
        fetch_topic(name);
      else
        arm_timer(t.next_fetch);
    }
  }
  if (!started_ && !starting_ && !closing_) {
    if (now >= next_start_)
      start();
    else
      arm_timer(next_start_);
  }
}

// ---------------------------------------------------------------------------------------------
// The sender.

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
  for (producer_batch* b : acc_.expired(now)) {
    fail_batch(b, client_errc::timed_out,
               "delivery.timeout.ms (" + std::to_string(cfg_.delivery_timeout.count()) + " ms) expired for " +
                   std::to_string(b->builder.record_count()) + " record(s) of " + where(b->topic, b->partition) +
                   (b->attempts > 0 ? " after " + std::to_string(b->attempts) + " attempt(s)" : " before it was sent") +
                   (b->last_error.empty() ? std::string() : "; last error: " + b->last_error));
  }
  if (closing_ && !aborted_) arm_timer(close_deadline_);
  if (!acc_.has_incomplete()) return;

  // Idempotence: nothing goes out without a producer id, nor while the epoch must be bumped.
  if (cfg_.enable_idempotence && !idem_.ready()) {
    request_producer_id(now);
    arm_timer(now + milliseconds(100));  // delivery timeouts keep being checked meanwhile
    return;
  }

  const auto leader_of = [this](std::string_view topic, std::int32_t partition) -> std::optional<std::int32_t> {
    const auto t = topics_.find(topic);
    if (t == topics_.end() || partition < 0 || partition >= static_cast<std::int32_t>(t->second.leaders.size()))
      return std::nullopt;
    const auto leader = t->second.leaders[static_cast<std::size_t>(partition)];
    return leader < 0 ? std::nullopt : std::optional<std::int32_t>(leader);
  };
  const auto ready = acc_.ready(now, leader_of);
  if (!ready.unknown_leader_topics.empty()) {
    cluster_->request_refresh();
    arm_timer(now + cfg_.cluster.retry_backoff);
  }
  const int max_in_flight = std::max(1, cfg_.cluster.connection.max_in_flight);
  for (const auto node : ready.nodes) {
    while (in_flight_[node] < max_in_flight) {
      auto batches = acc_.drain(node, now, leader_of, &idem_);
      if (batches.empty()) break;
      send_produce(node, std::move(batches));
    }
  }
  if (ready.next_check) arm_timer(now + *ready.next_check);
  // Queued batches expire by delivery.timeout.ms even when nothing else happens.
  if (acc_.queued_batches() > 0) arm_timer(now + std::min<clock::duration>(cfg_.delivery_timeout, milliseconds(100)));
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
      if (retriable_transport_error(ec))
        retry_or_fail(b, ec, detail, now);
      else
        fail_batch(b, ec, detail);
    }
  } else if (cfg_.acks == 0) {
    for (producer_batch* b : batches) complete_batch(b, -1, -1);
  } else {
    const auto outcomes = classify_produce_response(r.body, inputs, cfg_.enable_idempotence);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      producer_batch* b = batches[i];
      const auto& o = outcomes[i];
      switch (o.action) {
        case batch_action::done:
          complete_batch(b, o.base_offset, o.log_append_time);
          break;
        case batch_action::retry:
          cluster_->invalidate(b->topic, b->partition, o.ec);
          retry_or_fail(b, o.ec, o.detail, now);
          break;
        case batch_action::reset_producer:
          idem_.on_sequence_error(b->topic, b->partition, b->base_sequence, o.ec);
          retry_or_fail(b, o.ec, o.detail, now);
          break;
        case batch_action::fail:
          fail_batch(b, o.ec, o.detail);
          break;
      }
    }
  }
  retry_blocked();
  schedule_send();
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
  if (b->base_sequence >= 0 && !aborted_) idem_.on_batch_failed();
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
  record_done(n);
}

}  // namespace kwire::client
