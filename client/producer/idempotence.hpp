#pragma once
// The idempotent producer's bookkeeping (KIP-98, with KIP-360's epoch bump), sans-I/O: the
// producer id and epoch, each partition's sequence numbers, and what an InitProducerId or
// Produce answer means for them. No clock of its own (calls that care take `now`), no sockets:
// the producer sends the InitProducerId it is handed and feeds back the answers.
//
// Life of it: no id yet → next_init() hands out an InitProducerId → on_init() with the answer:
// ready (id and epoch known), retry after retry.backoff.ms, or fatal (idempotence is impossible,
// every record fails). While ready, a batch takes its base sequence at its first send
// (assign(); a retry keeps it) and on_acknowledged() records where the partition's log ends.
// A lost sequence — a batch with sequence numbers failed for good (delivery timeout, retries
// exhausted, a fatal error), UNKNOWN_PRODUCER_ID, or an OUT_OF_ORDER_SEQUENCE_NUMBER that no
// earlier batch still being retried explains — needs a new epoch: next_init() then hands out
// InitProducerId with the current id and epoch once no Produce is in flight, and its answer
// restarts every partition at sequence 0 (on_init() says `bumped`; the caller renumbers the
// batches it still holds with assign(), in order).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <kwire/protocol/messages/init_producer_id.hpp>

namespace kwire::client {

// What a Produce error means for a batch that carries sequence numbers.
enum class sequence_verdict {
  not_ours,   // an ordinary error: retriable or not as its code says
  duplicate,  // DUPLICATE_SEQUENCE_NUMBER: the broker already has the batch, a success
  lost,       // OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID: retry (on_sequence_error says
              // whether the epoch must be bumped first)
  fenced,     // INVALID_PRODUCER_EPOCH, PRODUCER_FENCED: the batch fails
};
sequence_verdict classify_sequence_error(std::error_code ec);

class idempotence {
 public:
  using clock = std::chrono::steady_clock;

  explicit idempotence(std::chrono::milliseconds retry_backoff) : backoff_(retry_backoff) {}

  std::int64_t producer_id() const { return producer_id_; }
  std::int16_t producer_epoch() const { return producer_epoch_; }
  // Batches may be numbered and sent: an id is known, no bump is pending, nothing fatal.
  bool ready() const { return producer_id_ >= 0 && !bump_needed_ && !fatal_; }
  bool bump_needed() const { return bump_needed_; }
  std::error_code fatal_error() const { return fatal_; }
  const std::string& fatal_detail() const { return fatal_detail_; }

  // The InitProducerId to send now, if one is due: no id is known or a bump is needed, none is
  // out, no Produce is in flight (a bump must not overtake answers still coming for the old
  // epoch) and the backoff after a failed attempt has passed. `wake_at`: when to ask again.
  struct init_step {
    std::optional<protocol::init_producer_id_request> request;
    std::optional<clock::time_point> wake_at;
  };
  init_step next_init(clock::time_point now, bool produce_in_flight);

  enum class init_outcome {
    ready,   // the first id and epoch
    bumped,  // a new epoch (or id) after a lost sequence: every partition restarts at 0
    retry,   // try again at next_init()'s wake_at
    fatal,   // fatal_error() / fatal_detail(): every record fails
  };
  // The answer to the InitProducerId next_init() handed out. `ec`/`detail`: the request failed
  // below the broker (connection lost, timed out, ...).
  init_outcome on_init(std::error_code ec, const std::string& detail, const protocol::init_producer_id_response& r,
                       clock::time_point now);

  // Sequences (wrapping at int32 max, as Java's DefaultRecordBatch.incrementSequence does).
  // The base sequence for a batch of `records` records, now; the partition moves past it.
  std::int32_t assign(std::string_view topic, std::int32_t partition, std::int32_t records);
  std::int32_t next_sequence(std::string_view topic, std::int32_t partition) const;

  // The broker wrote the batch (or already had it): the partition's log ends after it, unless a
  // later batch was acknowledged already (the end never moves back).
  void on_acknowledged(std::string_view topic, std::int32_t partition, std::int32_t base_sequence,
                       std::int32_t records);
  // A Produce answer classified `lost`. Returns whether the epoch must be bumped: always for
  // UNKNOWN_PRODUCER_ID; for OUT_OF_ORDER_SEQUENCE_NUMBER when the batch is the next the log
  // expects or lies behind the log's end (later sequences were acknowledged before it: the
  // broker will never take it under this epoch). A batch after the log's end is retried: an
  // earlier batch is being retried and fills the gap first.
  bool on_sequence_error(std::string_view topic, std::int32_t partition, std::int32_t base_sequence,
                         std::error_code ec);
  // An OUT_OF_ORDER_SEQUENCE_NUMBER for a batch after the log's end: an earlier batch still being
  // retried fills the gap first, and this one is retried after it under the same epoch. A broker
  // verifying a transaction (KIP-890) answers this when a later batch overtakes the transaction's
  // first one of the partition (not written yet, answered with a retriable error). Used as is by a
  // transactional producer, whose epoch only its transaction manager moves.
  bool gap_filled_by_earlier_batch(std::string_view topic, std::int32_t partition, std::int32_t base_sequence,
                                   std::error_code ec) const;
  // A batch that had sequence numbers failed for good: the broker would wait forever for them
  // (OUT_OF_ORDER for every later batch), so a new epoch starts over.
  void on_batch_failed() { bump_needed_ = true; }
  // A transactional producer's id and epoch, from its transaction manager (InitProducerId with
  // the transactional id, KIP-360 bump, or transactions v2's EndTxn): every partition restarts
  // at sequence 0.
  void adopt(std::int64_t producer_id, std::int16_t producer_epoch);

 private:
  struct partition_sequences {
    std::int32_t next = 0;      // the next batch's base sequence
    std::int32_t acked_end = 0; // the sequence after the last acknowledged batch
  };
  partition_sequences& sequences(std::string_view topic, std::int32_t partition);
  const partition_sequences* find(std::string_view topic, std::int32_t partition) const;
  init_outcome fail_init(std::error_code ec, const std::string& detail, clock::time_point now);

  std::chrono::milliseconds backoff_;
  std::int64_t producer_id_ = -1;
  std::int16_t producer_epoch_ = -1;
  bool bump_needed_ = false;
  bool requesting_ = false;
  clock::time_point next_attempt_{};
  std::error_code fatal_;
  std::string fatal_detail_;
  std::map<std::string, std::map<std::int32_t, partition_sequences>, std::less<>> topics_;
};

}  // namespace kwire::client
