#include <kwire/producer/idempotence.hpp>

#include <kwire/producer/produce_request.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

std::int32_t wrap(std::int64_t sequence) { return static_cast<std::int32_t>(sequence % (std::int64_t{1} << 31)); }

// How far `sequence` lies after `from`, counting through the wrap at int32 max (0 .. 2^31-1).
std::int64_t distance(std::int32_t from, std::int32_t sequence) {
  return (std::int64_t{sequence} - from + (std::int64_t{1} << 31)) % (std::int64_t{1} << 31);
}

// `sequence` lies behind `from`: more than half the sequence space after it is taken as before it.
bool behind(std::int32_t from, std::int32_t sequence) { return distance(from, sequence) >= (std::int64_t{1} << 30); }

}  // namespace

sequence_verdict classify_sequence_error(std::error_code ec) {
  if (ec.category() != broker_category()) return sequence_verdict::not_ours;
  switch (static_cast<broker_errc>(ec.value())) {
    case broker_errc::duplicate_sequence_number:
      return sequence_verdict::duplicate;
    case broker_errc::out_of_order_sequence_number:
    case broker_errc::unknown_producer_id:
      return sequence_verdict::lost;
    case broker_errc::invalid_producer_epoch:
    case broker_errc::producer_fenced:
      return sequence_verdict::fenced;
    default:
      return sequence_verdict::not_ours;
  }
}

idempotence::init_step idempotence::next_init(clock::time_point now, bool produce_in_flight) {
  init_step step;
  if (ready() || fatal_ || requesting_ || produce_in_flight) return step;
  if (now < next_attempt_) {
    step.wake_at = next_attempt_;
    return step;
  }
  requesting_ = true;
  auto& req = step.request.emplace();
  req.transactional_id.reset();  // idempotent, not transactional
  req.transaction_timeout_ms = 60000;
  if (bump_needed_ && producer_id_ >= 0) {  // KIP-360: the same id, the epoch after this one
    req.producer_id = producer_id_;
    req.producer_epoch = producer_epoch_;
  }
  return step;
}

idempotence::init_outcome idempotence::on_init(std::error_code ec, const std::string& detail,
                                               const protocol::init_producer_id_response& r, clock::time_point now) {
  requesting_ = false;
  if (ec) return fail_init(ec, detail.empty() ? ec.message() : detail, now);
  if (r.error_code != 0) {
    const auto e = static_cast<broker_errc>(r.error_code);
    std::string why = "InitProducerId answered " + std::string(error_name(e));
    if (is_known(r.error_code)) why += " (" + std::string(error_description(e)) + ")";
    return fail_init(e, why, now);
  }
  if (r.producer_id < 0 || r.producer_epoch < 0) {
    fatal_ = client_errc::invalid_value;
    fatal_detail_ = "enable.idempotence: InitProducerId answered producer id " + std::to_string(r.producer_id) +
                    " epoch " + std::to_string(r.producer_epoch) + " without an error";
    return init_outcome::fatal;
  }
  producer_id_ = r.producer_id;
  producer_epoch_ = r.producer_epoch;
  if (!bump_needed_) return init_outcome::ready;
  bump_needed_ = false;
  topics_.clear();  // every partition restarts at 0 under the new epoch
  return init_outcome::bumped;
}

idempotence::init_outcome idempotence::fail_init(std::error_code ec, const std::string& detail,
                                                 clock::time_point now) {
  const bool bump_refused = ec == broker_errc::invalid_producer_epoch || ec == broker_errc::producer_fenced;
  if (bump_refused) {
    // Our epoch is not the broker's latest: start over with a new id (bump_needed_ stays, so
    // its answer still restarts the sequences).
    producer_id_ = -1;
    producer_epoch_ = -1;
  } else if (!retriable_transport_error(ec)) {  // e.g. CLUSTER_AUTHORIZATION_FAILED
    fatal_ = ec;
    fatal_detail_ = "enable.idempotence: " + detail;
    return init_outcome::fatal;
  }
  next_attempt_ = now + backoff_;
  return init_outcome::retry;
}

idempotence::partition_sequences& idempotence::sequences(std::string_view topic, std::int32_t partition) {
  auto t = topics_.find(topic);
  if (t == topics_.end()) t = topics_.emplace(std::string(topic), std::map<std::int32_t, partition_sequences>{}).first;
  return t->second[partition];
}

const idempotence::partition_sequences* idempotence::find(std::string_view topic, std::int32_t partition) const {
  const auto t = topics_.find(topic);
  if (t == topics_.end()) return nullptr;
  const auto p = t->second.find(partition);
  return p == t->second.end() ? nullptr : &p->second;
}

std::int32_t idempotence::assign(std::string_view topic, std::int32_t partition, std::int32_t records) {
  auto& s = sequences(topic, partition);
  const std::int32_t base = s.next;
  s.next = wrap(std::int64_t{base} + records);
  return base;
}

void idempotence::adopt(std::int64_t producer_id, std::int16_t producer_epoch) {
  producer_id_ = producer_id;
  producer_epoch_ = producer_epoch;
  bump_needed_ = false;
  requesting_ = false;
  topics_.clear();
}

std::int32_t idempotence::next_sequence(std::string_view topic, std::int32_t partition) const {
  const auto* s = find(topic, partition);
  return s ? s->next : 0;
}

void idempotence::on_acknowledged(std::string_view topic, std::int32_t partition, std::int32_t base_sequence,
                                  std::int32_t records) {
  // Only forward: a retry answered DUPLICATE_SEQUENCE_NUMBER (or a success the broker had
  // cached) may come after a later batch was acknowledged, and must not move the end back.
  auto& s = sequences(topic, partition);
  const std::int32_t end = wrap(std::int64_t{base_sequence} + records);
  if (!behind(s.acked_end, end)) s.acked_end = end;
}

bool idempotence::gap_filled_by_earlier_batch(std::string_view topic, std::int32_t partition,
                                              std::int32_t base_sequence, std::error_code ec) const {
  if (ec != broker_errc::out_of_order_sequence_number) return false;
  const auto* s = find(topic, partition);
  const std::int32_t expected = s ? s->acked_end : 0;
  // Only a batch AFTER the log's end is explained by an earlier batch being retried. One that is
  // the log's next, or lies behind it (the broker took later sequences of the partition first,
  // e.g. this batch was refused NOT_LEADER_OR_FOLLOWER while the next one was written), is
  // refused under this epoch forever: a new epoch renumbers it.
  return base_sequence != expected && !behind(expected, base_sequence);
}

bool idempotence::on_sequence_error(std::string_view topic, std::int32_t partition, std::int32_t base_sequence,
                                    std::error_code ec) {
  if (!gap_filled_by_earlier_batch(topic, partition, base_sequence, ec)) bump_needed_ = true;
  return bump_needed_;
}

}  // namespace kwire::client
