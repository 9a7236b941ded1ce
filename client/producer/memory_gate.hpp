#pragma once
// buffer.memory as a bound the producer's callers feel (issue 18). Two kinds of bytes count:
//   - batches: what the accumulator has reserved (it refuses a new batch past buffer.memory);
//     the producer's strand reports it with set_batches() whenever it changes;
//   - copies: records copied because they cannot be appended now (sent from another thread and
//     in transit to the strand, waiting for their topic's metadata, or waiting for batch
//     memory), each held by a `ticket` that gives its bytes back when the copy goes.
// Two ways in:
//   - wait_for_room (blocking_producer::send, from the caller's thread): waits until batches +
//     copies + the record fit in buffer.memory, up to a deadline (max.block.ms), as Java's
//     send() blocks;
//   - try_copy (the asynchronous send): takes a ticket at once if the copies stay within
//     buffer.memory, else refuses, and the send completes its handler with the refusal: an
//     asynchronous caller is never blocked and the copies never grow without bound.
// So the bytes a producer holds for records are at most 2 x buffer.memory (batches plus
// copies), and at most buffer.memory (plus one batch) for a caller that only uses the blocking
// send. Thread-safe; the counters are atomics and the mutex is taken only when someone waits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace kwire::client {

class memory_gate {
 public:
  class ticket {
   public:
    ticket() = default;
    ticket(ticket&& o) noexcept : gate_(o.gate_), bytes_(o.bytes_) { o.gate_ = nullptr; }
    ticket& operator=(ticket&& o) noexcept {
      if (this != &o) {
        release();
        gate_ = o.gate_;
        bytes_ = o.bytes_;
        o.gate_ = nullptr;
      }
      return *this;
    }
    ~ticket() { release(); }
    std::int64_t bytes() const { return gate_ ? bytes_ : 0; }
    void release();

   private:
    friend class memory_gate;
    ticket(memory_gate* g, std::int64_t n) : gate_(g), bytes_(n) {}
    memory_gate* gate_ = nullptr;
    std::int64_t bytes_ = 0;
  };

  explicit memory_gate(std::int64_t limit) : limit_(limit) {}
  memory_gate(const memory_gate&) = delete;
  memory_gate& operator=(const memory_gate&) = delete;

  // A ticket for a copy of `n` bytes when the copies stay within the limit (a first copy always
  // fits, so one record as big as buffer.memory can still wait); nullopt otherwise.
  std::optional<ticket> try_copy(std::int64_t n);
  // A ticket without any check, for a copy whose room was waited for (wait_for_room) or that
  // must be made anyway (it is counted, so it holds others back).
  ticket force_copy(std::int64_t n);
  // Blocks until batches + copies + n <= limit (or nothing is held at all), then returns true;
  // false at `deadline`. Never call it from the producer's strand (it would wait for itself).
  bool wait_for_room(std::int64_t n, std::chrono::steady_clock::time_point deadline);

  void set_batches(std::int64_t bytes);

  std::int64_t limit() const { return limit_; }
  std::int64_t batches() const { return batches_.load(std::memory_order_relaxed); }
  std::int64_t copies() const { return copies_.load(std::memory_order_relaxed); }
  // "buffer.memory (L bytes) is full: B bytes in batches, C bytes of records waiting".
  std::string describe() const;

 private:
  void freed();  // after a counter went down: wakes waiters, if any

  const std::int64_t limit_;
  std::atomic<std::int64_t> batches_{0};
  std::atomic<std::int64_t> copies_{0};
  std::atomic<int> waiters_{0};
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace kwire::client
