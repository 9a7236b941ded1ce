#include <kwire/producer/accumulator.hpp>

#include <algorithm>
#include <limits>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/record_batch.hpp>

namespace kwire::client {

accumulator::partition_queue& accumulator::queue(std::string_view topic, std::int32_t partition) {
  auto t = topics_.find(topic);
  if (t == topics_.end()) t = topics_.emplace(std::string(topic), std::map<std::int32_t, partition_queue>{}).first;
  auto q = t->second.find(partition);
  if (q == t->second.end()) {
    q = t->second.emplace(partition, partition_queue{std::string(topic), partition, {}, 0}).first;
    order_.push_back(&q->second);  // map nodes never move
  }
  return q->second;
}

producer_batch* accumulator::new_batch(std::string_view topic, std::int32_t partition, std::size_t reserve,
                                       clock::time_point now) {
  producer_batch* b;
  if (free_.empty()) {
    pool_.push_back(std::make_unique<producer_batch>());
    b = pool_.back().get();
    b->builder = protocol::record_batch_builder(static_cast<std::size_t>(cfg_.batch_size));
  } else {
    b = free_.back();
    free_.pop_back();
  }
  b->topic.assign(topic);
  b->partition = partition;
  b->created = now;
  b->retry_after = {};
  b->attempts = 0;
  b->in_flight = false;
  b->base_sequence = -1;
  b->reserved = reserve;
  b->id = next_id_++;
  b->first_record = records_appended_;
  b->error.clear();
  b->error_detail.clear();
  b->records.clear();
  b->last_error.clear();
  used_ += static_cast<std::int64_t>(reserve);
  ++incomplete_;
  return b;
}

namespace {

// The record does not fit a limit even in a batch of its own: MESSAGE_TOO_LARGE, naming it.
accumulator::append_result too_large(std::string_view topic, std::int32_t partition, std::size_t alone,
                                     std::string_view limit, std::int64_t value) {
  accumulator::append_result res;
  res.ec = broker_errc::message_too_large;
  res.detail = "record for " + std::string(topic) + "-" + std::to_string(partition) + " is " +
               (alone == std::numeric_limits<std::size_t>::max() ? std::string("over 2 GiB")
                                                                 : std::to_string(alone) + " bytes") +
               " in a batch of its own, more than " + std::string(limit) + " (" + std::to_string(value) + ")";
  return res;
}

}  // namespace

accumulator::append_result accumulator::append(std::string_view topic, std::int32_t partition,
                                               const protocol::record_ref& r, clock::time_point now) {
  const std::size_t alone = protocol::record_batch_builder::size_alone(r);
  if (alone > static_cast<std::size_t>(cfg_.max_request_size))
    return too_large(topic, partition, alone, "max.request.size", cfg_.max_request_size);
  if (alone > static_cast<std::size_t>(cfg_.buffer_memory))
    return too_large(topic, partition, alone, "buffer.memory", cfg_.buffer_memory);
  append_result res;
  auto& q = queue(topic, partition);
  const auto limit = static_cast<std::size_t>(cfg_.batch_size);
  // A batch that was drained once is closed for appends, as is one that reached batch.size.
  producer_batch* last = q.batches.empty() ? nullptr : q.batches.back();
  if (last && !last->builder.closed() && last->builder.size() < limit && last->builder.fits(r, limit)) {
    add_to(*last, r, res, false);
    return res;
  }
  const std::size_t reserve = std::max(limit, alone);
  if (used_ + static_cast<std::int64_t>(reserve) > cfg_.buffer_memory) {
    waiters_ = true;
    res.would_block = true;
    return res;
  }
  waiters_ = false;
  producer_batch* b = new_batch(topic, partition, reserve, now);
  if (!add_to(*b, r, res, true)) {
    complete(b);
    return res;
  }
  q.batches.push_back(b);
  return res;
}

bool accumulator::add_to(producer_batch& b, const protocol::record_ref& r, append_result& res, bool fresh) {
  res.index = b.builder.record_count();
  const std::size_t before = fresh ? 0 : b.builder.size();
  if (auto a = b.builder.append(r); !a) {
    res.ec = a.ec;
    res.detail = a.detail;
    return false;
  }
  res.batch = &b;
  ++records_appended_;
  res.batch_full = b.builder.size() >= static_cast<std::size_t>(cfg_.batch_size);
  res.appended_bytes = b.builder.size() - before;
  return true;
}

void accumulator::queue_lengths(std::string_view topic, std::int32_t partitions, std::vector<partition_load>& out) const {
  out.clear();
  const auto t = topics_.find(topic);
  if (t == topics_.end() || static_cast<std::int32_t>(t->second.size()) < partitions) return;
  for (const auto& [partition, q] : t->second)
    if (partition < partitions)
      out.push_back({partition, static_cast<std::int32_t>(q.batches.size())});
}

bool accumulator::held_by_in_flight(const partition_queue& q) const {
  if (q.in_flight >= cfg_.max_in_flight_per_partition) return true;
  // An idempotent batch being retried goes out alone, once everything sent before it is
  // answered, and the batches after it wait for its answer (one in flight until the retries are
  // through, as Java's drain does). Sent together again, a later batch could overtake it once
  // more (a broker verifying a transaction then refuses the later one OUT_OF_ORDER_SEQUENCE_NUMBER
  // again, docs/transactions.md).
  const producer_batch* head = q.batches.empty() ? nullptr : q.batches.front();
  return cfg_.idempotent && q.in_flight > 0 && head && head->attempts > 0 && head->base_sequence >= 0;
}

bool accumulator::sendable(const partition_queue& q, clock::time_point now) const {
  if (q.batches.empty() || held_by_in_flight(q)) return false;
  const producer_batch* head = q.batches.front();
  return head->attempts == 0 || now >= head->retry_after;
}

accumulator::ready_result accumulator::ready(clock::time_point now, const leader_lookup& leader_of) const {
  ready_result out;
  const auto wake_at = [&](clock::time_point t) {
    const auto d = std::max(clock::duration::zero(), t - now);
    if (!out.next_check || d < *out.next_check) out.next_check = d;
  };
  for (const partition_queue* q : order_) {
    if (q->batches.empty()) continue;
    const auto leader = leader_of(q->topic, q->partition);
    if (!leader) {
      if (std::find(out.unknown_leader_topics.begin(), out.unknown_leader_topics.end(), q->topic) ==
          out.unknown_leader_topics.end())
        out.unknown_leader_topics.push_back(q->topic);
      continue;
    }
    if (held_by_in_flight(*q)) continue;  // woken by complete/reenqueue
    const producer_batch* head = q->batches.front();
    if (head->attempts > 0 && now < head->retry_after) {
      wake_at(head->retry_after);
      continue;
    }
    const bool full = q->batches.size() > 1 || head->builder.closed() ||
                      head->builder.size() >= static_cast<std::size_t>(cfg_.batch_size);
    const bool lingered = now - head->created >= cfg_.linger;
    if (full || lingered || head->attempts > 0 || flushing_ > 0 || waiters_) {
      if (std::find(out.nodes.begin(), out.nodes.end(), *leader) == out.nodes.end()) out.nodes.push_back(*leader);
    } else {
      wake_at(head->created + cfg_.linger);
    }
  }
  return out;
}

void accumulator::close(producer_batch& b, idempotence* idem) {
  protocol::record_batch_builder::close_options o;
  o.codec = cfg_.codec;
  o.level = cfg_.compression_level;
  o.transactional = cfg_.transactional;
  if (idem) {
    o.producer_id = idem->producer_id();
    o.producer_epoch = idem->producer_epoch();
    o.base_sequence = idem->next_sequence(b.topic, b.partition);
  }
  if (auto res = b.builder.close(o); !res) {
    b.error = res.ec;  // no sequence taken: the batch fails without leaving a gap
    b.error_detail = res.detail;
  } else if (idem) {
    b.base_sequence = idem->assign(b.topic, b.partition, b.builder.record_count());
  }
}

std::vector<producer_batch*> accumulator::drain(std::int32_t node, clock::time_point now,
                                                const leader_lookup& leader_of, idempotence* idem) {
  std::vector<producer_batch*> out;
  // Idempotent batches need the producer id in their header before they leave (Java's drain
  // waits for InitProducerId the same way).
  if (order_.empty() || (cfg_.idempotent && (!idem || !idem->ready()))) return out;
  if (!cfg_.idempotent) idem = nullptr;
  const std::size_t n = order_.size();
  std::size_t& next_start = drain_at_[node];
  const std::size_t start = next_start;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t at = (start + i) % n;
    partition_queue& q = *order_[at];
    if (!sendable(q, now)) continue;
    const auto leader = leader_of(q.topic, q.partition);
    if (!leader || *leader != node) continue;
    producer_batch* b = q.batches.front();
    if (!b->builder.closed()) close(*b, idem);
    const std::size_t size = b->builder.bytes().size();
    if (!out.empty() && bytes + size > static_cast<std::size_t>(cfg_.max_request_size)) break;
    q.batches.pop_front();
    b->in_flight = true;
    ++b->attempts;
    ++q.in_flight;
    bytes += size;
    out.push_back(b);
    next_start = (at + 1) % n;  // the next drain for this node starts after the last partition served
  }
  return out;
}

void accumulator::complete(producer_batch* b) {
  if (b->in_flight) {
    --queue(b->topic, b->partition).in_flight;
    b->in_flight = false;
  }
  used_ -= static_cast<std::int64_t>(b->reserved);
  b->reserved = 0;
  --incomplete_;
  b->builder.reset();
  b->records.clear();  // the caller has called them; a handler never called is destroyed here
  free_.push_back(b);
}

void accumulator::reenqueue(producer_batch* b, clock::time_point now) {
  auto& q = queue(b->topic, b->partition);
  if (b->in_flight) --q.in_flight;
  b->in_flight = false;
  b->retry_after = now + cfg_.retry_backoff;
  insert_for_retry(q, b);
}

void accumulator::insert_for_retry(partition_queue& q, producer_batch* b) {
  auto pos = q.batches.begin();
  // Idempotent batches go back in sequence order: after retries with lower sequences already
  // waiting, before everything younger.
  if (cfg_.idempotent && b->base_sequence >= 0)
    while (pos != q.batches.end() && (*pos)->base_sequence >= 0 && (*pos)->base_sequence < b->base_sequence) ++pos;
  q.batches.insert(pos, b);
}

accumulator::split_result accumulator::split(producer_batch* b, clock::time_point now, idempotence* idem) {
  split_result res;
  std::vector<protocol::record_batch> decoded;
  if (auto d = protocol::decode_batches(b->builder.bytes(), decoded, false); !d || decoded.size() != 1) {
    res.ec = d ? std::error_code(client_errc::corrupt_record_batch) : d.ec;
    res.detail = "cannot split the record batch for " + b->topic + "-" + std::to_string(b->partition) + ": " +
                 (d ? std::to_string(decoded.size()) + " batches in its bytes" : d.detail);
    return res;
  }
  auto& records = decoded[0].records;
  const std::size_t n = records.size();
  if (n < 2 || (!b->records.empty() && n != b->records.size())) {
    res.ec = client_errc::invalid_value;
    res.detail = "cannot split a record batch of " + std::to_string(n) + " record(s) (" +
                 std::to_string(b->records.size()) + " sent) for " + b->topic + "-" + std::to_string(b->partition);
    return res;
  }
  const std::size_t half = n / 2;
  const bool numbered = cfg_.idempotent && idem && b->base_sequence >= 0;
  producer_batch* parts[2];
  std::vector<protocol::header_ref> headers;
  for (int k = 0; k < 2; ++k) {
    const std::size_t from = k == 0 ? 0 : half, to = k == 0 ? half : n;
    // The memory b holds passes to the halves (b's own is released below without freeing it).
    const std::size_t reserve = k == 0 ? b->reserved / 2 : b->reserved - b->reserved / 2;
    used_ -= static_cast<std::int64_t>(reserve);
    producer_batch* p = new_batch(b->topic, b->partition, reserve, now);
    p->created = b->created;  // delivery.timeout.ms counts from the first append, as for b
    p->first_record = b->first_record + from;
    for (std::size_t i = from; i < to; ++i) {
      const auto& r = records[i];
      headers.clear();
      for (const auto& h : r.headers)
        headers.push_back({h.key, h.value ? std::optional<protocol::byte_view>(*h.value) : std::nullopt});
      protocol::record_ref ref{r.timestamp,
                               r.key ? std::optional<protocol::byte_view>(*r.key) : std::nullopt,
                               r.value ? std::optional<protocol::byte_view>(*r.value) : std::nullopt, headers};
      (void)p->builder.append(ref);  // decoded from a batch that held them: they fit again
      if (!b->records.empty()) p->records.push_back(std::move(b->records[i]));
    }
    protocol::record_batch_builder::close_options o;
    o.codec = cfg_.codec;
    o.level = cfg_.compression_level;
    o.transactional = cfg_.transactional;  // the halves stay in the transaction the batch was in
    if (numbered) {
      o.producer_id = idem->producer_id();
      o.producer_epoch = idem->producer_epoch();
      // Sequences wrap past int32 max to 0, as idempotence::assign counts them.
      const std::int64_t seq = static_cast<std::int64_t>(b->base_sequence) + static_cast<std::int64_t>(from);
      o.base_sequence = static_cast<std::int32_t>(seq > std::numeric_limits<std::int32_t>::max()
                                                      ? seq - std::int64_t{std::numeric_limits<std::int32_t>::max()} - 1
                                                      : seq);
      p->base_sequence = o.base_sequence;
    }
    if (auto c = p->builder.close(o); !c) {
      p->error = c.ec;  // sent as a failure by the caller, like any batch that could not be closed
      p->error_detail = c.detail;
    }
    parts[k] = p;
  }
  b->records.clear();
  b->reserved = 0;
  complete(b);  // recycled; its records live on in the halves
  auto& q = queue(parts[0]->topic, parts[0]->partition);
  if (cfg_.idempotent && parts[0]->base_sequence >= 0) {
    insert_for_retry(q, parts[1]);
    insert_for_retry(q, parts[0]);
  } else {
    // In append order among what is queued: another half split earlier (its request answered
    // later) may already wait at the front and must stay behind these when it is younger.
    for (producer_batch* p : {parts[0], parts[1]}) {
      auto pos = q.batches.begin();
      while (pos != q.batches.end() && (*pos)->first_record < p->first_record) ++pos;
      q.batches.insert(pos, p);
    }
  }
  res.first = parts[0];
  res.second = parts[1];
  return res;
}

std::vector<producer_batch*> accumulator::expired(clock::time_point now) {
  std::vector<producer_batch*> out;
  for (partition_queue* q : order_) {
    auto& d = q->batches;
    for (auto it = d.begin(); it != d.end();) {
      if (is_expired(**it, now)) {
        out.push_back(*it);
        it = d.erase(it);
      } else {
        ++it;
      }
    }
  }
  return out;
}

void accumulator::renumber(idempotence& idem) {
  for (partition_queue* q : order_) {
    for (producer_batch* b : q->batches) {
      if (b->base_sequence < 0 || !b->builder.closed()) continue;
      b->base_sequence = idem.assign(b->topic, b->partition, b->builder.record_count());
      b->builder.set_producer_state(idem.producer_id(), idem.producer_epoch(), b->base_sequence);
    }
  }
}

std::size_t accumulator::queued_batches() const {
  std::size_t n = 0;
  for (const partition_queue* q : order_) n += q->batches.size();
  return n;
}

}  // namespace kwire::client
