// The record accumulator, driven with a scripted clock: batches fill and close on batch.size,
// become ready on linger.ms / flush / memory pressure / retry backoff, drain per leader within
// max.request.size, keep per-partition order on retry, expire on delivery.timeout.ms, account
// buffer.memory, and number idempotent batches (stable across retries, renumbered on an epoch
// bump). Drained bytes are decoded with protocol/record_batch.hpp to check what would be sent.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <vector>

#include <kwire/producer/accumulator.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/record_batch.hpp>

// Every allocation in this test binary is counted, to prove the append path allocates nothing
// once batches are warm. Kept out of line: inlined, GCC takes free() of operator new's
// pointer for a mismatch (-Wmismatched-new-delete).
static std::atomic<std::size_t> allocations{0};
[[gnu::noinline]] void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace kwire::client;
using namespace std::chrono_literals;
using kwire::broker_errc;
namespace protocol = kwire::protocol;

namespace {

const clock::time_point t0 = clock::time_point{} + 1000h;

protocol::bytes value_of(std::size_t n, std::uint8_t fill = 0x61) { return protocol::bytes(n, fill); }

// Records with a 100-byte value: 61-byte header + 109 bytes per record in a batch
// (length 2 + attributes 1 + timestamp delta 1 + offset delta 1 + null key 1 + value 2 + 100 +
// header count 1).
struct fixture {
  protocol::bytes value = value_of(100);
  protocol::record_ref rec(std::int64_t ts = 1) const { return {ts, std::nullopt, protocol::byte_view(value), {}}; }
  // Partition p of topic "t" is led by node p % 2; topic "lost" has no leader.
  leader_lookup leaders = [](std::string_view topic, std::int32_t p) -> std::optional<std::int32_t> {
    if (topic == "lost") return std::nullopt;
    return p % 2;
  };
};

// An idempotence part that knows producer `id` at `epoch`, from a scripted InitProducerId answer.
idempotence with_producer_id(std::int64_t id, std::int16_t epoch) {
  idempotence idem(100ms);
  EXPECT_TRUE(idem.next_init(t0, false).request);
  protocol::init_producer_id_response r;
  r.producer_id = id;
  r.producer_epoch = epoch;
  EXPECT_EQ(idem.on_init({}, {}, r, t0), idempotence::init_outcome::ready);
  return idem;
}

accumulator_config small_batches() {
  accumulator_config c;
  c.batch_size = 400;  // three records of 109 bytes + header fit, a fourth does not
  c.linger = 10ms;
  c.retry_backoff = 100ms;
  c.delivery_timeout = 1000ms;
  c.buffer_memory = 10'000;
  return c;
}

std::vector<protocol::record_batch> decode(const producer_batch* b) {
  std::vector<protocol::record_batch> out;
  auto res = protocol::decode_batches(b->builder.bytes(), out, true);
  EXPECT_TRUE(res) << res.detail;
  return out;
}

TEST(Accumulator, FillsABatchUntilBatchSize) {
  fixture f;
  accumulator acc(small_batches());
  std::vector<accumulator::append_result> r;
  for (int i = 0; i < 4; ++i) r.push_back(acc.append("t", 0, f.rec(i), t0));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(r[i]) << r[i].detail;
    EXPECT_EQ(r[i].batch, r[0].batch);
    EXPECT_EQ(r[i].index, i);
  }
  EXPECT_FALSE(r[0].batch_full);
  EXPECT_FALSE(r[2].batch_full);  // 61 + 3 * 109 = 388 < 400
  ASSERT_TRUE(r[3]);
  EXPECT_NE(r[3].batch, r[0].batch);  // the fourth did not fit: a new batch
  EXPECT_EQ(r[3].index, 0);
  EXPECT_EQ(acc.queued_batches(), 2u);
  EXPECT_EQ(r[0].batch->builder.record_count(), 3);

  // A record that fills the batch exactly to batch.size reports it full.
  accumulator_config c = small_batches();
  c.batch_size = 61 + 2 * 109;
  accumulator exact(c);
  EXPECT_FALSE(exact.append("t", 0, f.rec(), t0).batch_full);
  EXPECT_TRUE(exact.append("t", 0, f.rec(), t0).batch_full);
}

TEST(Accumulator, AppendedBytesAndQueueLengthsForThePartitioner) {
  fixture f;
  accumulator acc(small_batches());
  // The first record of a batch counts the batch's header too; the next ones their own bytes.
  auto r = acc.append("t", 0, f.rec(), t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.appended_bytes, r.batch->builder.size());
  const auto first = r.appended_bytes;
  r = acc.append("t", 0, f.rec(), t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.appended_bytes, r.batch->builder.size() - first);
  EXPECT_LT(r.appended_bytes, first);

  // No figures until every partition of the topic has had a record.
  std::vector<partition_load> load;
  acc.queue_lengths("t", 2, load);
  EXPECT_TRUE(load.empty());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(acc.append("t", 1, f.rec(), t0));  // small batches: 2 of them
  acc.queue_lengths("t", 2, load);
  ASSERT_EQ(load.size(), 2u);
  EXPECT_EQ(load[0].partition, 0);
  EXPECT_EQ(load[1].partition, 1);
  EXPECT_EQ(load[0].queued, static_cast<std::int32_t>(acc.queued_batches()) - load[1].queued);
  EXPECT_GT(load[1].queued, load[0].queued);
  acc.queue_lengths("other", 1, load);
  EXPECT_TRUE(load.empty());
}

TEST(Accumulator, ReadyOnLingerFullFlushAndUnknownLeaders) {
  fixture f;
  accumulator acc(small_batches());
  ASSERT_TRUE(acc.append("t", 0, f.rec(), t0));
  auto ready = acc.ready(t0 + 3ms, f.leaders);
  EXPECT_TRUE(ready.nodes.empty());
  ASSERT_TRUE(ready.next_check);
  EXPECT_EQ(*ready.next_check, 7ms);  // linger.ms 10 from the first append
  ready = acc.ready(t0 + 10ms, f.leaders);
  EXPECT_EQ(ready.nodes, std::vector<std::int32_t>{0});

  // Full batches are ready before linger: partition 1 (node 1) gets a second batch.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(acc.append("t", 1, f.rec(), t0 + 5ms));
  ready = acc.ready(t0 + 5ms, f.leaders);
  EXPECT_EQ(ready.nodes, std::vector<std::int32_t>{1});

  // flush(): everything counts as ready until end_flush.
  accumulator other(small_batches());
  ASSERT_TRUE(other.append("t", 2, f.rec(), t0));
  ASSERT_TRUE(other.append("t", 4, f.rec(), t0));
  EXPECT_TRUE(other.ready(t0, f.leaders).nodes.empty());
  other.begin_flush();
  EXPECT_EQ(other.ready(t0, f.leaders).nodes, std::vector<std::int32_t>{0});  // both on node 0, listed once
  other.end_flush();
  EXPECT_TRUE(other.ready(t0, f.leaders).nodes.empty());

  ASSERT_TRUE(other.append("lost", 0, f.rec(), t0));
  ASSERT_TRUE(other.append("lost", 1, f.rec(), t0));
  ready = other.ready(t0 + 1h, f.leaders);
  EXPECT_EQ(ready.unknown_leader_topics, std::vector<std::string>{"lost"});
  EXPECT_EQ(ready.nodes, std::vector<std::int32_t>{0});
}

TEST(Accumulator, DrainsOneBatchPerPartitionWithinMaxRequestSize) {
  fixture f;
  accumulator_config c = small_batches();
  c.max_request_size = 700;  // room for one full batch (388 bytes), not two
  accumulator acc(c);
  for (int p : {0, 2, 4})
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(acc.append("t", p, f.rec(), t0));  // two full batches each
  EXPECT_EQ(acc.queued_batches(), 6u);
  EXPECT_EQ(acc.ready(t0, f.leaders).nodes, std::vector<std::int32_t>{0});
  EXPECT_TRUE(acc.drain(1, t0, f.leaders).empty());  // node 1 leads none of them

  std::map<std::int32_t, int> served;
  std::vector<producer_batch*> all;
  for (int round = 0; round < 6; ++round) {
    auto batches = acc.drain(0, t0, f.leaders);
    ASSERT_EQ(batches.size(), 1u) << "round " << round;
    producer_batch* b = batches[0];
    EXPECT_TRUE(b->in_flight);
    EXPECT_TRUE(b->builder.closed());
    EXPECT_EQ(b->attempts, 1);
    ++served[b->partition];
    all.push_back(b);
  }
  // Fair: each partition served twice over six drains.
  EXPECT_EQ(served, (std::map<std::int32_t, int>{{0, 2}, {2, 2}, {4, 2}}));
  EXPECT_EQ(acc.queued_batches(), 0u);
  // A batch larger than max.request.size still goes, alone.
  accumulator_config tiny = small_batches();
  tiny.max_request_size = 300;
  accumulator one(tiny);
  ASSERT_TRUE(one.append("t", 0, f.rec(), t0));
  ASSERT_TRUE(one.append("t", 0, f.rec(), t0));  // 279 bytes
  ASSERT_TRUE(one.append("t", 2, f.rec(), t0));
  auto first = one.drain(0, t0 + 1h, f.leaders);
  EXPECT_EQ(first.size(), 1u);
  EXPECT_EQ(one.drain(0, t0 + 1h, f.leaders).size(), 1u);
}

TEST(Accumulator, InFlightLimitPerPartitionKeepsOrder) {
  fixture f;
  accumulator_config c = small_batches();
  c.max_in_flight_per_partition = 1;
  accumulator acc(c);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));  // three batches
  auto a = acc.drain(0, t0, f.leaders);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(acc.drain(0, t0, f.leaders).empty());  // partition 0 is busy
  EXPECT_TRUE(acc.ready(t0, f.leaders).nodes.empty());
  acc.complete(a[0]);
  auto b = acc.drain(0, t0, f.leaders);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(decode(b[0])[0].records.front().timestamp, 3);  // the second batch, in order
}

// Without idempotence the producer allows max.in.flight.requests.per.connection batches of a
// partition out (Java's rule): they pipeline, and a retried batch goes back to the front of
// what is queued, behind the later batches already sent (the reordering Java documents).
TEST(Accumulator, PipelinesAPartitionUpToItsLimitWithoutIdempotence) {
  fixture f;
  accumulator_config c = small_batches();
  c.max_in_flight_per_partition = 5;
  accumulator acc(c);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));  // three full batches
  std::vector<producer_batch*> out;
  for (int i = 0; i < 3; ++i) {
    auto d = acc.drain(0, t0, f.leaders);
    ASSERT_EQ(d.size(), 1u);  // one batch of a partition per request
    out.push_back(d[0]);
  }
  EXPECT_EQ(decode(out[0])[0].records.front().timestamp, 0);
  EXPECT_EQ(decode(out[1])[0].records.front().timestamp, 3);
  EXPECT_EQ(decode(out[2])[0].records.front().timestamp, 6);
  acc.reenqueue(out[0], t0);  // the first fails retriably while the others are out
  auto again = acc.drain(0, t0 + 200ms, f.leaders);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0], out[0]);
  for (auto* b : {out[0], out[1], out[2]}) acc.complete(b);
  EXPECT_FALSE(acc.has_incomplete());
}

// MESSAGE_TOO_LARGE: a sent batch comes back as two closed halves at the front of its
// partition, compressed as before, holding the same memory; a one-record batch cannot split.
TEST(Accumulator, SplitsATooLargeBatchIntoHalvesAtTheFront) {
  fixture f;
  accumulator_config c = small_batches();
  c.batch_size = 1000;  // 8 records of 109 bytes in one batch
  c.codec = kwire::compression::codec::lz4;
  accumulator acc(c);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));  // 8 + 1
  auto d = acc.drain(0, t0 + 1h, f.leaders);
  ASSERT_EQ(d.size(), 1u);
  ASSERT_EQ(d[0]->builder.record_count(), 8);
  const auto memory = acc.memory_used();
  auto res = acc.split(d[0], t0 + 1h);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(acc.memory_used(), memory);
  const auto first = decode(res.first), second = decode(res.second);
  ASSERT_EQ(first[0].records.size(), 4u);
  ASSERT_EQ(second[0].records.size(), 4u);
  EXPECT_EQ(first[0].compression(), protocol::compression_codec::lz4);
  EXPECT_EQ(first[0].records.front().timestamp, 0);
  EXPECT_EQ(second[0].records.front().timestamp, 4);
  EXPECT_EQ(second[0].records.back().value, f.value);
  // Sendable at once, in order, before the younger batch.
  std::vector<std::int64_t> sent;
  for (int i = 0; i < 3; ++i) {
    auto next = acc.drain(0, t0 + 1h, f.leaders);
    ASSERT_EQ(next.size(), 1u);
    sent.push_back(decode(next[0])[0].records.front().timestamp);
    if (next[0]->builder.record_count() == 1) {
      EXPECT_FALSE(acc.split(next[0], t0 + 1h));  // one record: nothing to split
    }
    acc.complete(next[0]);
  }
  EXPECT_EQ(sent, (std::vector<std::int64_t>{0, 4, 8}));
  EXPECT_FALSE(acc.has_incomplete());
  EXPECT_EQ(acc.memory_used(), 0);
}

// With idempotence the halves keep the batch's id, epoch and sequence range, so the batch sent
// after it keeps its numbers.
TEST(Accumulator, SplitHalvesKeepTheSequenceRange) {
  fixture f;
  accumulator_config c = small_batches();
  c.batch_size = 1000;
  c.idempotent = true;
  accumulator acc(c);
  auto idem = with_producer_id(77, 3);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));
  auto d1 = acc.drain(0, t0 + 1h, f.leaders, &idem);
  ASSERT_TRUE(acc.append("t", 0, f.rec(5), t0 + 1h));
  auto d2 = acc.drain(0, t0 + 2h, f.leaders, &idem);
  ASSERT_EQ(d1.size(), 1u);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0]->base_sequence, 5);
  auto res = acc.split(d1[0], t0 + 2h, &idem);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(res.first->base_sequence, 0);
  EXPECT_EQ(res.second->base_sequence, 2);
  const auto a = decode(res.first), b = decode(res.second);
  EXPECT_EQ(a[0].records.size(), 2u);
  EXPECT_EQ(b[0].records.size(), 3u);
  EXPECT_EQ(b[0].producer_id, 77);
  EXPECT_EQ(b[0].producer_epoch, 3);
  EXPECT_EQ(b[0].base_sequence, 2);
  EXPECT_EQ(idem.next_sequence("t", 0), 6);  // unchanged: the halves reuse 0..4
  // The later batch fails retriably meanwhile: it goes back behind the halves (sequence order).
  acc.reenqueue(d2[0], t0 + 2h);
  std::vector<std::int32_t> order;
  for (int i = 0; i < 3; ++i) {
    auto next = acc.drain(0, t0 + 3h, f.leaders, &idem);
    ASSERT_EQ(next.size(), 1u);
    order.push_back(next[0]->base_sequence);
    acc.complete(next[0]);
  }
  EXPECT_EQ(order, (std::vector<std::int32_t>{0, 2, 5}));
}

// Without idempotence, halves of two batches split in the order their answers came back (the
// later batch's first) still queue in append order.
TEST(Accumulator, SplitHalvesQueueInAppendOrder) {
  fixture f;
  accumulator_config c = small_batches();
  accumulator acc(c);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));  // two batches of 3
  auto a = acc.drain(0, t0 + 1h, f.leaders);
  auto b = acc.drain(0, t0 + 1h, f.leaders);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_TRUE(acc.split(b[0], t0 + 1h));
  ASSERT_TRUE(acc.split(a[0], t0 + 1h));
  std::vector<std::int64_t> order;
  for (int i = 0; i < 4; ++i) {
    auto next = acc.drain(0, t0 + 1h, f.leaders);
    ASSERT_EQ(next.size(), 1u);
    order.push_back(decode(next[0])[0].records.front().timestamp);
  }
  EXPECT_EQ(order, (std::vector<std::int64_t>{0, 1, 3, 4}));
}

TEST(Accumulator, RetryGoesBackToTheFrontAfterBackoff) {
  fixture f;
  accumulator_config c = small_batches();
  c.max_in_flight_per_partition = 1;
  accumulator acc(c);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));
  auto first = acc.drain(0, t0, f.leaders);
  ASSERT_EQ(first.size(), 1u);
  producer_batch* b = first[0];
  acc.reenqueue(b, t0 + 50ms);
  EXPECT_FALSE(b->in_flight);
  // Not before retry.backoff.ms, and the younger batch must not overtake it.
  EXPECT_TRUE(acc.drain(0, t0 + 100ms, f.leaders).empty());
  auto ready = acc.ready(t0 + 100ms, f.leaders);
  EXPECT_TRUE(ready.nodes.empty());
  ASSERT_TRUE(ready.next_check);
  EXPECT_EQ(*ready.next_check, 50ms);
  EXPECT_EQ(acc.ready(t0 + 150ms, f.leaders).nodes, std::vector<std::int32_t>{0});
  auto again = acc.drain(0, t0 + 150ms, f.leaders);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0], b);
  EXPECT_EQ(b->attempts, 2);
  EXPECT_EQ(decode(b)[0].records.front().timestamp, 0);
}

TEST(Accumulator, IdempotentSequencesAreAssignedAtDrainAndStable) {
  fixture f;
  accumulator_config c = small_batches();
  c.idempotent = true;
  c.codec = kwire::compression::codec::lz4;
  accumulator acc(c);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));  // 3 + 3 + 1 records
  EXPECT_TRUE(acc.drain(0, t0 + 1h, f.leaders).empty());  // no producer id yet: nothing leaves
  idempotence waiting(100ms);
  EXPECT_TRUE(acc.drain(0, t0 + 1h, f.leaders, &waiting).empty());
  auto idem = with_producer_id(9000, 2);
  auto d1 = acc.drain(0, t0 + 1h, f.leaders, &idem);
  auto d2 = acc.drain(0, t0 + 1h, f.leaders, &idem);
  ASSERT_EQ(d1.size(), 1u);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d1[0]->base_sequence, 0);
  EXPECT_EQ(d2[0]->base_sequence, 3);
  EXPECT_EQ(idem.next_sequence("t", 0), 6);
  auto batch = decode(d2[0]);
  EXPECT_EQ(batch[0].producer_id, 9000);
  EXPECT_EQ(batch[0].producer_epoch, 2);
  EXPECT_EQ(batch[0].base_sequence, 3);
  EXPECT_EQ(batch[0].compression(), protocol::compression_codec::lz4);

  // Both fail; they return in sequence order whatever order the failures arrive in, and one at a
  // time: the second retry waits until the first is answered (it could overtake it otherwise).
  acc.reenqueue(d2[0], t0 + 1h);
  acc.reenqueue(d1[0], t0 + 1h);
  auto r1 = acc.drain(0, t0 + 2h, f.leaders, &idem);
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_EQ(r1[0]->base_sequence, 0);
  EXPECT_EQ(decode(r1[0])[0].base_sequence, 0);
  EXPECT_TRUE(acc.drain(0, t0 + 2h, f.leaders, &idem).empty());
  acc.complete(r1[0]);  // answered
  auto r2 = acc.drain(0, t0 + 2h, f.leaders, &idem);
  auto r3 = acc.drain(0, t0 + 2h, f.leaders, &idem);
  ASSERT_EQ(r2.size(), 1u);
  ASSERT_EQ(r3.size(), 1u);
  EXPECT_EQ(r2[0]->base_sequence, 3);  // same numbers on retry
  EXPECT_EQ(r3[0]->base_sequence, 6);  // a new batch may follow a retry in flight
  EXPECT_EQ(idem.next_sequence("t", 0), 7);
}

TEST(Accumulator, EpochBumpRenumbersQueuedBatches) {
  fixture f;
  accumulator_config c = small_batches();
  c.idempotent = true;
  accumulator acc(c);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(acc.append("t", 0, f.rec(i), t0));
  auto idem = with_producer_id(1, 0);
  auto d1 = acc.drain(0, t0 + 1h, f.leaders, &idem);
  auto d2 = acc.drain(0, t0 + 1h, f.leaders, &idem);
  ASSERT_EQ(d2.size(), 1u);
  idem.on_acknowledged("t", 0, d1[0]->base_sequence, d1[0]->builder.record_count());
  acc.complete(d1[0]);
  // OUT_OF_ORDER_SEQUENCE_NUMBER for the batch the log expects next: the epoch is bumped.
  ASSERT_TRUE(idem.on_sequence_error("t", 0, d2[0]->base_sequence, broker_errc::out_of_order_sequence_number));
  acc.reenqueue(d2[0], t0);
  ASSERT_TRUE(idem.next_init(t0 + 1h, false).request);
  protocol::init_producer_id_response bumped;
  bumped.producer_id = 1;
  bumped.producer_epoch = 1;
  ASSERT_EQ(idem.on_init({}, {}, bumped, t0 + 1h), idempotence::init_outcome::bumped);
  acc.renumber(idem);
  auto retry = acc.drain(0, t0 + 1h, f.leaders, &idem);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0], d2[0]);
  EXPECT_EQ(retry[0]->base_sequence, 0);
  auto decoded = decode(retry[0]);  // CRC checked: the rewrite recomputed it
  EXPECT_EQ(decoded[0].producer_epoch, 1);
  EXPECT_EQ(decoded[0].base_sequence, 0);
  auto next = acc.drain(0, t0 + 1h, f.leaders, &idem);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0]->base_sequence, 3);  // the batch never sent continues after the renumbered one
  EXPECT_EQ(decode(next[0])[0].producer_epoch, 1);
}

TEST(Accumulator, BufferMemoryBlocksAndIsReleased) {
  fixture f;
  accumulator_config c = small_batches();
  c.buffer_memory = 1000;  // two batches of 400
  accumulator acc(c);
  ASSERT_TRUE(acc.append("t", 0, f.rec(), t0));
  ASSERT_TRUE(acc.append("t", 2, f.rec(), t0));
  EXPECT_EQ(acc.memory_used(), 800);
  auto r = acc.append("t", 4, f.rec(), t0);
  EXPECT_TRUE(r.would_block);
  EXPECT_FALSE(r);
  EXPECT_FALSE(r.ec);
  ASSERT_TRUE(acc.append("t", 0, f.rec(), t0));  // an existing batch still takes records
  // Someone waits for memory: what there is counts as ready, linger or not.
  EXPECT_EQ(acc.ready(t0, f.leaders).nodes, std::vector<std::int32_t>{0});
  auto drained = acc.drain(0, t0, f.leaders);
  ASSERT_EQ(drained.size(), 2u);
  EXPECT_EQ(acc.memory_used(), 800);  // still held while in flight
  acc.complete(drained[0]);
  EXPECT_EQ(acc.memory_used(), 400);
  EXPECT_EQ(acc.memory_available(), 600);
  EXPECT_TRUE(acc.append("t", 4, f.rec(), t0));
  EXPECT_TRUE(acc.ready(t0, f.leaders).nodes.empty());  // no waiter any more
  acc.complete(drained[1]);
  EXPECT_TRUE(acc.has_incomplete());  // the batch for partition 4
}

TEST(Accumulator, RecordsTooLargeFailClearly) {
  accumulator_config c = small_batches();
  c.max_request_size = 500;
  accumulator acc(c);
  const auto big = value_of(600);
  auto r = acc.append("t", 3, {1, std::nullopt, protocol::byte_view(big), {}}, t0);
  EXPECT_EQ(r.ec, broker_errc::message_too_large);
  EXPECT_NE(r.detail.find("record for t-3 is"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("max.request.size (500)"), std::string::npos) << r.detail;
  c.max_request_size = 1 << 20;
  accumulator acc2(c);  // buffer.memory is 10 000
  const auto huge = value_of(20'000);
  r = acc2.append("t", 3, {1, std::nullopt, protocol::byte_view(huge), {}}, t0);
  EXPECT_EQ(r.ec, broker_errc::message_too_large);
  EXPECT_NE(r.detail.find("buffer.memory (10000)"), std::string::npos) << r.detail;
  // A record larger than batch.size but within the limits gets a batch of its own.
  const auto mid = value_of(2000);
  r = acc2.append("t", 3, {1, std::nullopt, protocol::byte_view(mid), {}}, t0);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_TRUE(r.batch_full);
  EXPECT_GT(acc2.memory_used(), 2000);
}

TEST(Accumulator, DeliveryTimeoutExpiresQueuedBatches) {
  fixture f;
  accumulator acc(small_batches());
  ASSERT_TRUE(acc.append("t", 0, f.rec(), t0));
  ASSERT_TRUE(acc.append("t", 1, f.rec(), t0 + 500ms));
  auto sent = acc.drain(0, t0 + 20ms, f.leaders);
  ASSERT_EQ(sent.size(), 1u);
  acc.reenqueue(sent[0], t0 + 30ms);  // back in the queue, still counts from its creation
  EXPECT_TRUE(acc.expired(t0 + 999ms).empty());
  auto gone = acc.expired(t0 + 1000ms);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0], sent[0]);
  EXPECT_EQ(acc.queued_batches(), 1u);
  EXPECT_EQ(acc.memory_used(), 800);  // released only by complete()
  acc.complete(gone[0]);
  EXPECT_EQ(acc.memory_used(), 400);
  EXPECT_TRUE(acc.is_expired(*acc.drain(1, t0 + 2h, f.leaders).at(0), t0 + 1500ms));
}

TEST(Accumulator, BatchesAreRecycled) {
  fixture f;
  accumulator acc(small_batches());
  ASSERT_TRUE(acc.append("t", 0, f.rec(), t0));
  auto d = acc.drain(0, t0 + 1h, f.leaders);
  ASSERT_EQ(d.size(), 1u);
  producer_batch* used = d[0];
  const auto old_id = used->id;
  acc.complete(used);
  EXPECT_FALSE(acc.has_incomplete());
  EXPECT_EQ(acc.memory_used(), 0);
  auto r = acc.append("u", 5, f.rec(), t0 + 2h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.batch, used);  // same object, warm buffer
  EXPECT_NE(r.batch->id, old_id);
  EXPECT_EQ(r.batch->topic, "u");
  EXPECT_EQ(r.batch->partition, 5);
  EXPECT_EQ(r.batch->attempts, 0);
  EXPECT_FALSE(r.batch->builder.closed());
  EXPECT_EQ(r.batch->builder.record_count(), 1);
}

TEST(Accumulator, WarmAppendsDoNotAllocate) {
  fixture f;
  accumulator_config c = small_batches();
  c.batch_size = 16384;
  c.buffer_memory = 1 << 20;
  accumulator acc(c);
  const auto cycle = [&](int records) {
    for (int i = 0; i < records; ++i) ASSERT_TRUE(acc.append("a-topic-name-longer-than-sso", i % 4, f.rec(i), t0));
    for (int node : {0, 1})
      for (auto batches = acc.drain(node, t0 + 1h, f.leaders); !batches.empty();
           batches = acc.drain(node, t0 + 1h, f.leaders))
        for (producer_batch* b : batches) acc.complete(b);
  };
  cycle(2000);  // warm up: queues, batches and their buffers come to exist
  cycle(2000);
  // Records into batches that exist: not one allocation.
  for (int p = 0; p < 4; ++p) ASSERT_TRUE(acc.append("a-topic-name-longer-than-sso", p, f.rec(), t0));
  std::size_t before = allocations.load();
  for (int i = 0; i < 400; ++i) ASSERT_TRUE(acc.append("a-topic-name-longer-than-sso", i % 4, f.rec(i), t0));
  EXPECT_EQ(allocations.load() - before, 0u);
  // Across batch boundaries too: 2000 records fill about 16 batches, all recycled, and the
  // queues keep their blocks (measured: 0 allocations with libstdc++ 12).
  cycle(0);
  before = allocations.load();
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(acc.append("a-topic-name-longer-than-sso", i % 4, f.rec(i), t0));
  const std::size_t n = allocations.load() - before;
  EXPECT_EQ(n, 0u) << n << " allocations for 2000 records";
}

}  // namespace
