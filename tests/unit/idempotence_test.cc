// The idempotent producer's bookkeeping, scripted with a fake clock and hand-made answers (no
// sockets): InitProducerId before anything is sent, sequences per partition in order (wrapping
// at int32 max), a retried batch keeping its sequence, which Produce errors bump the epoch
// (KIP-360) and which InitProducerId errors are retried or fatal, and the bump restarting every
// partition at 0 with the accumulator renumbering what it still holds.

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include <kwire/producer/accumulator.hpp>
#include <kwire/producer/idempotence.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/record_batch.hpp>

namespace kwire::client {
namespace {

using namespace std::chrono_literals;
using outcome = idempotence::init_outcome;

const idempotence::clock::time_point t0 = idempotence::clock::time_point{} + 1000h;
constexpr auto backoff = 100ms;

protocol::init_producer_id_response answer(std::int64_t id, std::int16_t epoch, broker_errc error = broker_errc::none) {
  protocol::init_producer_id_response r;
  r.error_code = static_cast<std::int16_t>(error);
  r.producer_id = error == broker_errc::none ? id : -1;
  r.producer_epoch = error == broker_errc::none ? epoch : -1;
  return r;
}

// An idempotent accumulator holding a batch per record: `records` records of 10 bytes appended
// to partition t-<partition>, led by node 0. The scripted cases below drain it request by request.
struct batch_per_record {
  accumulator acc;
  explicit batch_per_record(int records, std::int32_t partition = 0, bool transactional = false)
      : acc(config(transactional)) {
    const protocol::bytes value(10, 0x61);
    for (int i = 0; i < records; ++i)
      EXPECT_TRUE(acc.append("t", partition, {i, std::nullopt, protocol::byte_view(value), {}}, t0));
  }
  std::vector<producer_batch*> drain(idempotence::clock::time_point now, idempotence& idem) {
    const leader_lookup leaders = [](std::string_view, std::int32_t) { return std::optional<std::int32_t>(0); };
    return acc.drain(0, now, leaders, &idem);
  }
  static accumulator_config config(bool transactional) {
    accumulator_config c;
    c.batch_size = 1;  // a batch per record
    c.idempotent = true;
    c.transactional = transactional;
    return c;
  }
};

// A producer with id 7000 at epoch 3.
idempotence ready_producer() {
  idempotence idem(backoff);
  EXPECT_TRUE(idem.next_init(t0, false).request);
  EXPECT_EQ(idem.on_init({}, {}, answer(7000, 3), t0), outcome::ready);
  return idem;
}

// Asks for the bump next_init() hands out and answers it with `epoch`.
outcome bump_to(idempotence& idem, std::int16_t epoch, idempotence::clock::time_point now = t0) {
  auto step = idem.next_init(now, false);
  EXPECT_TRUE(step.request);
  if (!step.request) return outcome::fatal;
  EXPECT_EQ(step.request->producer_id, idem.producer_id());  // KIP-360: the same id and the current epoch
  EXPECT_EQ(step.request->producer_epoch, idem.producer_epoch());
  return idem.on_init({}, {}, answer(idem.producer_id(), epoch), now);
}

TEST(Idempotence, NothingIsReadyUntilInitProducerIdAnswers) {
  idempotence idem(backoff);
  EXPECT_FALSE(idem.ready());
  auto step = idem.next_init(t0, false);
  ASSERT_TRUE(step.request);
  EXPECT_FALSE(step.request->transactional_id);  // idempotent, not transactional
  EXPECT_EQ(step.request->producer_id, -1);      // a new id, not a bump
  EXPECT_EQ(step.request->producer_epoch, -1);
  EXPECT_FALSE(idem.next_init(t0, false).request);  // one out at a time
  EXPECT_FALSE(idem.ready());
  EXPECT_EQ(idem.on_init({}, {}, answer(7000, 3), t0), outcome::ready);
  EXPECT_TRUE(idem.ready());
  EXPECT_EQ(idem.producer_id(), 7000);
  EXPECT_EQ(idem.producer_epoch(), 3);
  EXPECT_FALSE(idem.next_init(t0, false).request);  // nothing more to ask
}

TEST(Idempotence, SequencesAreAssignedPerPartitionInOrder) {
  auto idem = ready_producer();
  EXPECT_EQ(idem.assign("t", 0, 3), 0);
  EXPECT_EQ(idem.assign("t", 0, 2), 3);
  EXPECT_EQ(idem.assign("t", 1, 4), 0);  // each partition counts on its own
  EXPECT_EQ(idem.assign("u", 0, 1), 0);
  EXPECT_EQ(idem.assign("t", 0, 1), 5);
  EXPECT_EQ(idem.next_sequence("t", 0), 6);
  EXPECT_EQ(idem.next_sequence("t", 1), 4);
  EXPECT_EQ(idem.next_sequence("t", 2), 0);  // never used
}

TEST(Idempotence, SequencesWrapAtInt32Max) {
  auto idem = ready_producer();
  constexpr std::int32_t max = std::numeric_limits<std::int32_t>::max();
  EXPECT_EQ(idem.assign("t", 0, max - 1), 0);
  EXPECT_EQ(idem.assign("t", 0, 5), max - 1);
  EXPECT_EQ(idem.next_sequence("t", 0), 3);  // max - 1 + 5 - 2^31
}

TEST(Idempotence, ARetriedBatchKeepsItsSequence) {
  // Batch A (0..2) fails with NOT_LEADER_OR_FOLLOWER, so B (3..5), sent behind it, is answered
  // OUT_OF_ORDER_SEQUENCE_NUMBER: A's retry fills the gap, nothing is bumped.
  auto idem = ready_producer();
  const auto a = idem.assign("t", 0, 3);
  const auto b = idem.assign("t", 0, 3);
  EXPECT_EQ(classify_sequence_error(broker_errc::not_leader_or_follower), sequence_verdict::not_ours);
  EXPECT_FALSE(idem.on_sequence_error("t", 0, b, broker_errc::out_of_order_sequence_number));
  EXPECT_TRUE(idem.ready());
  EXPECT_EQ(idem.next_sequence("t", 0), 6);  // the retries take no new numbers
  idem.on_acknowledged("t", 0, a, 3);
  idem.on_acknowledged("t", 0, b, 3);
  EXPECT_TRUE(idem.ready());

  // The same through the accumulator: the retry goes out with the same base sequence, in the
  // batch's bytes too.
  batch_per_record r(2, 1);
  auto first = r.drain(t0, idem);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]->base_sequence, 0);
  r.acc.reenqueue(first[0], t0);
  auto again = r.drain(t0 + 1h, idem);
  ASSERT_EQ(again.size(), 1u);
  ASSERT_EQ(again[0], first[0]);
  EXPECT_EQ(again[0]->base_sequence, 0);
  std::vector<protocol::record_batch> decoded;
  ASSERT_TRUE(protocol::decode_batches(again[0]->builder.bytes(), decoded, true));
  EXPECT_EQ(decoded.at(0).base_sequence, 0);
  EXPECT_EQ(decoded.at(0).producer_id, 7000);
  EXPECT_EQ(idem.next_sequence("t", 1), 1);
}

struct verdict_case {
  const char* name;
  std::error_code ec;
  sequence_verdict expected;
};

class SequenceErrors : public testing::TestWithParam<verdict_case> {};

TEST_P(SequenceErrors, Classify) {
  EXPECT_EQ(classify_sequence_error(GetParam().ec), GetParam().expected) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SequenceErrors,
    testing::Values(verdict_case{"duplicate", broker_errc::duplicate_sequence_number, sequence_verdict::duplicate},
                    verdict_case{"out_of_order", broker_errc::out_of_order_sequence_number, sequence_verdict::lost},
                    verdict_case{"unknown_pid", broker_errc::unknown_producer_id, sequence_verdict::lost},
                    verdict_case{"bad_epoch", broker_errc::invalid_producer_epoch, sequence_verdict::fenced},
                    verdict_case{"fenced", broker_errc::producer_fenced, sequence_verdict::fenced},
                    verdict_case{"not_leader", broker_errc::not_leader_or_follower, sequence_verdict::not_ours},
                    verdict_case{"too_large", broker_errc::message_too_large, sequence_verdict::not_ours},
                    verdict_case{"transport", client_errc::timed_out, sequence_verdict::not_ours}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Idempotence, OutOfOrderForTheBatchTheLogExpectsBumps) {
  auto idem = ready_producer();
  const auto a = idem.assign("t", 0, 3);
  const auto b = idem.assign("t", 0, 3);
  idem.on_acknowledged("t", 0, a, 3);
  // The log ends at 3 and B starts at 3: the broker lost our state, nobody fills a gap.
  EXPECT_TRUE(idem.on_sequence_error("t", 0, b, broker_errc::out_of_order_sequence_number));
  EXPECT_TRUE(idem.bump_needed());
  EXPECT_FALSE(idem.ready());  // nothing is numbered until the new epoch
}

TEST(Idempotence, OutOfOrderForABatchBehindTheLogsEndBumps) {
  // The stuck partition of docs/benchmarks.md (16 partitions just created, acks=all): A (0..2)
  // is refused NOT_LEADER_OR_FOLLOWER while B (3..5), in the next request, is written (a new
  // producer id takes any first sequence). A's retry is then behind the log's end: the broker
  // answers OUT_OF_ORDER_SEQUENCE_NUMBER to it forever, no earlier batch fills a gap, so only a
  // new epoch delivers it. Before, it was retried until delivery.timeout.ms failed its records.
  auto idem = ready_producer();
  batch_per_record r(3);
  auto a = r.drain(t0, idem);
  auto b = r.drain(t0, idem);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  r.acc.reenqueue(a[0], t0);  // NOT_LEADER_OR_FOLLOWER
  idem.on_acknowledged("t", 0, b[0]->base_sequence, 1);  // B written
  r.acc.complete(b[0]);
  auto retry = r.drain(t0 + 1h, idem);
  ASSERT_EQ(retry.size(), 1u);
  ASSERT_EQ(retry[0], a[0]);
  EXPECT_EQ(retry[0]->base_sequence, 0);
  EXPECT_TRUE(idem.on_sequence_error("t", 0, retry[0]->base_sequence, broker_errc::out_of_order_sequence_number));
  EXPECT_FALSE(idem.ready());
  r.acc.reenqueue(retry[0], t0 + 1h);
  ASSERT_EQ(bump_to(idem, 4), outcome::bumped);
  r.acc.renumber(idem);
  auto renumbered = r.drain(t0 + 2h, idem);
  ASSERT_EQ(renumbered.size(), 1u);
  EXPECT_EQ(renumbered[0], a[0]);  // A first, as sequence 0 of the new epoch
  std::vector<protocol::record_batch> decoded;
  ASSERT_TRUE(protocol::decode_batches(renumbered[0]->builder.bytes(), decoded, true));
  EXPECT_EQ(decoded.at(0).producer_epoch, 4);
  EXPECT_EQ(decoded.at(0).base_sequence, 0);
}

TEST(Idempotence, ATransactionsLaterBatchRefusedUntilItsFirstIsWrittenIsRetried) {
  // The open finding of docs/transactions.md (CI, Kafka 4.4.0, transactions v2): a
  // transaction's first batch A (sequence 0) and B (1) go out in two requests; the broker checks
  // the partition with the transaction coordinator for each. B's check done first, A not written
  // yet (answered with a retriable error), the broker refuses B OUT_OF_ORDER_SEQUENCE_NUMBER
  // ("Expected sequence 0 for transactions v2 idempotent producer with no existing state", its
  // log). B must be retried after A under the same epoch, not fail the transaction (it did: every
  // lost sequence in a transaction was abortable).
  idempotence idem(backoff);
  idem.adopt(7000, 5);  // the transaction manager's id and epoch (EndTxn v5 handed out epoch 5)
  batch_per_record r(2, 0, true);
  auto a = r.drain(t0, idem);
  auto b = r.drain(t0, idem);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0]->base_sequence, 0);
  EXPECT_EQ(b[0]->base_sequence, 1);
  r.acc.reenqueue(a[0], t0);  // a retriable error
  EXPECT_TRUE(idem.gap_filled_by_earlier_batch("t", 0, b[0]->base_sequence, broker_errc::out_of_order_sequence_number));
  EXPECT_TRUE(idem.ready());  // no epoch bump: the same epoch carries on
  r.acc.reenqueue(b[0], t0);
  auto retry = r.drain(t0 + 1h, idem);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0], a[0]);  // A first, with its own sequence and epoch
  EXPECT_EQ(retry[0]->base_sequence, 0);
  // B, a retry too, waits for A's answer: sent together, B could overtake A again.
  EXPECT_TRUE(r.drain(t0 + 1h, idem).empty());
  idem.on_acknowledged("t", 0, 0, 1);
  r.acc.complete(retry[0]);
  auto next = r.drain(t0 + 2h, idem);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0], b[0]);
  EXPECT_EQ(next[0]->base_sequence, 1);
  std::vector<protocol::record_batch> decoded;
  ASSERT_TRUE(protocol::decode_batches(next[0]->builder.bytes(), decoded, true));
  EXPECT_EQ(decoded.at(0).producer_epoch, 5);
  EXPECT_TRUE(decoded.at(0).is_transactional());

  // What no earlier batch explains is not retried (the transaction becomes abortable): the batch
  // the log expects next, one behind the log's end, and UNKNOWN_PRODUCER_ID.
  EXPECT_FALSE(idem.gap_filled_by_earlier_batch("t", 0, 1, broker_errc::out_of_order_sequence_number));
  EXPECT_FALSE(idem.gap_filled_by_earlier_batch("t", 0, 0, broker_errc::out_of_order_sequence_number));
  EXPECT_FALSE(idem.gap_filled_by_earlier_batch("t", 0, 2, broker_errc::unknown_producer_id));
  EXPECT_FALSE(idem.gap_filled_by_earlier_batch("t", 0, 2, broker_errc::not_enough_replicas));
  EXPECT_TRUE(idem.gap_filled_by_earlier_batch("t", 0, 2, broker_errc::out_of_order_sequence_number));
  EXPECT_TRUE(idem.ready());  // asking changes nothing
}

TEST(Idempotence, TheLogsEndNeverMovesBack) {
  // A retry answered DUPLICATE_SEQUENCE_NUMBER after a later batch was acknowledged leaves the
  // end where it was: C after them is still the next, and its OUT_OF_ORDER bumps.
  auto idem = ready_producer();
  const auto a = idem.assign("t", 0, 3);
  const auto b = idem.assign("t", 0, 3);
  const auto cc = idem.assign("t", 0, 3);
  idem.on_acknowledged("t", 0, b, 3);
  idem.on_acknowledged("t", 0, a, 3);  // the duplicate
  EXPECT_TRUE(idem.on_sequence_error("t", 0, cc, broker_errc::out_of_order_sequence_number));
}

TEST(Idempotence, OutOfOrderBehindTheLogsEndCountsThroughTheWrap) {
  // Sequences wrap at int32 max: a batch just before the wrap is behind an end just after it,
  // and one just after the wrap is ahead of an end just before it.
  auto idem = ready_producer();
  const std::int32_t max = std::numeric_limits<std::int32_t>::max();
  idem.assign("t", 0, max - 1);
  const auto before_wrap = idem.assign("t", 0, 1);  // max - 1
  const auto at_wrap = idem.assign("t", 0, 2);      // max, 0
  idem.assign("t", 0, 2);                           // 1, 2
  const auto after_wrap = idem.assign("t", 0, 2);   // 3, 4
  EXPECT_EQ(before_wrap, max - 1);
  EXPECT_EQ(after_wrap, 3);
  idem.on_acknowledged("t", 0, at_wrap, 2);  // the log ends at 1
  EXPECT_FALSE(idem.on_sequence_error("t", 0, after_wrap, broker_errc::out_of_order_sequence_number));
  EXPECT_TRUE(idem.ready());
  EXPECT_TRUE(idem.on_sequence_error("t", 0, before_wrap, broker_errc::out_of_order_sequence_number));
}

TEST(Idempotence, UnknownProducerIdAlwaysBumps) {
  auto idem = ready_producer();
  idem.assign("t", 0, 3);
  const auto b = idem.assign("t", 0, 3);  // B is not the next the log expects: bumps anyway
  EXPECT_TRUE(idem.on_sequence_error("t", 0, b, broker_errc::unknown_producer_id));
  EXPECT_FALSE(idem.ready());
}

TEST(Idempotence, ABatchThatFailedForGoodBumps) {
  // A timed-out (or retries-exhausted) batch leaves a gap the broker would wait for forever.
  auto idem = ready_producer();
  idem.assign("t", 0, 3);
  idem.on_batch_failed();
  EXPECT_TRUE(idem.bump_needed());
  EXPECT_FALSE(idem.ready());
}

TEST(Idempotence, TheBumpWaitsForProduceInFlightThenRestartsEverySequence) {
  auto idem = ready_producer();
  idem.assign("t", 0, 3);
  idem.assign("u", 2, 4);
  idem.on_batch_failed();
  EXPECT_FALSE(idem.next_init(t0, true).request);  // answers for the old epoch are still coming
  EXPECT_EQ(bump_to(idem, 4), outcome::bumped);
  EXPECT_TRUE(idem.ready());
  EXPECT_EQ(idem.producer_id(), 7000);
  EXPECT_EQ(idem.producer_epoch(), 4);
  EXPECT_EQ(idem.next_sequence("t", 0), 0);
  EXPECT_EQ(idem.next_sequence("u", 2), 0);
  EXPECT_EQ(idem.assign("t", 0, 2), 0);
}

TEST(Idempotence, ARefusedBumpStartsOverWithANewId) {
  auto idem = ready_producer();
  idem.on_batch_failed();
  ASSERT_TRUE(idem.next_init(t0, false).request);
  EXPECT_EQ(idem.on_init({}, {}, answer(0, 0, broker_errc::producer_fenced), t0), outcome::retry);
  EXPECT_EQ(idem.producer_id(), -1);
  auto early = idem.next_init(t0 + 50ms, false);
  EXPECT_FALSE(early.request);
  ASSERT_TRUE(early.wake_at);
  EXPECT_EQ(*early.wake_at, t0 + backoff);
  auto step = idem.next_init(t0 + backoff, false);
  ASSERT_TRUE(step.request);
  EXPECT_EQ(step.request->producer_id, -1);  // a fresh id this time
  EXPECT_EQ(idem.on_init({}, {}, answer(8000, 0), t0 + backoff), outcome::bumped);  // still restarts at 0
  EXPECT_TRUE(idem.ready());
  EXPECT_EQ(idem.producer_id(), 8000);
}

struct init_case {
  const char* name;
  std::error_code transport;  // the request failed below the broker
  broker_errc answer;         // or the broker answered this
  outcome expected;
};

class InitProducerIdErrors : public testing::TestWithParam<init_case> {};

TEST_P(InitProducerIdErrors, RetriedOrFatal) {
  const auto& c = GetParam();
  idempotence idem(backoff);
  ASSERT_TRUE(idem.next_init(t0, false).request);
  const std::string detail = c.transport ? "connection to node 1 lost" : "";
  EXPECT_EQ(idem.on_init(c.transport, detail, answer(0, 0, c.answer), t0), c.expected) << c.name;
  EXPECT_FALSE(idem.ready());
  auto step = idem.next_init(t0 + backoff, false);
  if (c.expected == outcome::retry) {
    EXPECT_TRUE(step.request) << c.name;
    EXPECT_FALSE(idem.fatal_error());
    return;
  }
  EXPECT_FALSE(step.request) << c.name;  // fatal: never asked again
  EXPECT_EQ(idem.fatal_error(), c.transport ? c.transport : std::error_code(c.answer));
  EXPECT_NE(idem.fatal_detail().find("enable.idempotence"), std::string::npos) << idem.fatal_detail();
  if (!c.transport) {
    EXPECT_NE(idem.fatal_detail().find(std::string(error_name(c.answer))), std::string::npos) << idem.fatal_detail();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, InitProducerIdErrors,
    testing::Values(
        init_case{"coordinator_not_available", {}, broker_errc::coordinator_not_available, outcome::retry},
        init_case{"not_coordinator", {}, broker_errc::not_coordinator, outcome::retry},
        init_case{"load_in_progress", {}, broker_errc::coordinator_load_in_progress, outcome::retry},
        init_case{"connection_lost", client_errc::connection_closed, broker_errc::none, outcome::retry},
        init_case{"timed_out", client_errc::timed_out, broker_errc::none, outcome::retry},
        init_case{"reset", std::make_error_code(std::errc::connection_reset), broker_errc::none, outcome::retry},
        init_case{"cluster_auth", {}, broker_errc::cluster_authorization_failed, outcome::fatal},
        init_case{"unsupported", {}, broker_errc::unsupported_version, outcome::fatal},
        init_case{"no_version", client_errc::no_compatible_version, broker_errc::none, outcome::fatal}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Idempotence, AnAnswerWithoutAnIdIsFatal) {
  idempotence idem(backoff);
  ASSERT_TRUE(idem.next_init(t0, false).request);
  protocol::init_producer_id_response r;  // error 0 but producer id -1
  EXPECT_EQ(idem.on_init({}, {}, r, t0), outcome::fatal);
  EXPECT_EQ(idem.fatal_error(), client_errc::invalid_value);
  EXPECT_NE(idem.fatal_detail().find("producer id -1"), std::string::npos) << idem.fatal_detail();
}

TEST(Idempotence, TheAccumulatorRenumbersWhatItHoldsAfterABump) {
  auto idem = ready_producer();
  batch_per_record r(3);
  auto a = r.drain(t0, idem);
  auto b = r.drain(t0, idem);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]->base_sequence, 1);
  r.acc.reenqueue(a[0], t0);  // A timed out in flight ...
  r.acc.reenqueue(b[0], t0);  // ... and B behind it
  idem.on_batch_failed();   // (say A's retries ran out elsewhere: a gap)
  EXPECT_TRUE(r.drain(t0 + 1h, idem).empty());  // nothing leaves before the bump
  ASSERT_EQ(bump_to(idem, 4), outcome::bumped);
  r.acc.renumber(idem);
  std::vector<std::int32_t> sequences;
  for (auto d = r.drain(t0 + 1h, idem); !d.empty(); d = r.drain(t0 + 1h, idem)) {
    std::vector<protocol::record_batch> decoded;
    ASSERT_TRUE(protocol::decode_batches(d[0]->builder.bytes(), decoded, true));
    EXPECT_EQ(decoded.at(0).producer_epoch, 4);
    EXPECT_EQ(decoded.at(0).base_sequence, d[0]->base_sequence);
    sequences.push_back(d[0]->base_sequence);
    r.acc.complete(d[0]);
  }
  EXPECT_EQ(sequences, (std::vector<std::int32_t>{0, 1, 2}));  // the two retries, then the unsent one
}

}  // namespace
}  // namespace kwire::client
