#pragma once
// The producer's record accumulator, sans-I/O: records go straight into per-partition batches in
// wire format (protocol::record_batch_builder), batches are handed out per leader broker for one
// Produce request, and come back to be completed or retried. No clock of its own (every call
// that cares takes `now`), no threads, no metadata: the caller says who leads a partition.
//
// Life of a batch: append() fills the last batch of a partition until it reaches batch.size →
// ready() reports the leader as ready (batch full, linger.ms elapsed, flush, memory waiters, or a
// retry whose backoff elapsed) → drain() closes it (producer id, epoch and base sequence from
// the idempotence part when idempotent, compression, CRC) and hands it out → complete() on success or final failure (memory released), or
// reenqueue() to retry (back to the FRONT of its partition, keeping order) → expired() reports
// queued batches older than delivery.timeout.ms.
//
// Memory (buffer.memory): a new batch reserves max(batch.size, size of its first record);
// append() says would_block when that does not fit, and the caller waits (up to max.block.ms)
// for complete() to release some. Builders are recycled, so a warmed-up producer allocates
// nothing per record.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <kwire/compression/compression.hpp>
#include <kwire/producer/idempotence.hpp>
#include <kwire/producer/partitioner.hpp>
#include <kwire/producer/producer_handler.hpp>
#include <kwire/protocol/record_batch_builder.hpp>

namespace kwire::client {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct accumulator_config {
  std::int32_t batch_size = 16384;
  std::int64_t buffer_memory = 32 << 20;
  std::int32_t max_request_size = 1 << 20;
  milliseconds linger{5};
  milliseconds retry_backoff{100};
  milliseconds delivery_timeout{120000};
  compression::codec codec = compression::codec::none;
  int compression_level = compression::default_level;
  bool idempotent = false;
  bool transactional = false;  // batches carry the transactional attribute
  // Batches of one partition out at once. 1 keeps order without idempotence (Java's
  // max.in.flight=1); with idempotence up to 5 stay ordered through sequence numbers.
  int max_in_flight_per_partition = 5;
};

struct producer_batch {
  std::string topic;
  std::int32_t partition = -1;
  protocol::record_batch_builder builder;
  clock::time_point created{};       // first record appended
  clock::time_point retry_after{};   // not before (after a reenqueue)
  int attempts = 0;                  // times drained
  bool in_flight = false;
  std::int32_t base_sequence = -1;   // idempotent: assigned at first drain, kept across retries
  std::size_t reserved = 0;          // bytes of buffer.memory it holds
  std::uint64_t id = 0;              // unique per batch lifetime, for the caller's bookkeeping
  std::uint64_t first_record = 0;    // records appended to the accumulator before this batch's first
  std::error_code error;             // set by drain() when the batch could not be closed
  std::string error_detail;          // (the caller fails its records instead of sending it)
  // The producer's state of the batch lives here rather than in maps keyed by batch: the
  // records' handlers (index = offset delta) and why the last attempt failed (for the
  // delivery.timeout.ms message). Recycled with the batch, so the vector keeps its capacity.
  std::vector<detail::pending_record> records;
  std::string last_error;
};

// Who leads a partition now; nullopt when unknown (the caller should refresh metadata).
using leader_lookup = std::function<std::optional<std::int32_t>(std::string_view topic, std::int32_t partition)>;

class accumulator {
 public:
  explicit accumulator(accumulator_config cfg) : cfg_(cfg) {}
  accumulator(const accumulator&) = delete;
  accumulator& operator=(const accumulator&) = delete;

  struct append_result {
    std::error_code ec;        // too large (broker_errc::message_too_large), bad record
    std::string detail;
    bool would_block = false;  // buffer.memory exhausted: wait for complete() and try again
    producer_batch* batch = nullptr;
    std::int32_t index = -1;   // the record's place in its batch (its offset delta)
    bool batch_full = false;   // the batch has no room left now
    std::size_t appended_bytes = 0;  // what the record added to the batch (a new batch's header too)
    explicit operator bool() const { return !ec && !would_block; }
  };
  append_result append(std::string_view topic, std::int32_t partition, const protocol::record_ref& r,
                       clock::time_point now);

  // KIP-794's queue lengths: the batches waiting (not those in flight) on each partition
  // of `topic` that has had a record, into `out`. Nothing until each of its `partitions` has had
  // one: adaptive partitioning would never pick a partition it has no figure for (as Java's
  // RecordAccumulator, which waits the same way).
  void queue_lengths(std::string_view topic, std::int32_t partitions, std::vector<partition_load>& out) const;

  struct ready_result {
    std::vector<std::int32_t> nodes;                // leaders with something to send now
    std::optional<clock::duration> next_check;      // when something may become ready
    std::vector<std::string> unknown_leader_topics; // partitions with data but no known leader
  };
  ready_result ready(clock::time_point now, const leader_lookup& leader_of) const;

  // Batches for one Produce request to `node`: at most one per partition, their bytes together
  // within max.request.size (the first always goes), closed and marked in flight.
  // An idempotent accumulator drains nothing until `idem` is ready; a batch closed here takes its
  // producer id, epoch and base sequence from it.
  std::vector<producer_batch*> drain(std::int32_t node, clock::time_point now, const leader_lookup& leader_of,
                                     idempotence* idem = nullptr);

  // The batch is done (acknowledged or failed for good): its memory and builder are recycled.
  void complete(producer_batch* b);
  // Retriable failure: back to the front of its partition (in sequence order when idempotent),
  // ready again after retry.backoff.ms.
  void reenqueue(producer_batch* b, clock::time_point now);
  // MESSAGE_TOO_LARGE for the in-flight batch `b` of more than one record (as Java's
  // splitAndReenqueue): its records are decoded from the bytes that were sent and go into two
  // closed batches of half the records each (the first half first; compressed with the same
  // codec), at the front of the partition, sendable at once. With idempotence the halves keep
  // `b`'s producer id, epoch and sequence range (first half from its base sequence), so later
  // batches stay numbered right. The records' handlers move with them; `b` is recycled, its
  // memory passes to the halves. Returns the halves, or an error (nothing changed) when the
  // bytes do not decode.
  struct split_result {
    std::error_code ec;
    std::string detail;
    producer_batch* first = nullptr;
    producer_batch* second = nullptr;
    explicit operator bool() const { return !ec; }
  };
  split_result split(producer_batch* b, clock::time_point now, idempotence* idem = nullptr);
  // Queued (not in flight) batches older than delivery.timeout.ms, removed from their queues.
  // The caller fails their records, then complete()s them.
  std::vector<producer_batch*> expired(clock::time_point now);
  bool is_expired(const producer_batch& b, clock::time_point now) const {
    return now - b.created >= cfg_.delivery_timeout;
  }

  // After an epoch bump (idempotence::on_init said `bumped`, every partition at sequence 0):
  // queued batches that had sequences take new ones in queue order and are rewritten with the
  // new id and epoch. Call with nothing in flight.
  void renumber(idempotence& idem);

  // flush(): every queued batch counts as ready until end_flush().
  void begin_flush() { ++flushing_; }
  void end_flush() { if (flushing_ > 0) --flushing_; }
  // Something appended and not completed yet.
  bool has_incomplete() const { return incomplete_ > 0; }
  std::size_t queued_batches() const;

  std::int64_t memory_used() const { return used_; }
  std::int64_t memory_available() const { return cfg_.buffer_memory - used_; }

 private:
  struct partition_queue {
    std::string topic;
    std::int32_t partition;
    std::deque<producer_batch*> batches;  // front = oldest
    int in_flight = 0;
  };
  partition_queue& queue(std::string_view topic, std::int32_t partition);
  bool sendable(const partition_queue& q, clock::time_point now) const;
  bool held_by_in_flight(const partition_queue& q) const;
  bool add_to(producer_batch& b, const protocol::record_ref& r, append_result& res, bool fresh);
  void close(producer_batch& b, idempotence* idem);
  void insert_for_retry(partition_queue& q, producer_batch* b);
  producer_batch* new_batch(std::string_view topic, std::int32_t partition, std::size_t reserve,
                            clock::time_point now);

  accumulator_config cfg_;
  std::map<std::string, std::map<std::int32_t, partition_queue>, std::less<>> topics_;
  std::vector<partition_queue*> order_;          // every queue, for drain's round robin
  std::map<std::int32_t, std::size_t> drain_at_;  // node → where its next drain starts in order_
  std::vector<std::unique_ptr<producer_batch>> pool_;  // every batch ever made; owned here
  std::vector<producer_batch*> free_;                  // recycled ones (their buffers warm)
  std::int64_t used_ = 0;
  std::size_t incomplete_ = 0;
  int flushing_ = 0;
  bool waiters_ = false;  // an append was refused for memory: send what there is
  std::uint64_t next_id_ = 1;
  std::uint64_t records_appended_ = 0;
};

}  // namespace kwire::client
