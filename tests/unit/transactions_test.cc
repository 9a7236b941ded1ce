// The transactional producer's state machine, scripted with hand-made answers (no sockets):
// which request comes next in transactions v1 (AddPartitionsToTxn before a partition's first
// batch, AddOffsetsToTxn then TxnOffsetCommit, EndTxn) and v2 (KIP-890: partitions added by
// Produce, TxnOffsetCommit alone, EndTxn v5 answering the next epoch), how each error is
// classified (fatal, abortable, retriable), and the bytes of the pinned request versions.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include <kwire/producer/transactions.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>

namespace kwire::client {
namespace {

using namespace std::chrono_literals;
using outcome = transaction_manager::outcome;

template <class T>
T expect_step(transaction_manager& m) {
  auto r = m.next_request();
  EXPECT_TRUE(std::holds_alternative<T>(r)) << "request index " << r.index();
  return std::holds_alternative<T>(r) ? std::get<T>(r) : T{};
}

protocol::init_producer_id_response init_answer(std::int64_t id, std::int16_t epoch, broker_errc e = broker_errc::none) {
  protocol::init_producer_id_response r;
  r.producer_id = id;
  r.producer_epoch = epoch;
  r.error_code = static_cast<std::int16_t>(e);
  return r;
}

protocol::end_txn_response end_answer(broker_errc e = broker_errc::none, std::int64_t id = -1, std::int16_t epoch = -1) {
  protocol::end_txn_response r;
  r.error_code = static_cast<std::int16_t>(e);
  r.producer_id = id;
  r.producer_epoch = epoch;
  return r;
}

protocol::add_partitions_to_txn_response add_answer(const std::string& topic, std::vector<std::pair<int, broker_errc>> parts) {
  protocol::add_partitions_to_txn_response r;
  auto& t = r.results_by_topic_v3_and_below.emplace_back();
  t.name = topic;
  for (auto [p, e] : parts) t.results_by_partition.push_back({p, static_cast<std::int16_t>(e), {}});
  return r;
}

// A manager past init_transactions with producer id 7 epoch 3.
transaction_manager ready_manager(int version) {
  transaction_manager m("tx-1", 30s);
  m.set_version(version);
  EXPECT_FALSE(m.begin_init().first);
  (void)m.next_request();
  EXPECT_EQ(m.on_init({}, "", init_answer(7, 3)), outcome::done);
  EXPECT_TRUE(m.take_epoch_changed());
  return m;
}

consumer_group_metadata group() { return {"g", 5, "member-1", std::string("static-1")}; }

TEST(TransactionsTest, ClassifiesErrorsAsJavaDoes) {
  EXPECT_EQ(classify_txn_error(broker_errc::producer_fenced), txn_error_class::fatal);
  EXPECT_EQ(classify_txn_error(broker_errc::invalid_producer_epoch), txn_error_class::fatal);
  EXPECT_EQ(classify_txn_error(broker_errc::transactional_id_authorization_failed), txn_error_class::fatal);
  EXPECT_EQ(classify_txn_error(broker_errc::unsupported_version), txn_error_class::fatal);
  EXPECT_EQ(classify_txn_error(broker_errc::not_coordinator), txn_error_class::retriable);
  EXPECT_EQ(classify_txn_error(broker_errc::coordinator_load_in_progress), txn_error_class::retriable);
  EXPECT_EQ(classify_txn_error(broker_errc::concurrent_transactions), txn_error_class::retriable);
  EXPECT_EQ(classify_txn_error(client_errc::connection_closed), txn_error_class::retriable);
  EXPECT_EQ(classify_txn_error(broker_errc::topic_authorization_failed), txn_error_class::abortable);
  EXPECT_EQ(classify_txn_error(broker_errc::transaction_abortable), txn_error_class::abortable);
  EXPECT_EQ(classify_txn_error(broker_errc::unknown_member_id), txn_error_class::abortable);
  EXPECT_EQ(classify_txn_error({}), txn_error_class::none);
}

TEST(TransactionsTest, VersionTwoNeedsTheFeatureAndTheApis) {
  protocol::api_versions_response r;
  r.api_keys.push_back({static_cast<std::int16_t>(protocol::api_key::produce), 3, 13, {}});
  r.api_keys.push_back({static_cast<std::int16_t>(protocol::api_key::end_txn), 0, 5, {}});
  EXPECT_EQ(transaction_version(r), 1);  // no transaction.version finalized
  r.finalized_features.push_back({"transaction.version", 1, 1, {}});
  EXPECT_EQ(transaction_version(r), 1);
  r.finalized_features.back().max_version_level = 2;
  EXPECT_EQ(transaction_version(r), 2);
  r.api_keys[1].max_version = 4;  // a broker without EndTxn v5
  EXPECT_EQ(transaction_version(r), 1);
}

TEST(TransactionsTest, InitSendsTheTransactionalIdAndRetriesALoadingCoordinator) {
  transaction_manager m("tx-1", 30s);
  EXPECT_TRUE(m.begin_transaction().first);  // before init_transactions
  ASSERT_FALSE(m.begin_init().first);
  EXPECT_EQ(m.state(), txn_state::initializing);
  auto r = expect_step<transaction_manager::init_request>(m);
  EXPECT_EQ(r.body.transactional_id, "tx-1");
  EXPECT_EQ(r.body.transaction_timeout_ms, 30000);
  EXPECT_EQ(r.body.producer_id, -1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(m.next_request()));  // one out at a time
  EXPECT_EQ(m.on_init({}, "", init_answer(-1, -1, broker_errc::coordinator_load_in_progress)), outcome::retry);
  expect_step<transaction_manager::init_request>(m);
  EXPECT_EQ(m.on_init({}, "", init_answer(7, 3)), outcome::done);
  EXPECT_EQ(m.state(), txn_state::ready);
  EXPECT_EQ(m.producer_id(), 7);
  EXPECT_EQ(m.producer_epoch(), 3);
  EXPECT_TRUE(m.begin_init().first);  // only once
}

TEST(TransactionsTest, InitRefusedForGoodIsFatal) {
  transaction_manager m("tx-1", 30s);
  ASSERT_FALSE(m.begin_init().first);
  (void)m.next_request();
  EXPECT_EQ(m.on_init({}, "", init_answer(-1, -1, broker_errc::transactional_id_authorization_failed)), outcome::failed);
  EXPECT_EQ(m.state(), txn_state::fatal_error);
  EXPECT_EQ(m.error(), broker_errc::transactional_id_authorization_failed);
  EXPECT_NE(m.detail().find("TRANSACTIONAL_ID_AUTHORIZATION_FAILED"), std::string::npos) << m.detail();
  EXPECT_EQ(m.begin_transaction().first, broker_errc::transactional_id_authorization_failed);
}

TEST(TransactionsTest, VersionOneAddsPartitionsOffsetsThenEnds) {
  auto m = ready_manager(1);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  m.need_partition("t", 1);
  m.need_partition("t", 0);
  EXPECT_FALSE(m.may_send("t", 0));
  auto add = m.next_add_partitions();
  ASSERT_TRUE(add);
  EXPECT_EQ(add->v3_and_below_transactional_id, "tx-1");
  EXPECT_EQ(add->v3_and_below_producer_id, 7);
  EXPECT_EQ(add->v3_and_below_producer_epoch, 3);
  ASSERT_EQ(add->v3_and_below_topics.size(), 1u);
  EXPECT_EQ(add->v3_and_below_topics[0].partitions, (std::vector<std::int32_t>{0, 1}));
  EXPECT_FALSE(m.next_add_partitions());  // one out at a time
  // CONCURRENT_TRANSACTIONS (the previous transaction still completing): asked again.
  EXPECT_EQ(m.on_add_partitions({}, "", add_answer("t", {{0, broker_errc::concurrent_transactions},
                                                         {1, broker_errc::operation_not_attempted}})),
            outcome::retry);
  EXPECT_FALSE(m.may_send("t", 1));
  add = m.next_add_partitions();
  ASSERT_TRUE(add);
  EXPECT_EQ(m.on_add_partitions({}, "", add_answer("t", {{0, broker_errc::none}, {1, broker_errc::none}})), outcome::done);
  EXPECT_TRUE(m.may_send("t", 0));
  EXPECT_TRUE(m.may_send("t", 1));
  m.need_partition("t", 1);  // already added
  EXPECT_FALSE(m.next_add_partitions());

  offsets_to_commit offsets{{{"in", 0}, {42, 4, "m"}}};
  ASSERT_FALSE(m.begin_send_offsets(offsets, group()).first);
  auto ao = expect_step<transaction_manager::add_offsets>(m);
  EXPECT_EQ(ao.body.group_id, "g");
  EXPECT_EQ(m.on_add_offsets({}, "", {}), outcome::next);
  auto oc = expect_step<transaction_manager::offset_commit>(m);
  EXPECT_EQ(oc.body.group_id, "g");
  EXPECT_EQ(oc.body.generation_id_or_member_epoch, 5);
  EXPECT_EQ(oc.body.member_id, "member-1");
  EXPECT_EQ(oc.body.group_instance_id, std::optional<std::string>("static-1"));
  ASSERT_EQ(oc.body.topics.size(), 1u);
  EXPECT_EQ(oc.body.topics[0].partitions[0].committed_offset, 42);
  EXPECT_EQ(oc.body.topics[0].partitions[0].committed_leader_epoch, 4);
  EXPECT_EQ(m.on_offset_commit({}, "", {}), outcome::done);

  ASSERT_FALSE(m.begin_commit().first);
  EXPECT_EQ(m.state(), txn_state::committing);
  auto end = expect_step<transaction_manager::end_txn>(m);
  EXPECT_TRUE(end.body.committed);
  EXPECT_EQ(end.body.producer_epoch, 3);
  EXPECT_EQ(m.on_end_txn({}, "", end_answer(broker_errc::concurrent_transactions)), outcome::retry);
  expect_step<transaction_manager::end_txn>(m);
  EXPECT_EQ(m.on_end_txn({}, "", end_answer()), outcome::done);
  EXPECT_EQ(m.state(), txn_state::ready);
  EXPECT_FALSE(m.take_epoch_changed());  // v1 keeps its epoch
  // The next transaction adds its partitions again.
  ASSERT_FALSE(m.begin_transaction().first);
  EXPECT_FALSE(m.may_send("t", 0));
}

TEST(TransactionsTest, VersionTwoNeedsNoAddsAndTakesTheNextEpochFromEndTxn) {
  auto m = ready_manager(2);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  EXPECT_TRUE(m.may_send("t", 0));
  EXPECT_FALSE(m.next_add_partitions());
  m.on_batch_sent();
  ASSERT_FALSE(m.begin_send_offsets({{{"in", 2}, {10, -1, ""}}}, group()).first);
  expect_step<transaction_manager::offset_commit>(m);  // no AddOffsetsToTxn
  EXPECT_EQ(m.on_offset_commit({}, "", {}), outcome::done);
  ASSERT_FALSE(m.begin_commit().first);
  expect_step<transaction_manager::end_txn>(m);
  EXPECT_EQ(m.on_end_txn({}, "", end_answer(broker_errc::none, 7, 4)), outcome::done);
  EXPECT_EQ(m.producer_epoch(), 4);
  EXPECT_TRUE(m.take_epoch_changed());
  EXPECT_EQ(m.state(), txn_state::ready);
}

TEST(TransactionsTest, AnEmptyTransactionEndsWithoutARequest) {
  for (int v : {1, 2}) {
    auto m = ready_manager(v);
    ASSERT_FALSE(m.begin_transaction().first);
    ASSERT_FALSE(m.begin_commit().first);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(m.next_request()));
    EXPECT_EQ(m.state(), txn_state::ready);
    ASSERT_FALSE(m.begin_transaction().first);
    ASSERT_FALSE(m.begin_abort().first);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(m.next_request()));
    EXPECT_EQ(m.state(), txn_state::ready);
  }
}

TEST(TransactionsTest, FencedOnEndTxnIsFatalAndSaysWhy) {
  auto m = ready_manager(1);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  (void)m.next_add_partitions();
  ASSERT_EQ(m.on_add_partitions({}, "", add_answer("t", {{0, broker_errc::none}})), outcome::done);
  ASSERT_FALSE(m.begin_commit().first);
  (void)m.next_request();
  EXPECT_EQ(m.on_end_txn({}, "", end_answer(broker_errc::producer_fenced)), outcome::failed);
  EXPECT_EQ(m.state(), txn_state::fatal_error);
  EXPECT_NE(m.detail().find("PRODUCER_FENCED"), std::string::npos) << m.detail();
  EXPECT_NE(m.detail().find("fenced and can only be closed"), std::string::npos) << m.detail();
  EXPECT_EQ(m.begin_abort().first, broker_errc::producer_fenced);
  EXPECT_EQ(m.begin_transaction().first, broker_errc::producer_fenced);
}

TEST(TransactionsTest, AbortableErrorRefusesCommitAndAbortCarriesOn) {
  auto m = ready_manager(1);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  m.need_partition("secret", 0);
  (void)m.next_add_partitions();
  protocol::add_partitions_to_txn_response r = add_answer("secret", {{0, broker_errc::topic_authorization_failed}});
  r.results_by_topic_v3_and_below.push_back({"t", {{0, static_cast<std::int16_t>(broker_errc::operation_not_attempted), {}}}, {}});
  EXPECT_EQ(m.on_add_partitions({}, "", r), outcome::failed);
  EXPECT_EQ(m.state(), txn_state::abortable_error);
  EXPECT_NE(m.detail().find("secret-0"), std::string::npos) << m.detail();
  EXPECT_NE(m.detail().find("abort the transaction"), std::string::npos) << m.detail();
  EXPECT_EQ(m.begin_commit().first, broker_errc::topic_authorization_failed);
  ASSERT_FALSE(m.begin_abort().first);
  EXPECT_EQ(m.state(), txn_state::ready);  // nothing was added: nothing to end
  ASSERT_FALSE(m.begin_transaction().first);
}

TEST(TransactionsTest, ASequenceGapBumpsTheEpochAfterTheAbortInVersionOne) {
  auto m = ready_manager(1);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  (void)m.next_add_partitions();
  ASSERT_EQ(m.on_add_partitions({}, "", add_answer("t", {{0, broker_errc::none}})), outcome::done);
  m.on_batch_failed(client_errc::timed_out, "delivery.timeout.ms expired");
  m.need_epoch_bump();
  EXPECT_EQ(m.state(), txn_state::abortable_error);
  ASSERT_FALSE(m.begin_abort().first);
  auto end = expect_step<transaction_manager::end_txn>(m);
  EXPECT_FALSE(end.body.committed);
  EXPECT_EQ(m.on_end_txn({}, "", end_answer()), outcome::next);
  auto init = expect_step<transaction_manager::init_request>(m);
  EXPECT_EQ(init.body.producer_id, 7);  // KIP-360: the current id and epoch
  EXPECT_EQ(init.body.producer_epoch, 3);
  EXPECT_EQ(m.on_init({}, "", init_answer(7, 4)), outcome::done);
  EXPECT_TRUE(m.take_epoch_changed());
  EXPECT_EQ(m.state(), txn_state::ready);
}

TEST(TransactionsTest, AFencedBatchIsFatalAStaleEpochAbortable) {
  auto m = ready_manager(2);
  ASSERT_FALSE(m.begin_transaction().first);
  m.on_batch_failed(broker_errc::invalid_producer_epoch, "t-0: INVALID_PRODUCER_EPOCH");
  EXPECT_EQ(m.state(), txn_state::abortable_error);
  m.on_batch_failed(broker_errc::producer_fenced, "t-0: PRODUCER_FENCED");
  EXPECT_EQ(m.state(), txn_state::fatal_error);
}

TEST(TransactionsTest, OffsetCommitOfAnOldGenerationIsAbortable) {
  auto m = ready_manager(2);
  ASSERT_FALSE(m.begin_transaction().first);
  ASSERT_FALSE(m.begin_send_offsets({{{"in", 0}, {1, -1, ""}}}, group()).first);
  (void)m.next_request();
  protocol::txn_offset_commit_response r;
  auto& t = r.topics.emplace_back();
  t.name = "in";
  t.partitions.push_back({0, static_cast<std::int16_t>(broker_errc::illegal_generation), {}});
  EXPECT_EQ(m.on_offset_commit({}, "", r), outcome::failed);
  EXPECT_EQ(m.state(), txn_state::abortable_error);
  EXPECT_NE(m.detail().find("in-0: ILLEGAL_GENERATION"), std::string::npos) << m.detail();
  EXPECT_TRUE(m.begin_send_offsets({}, {}).first);
  EXPECT_TRUE(m.begin_send_offsets({{{"in", 0}, {-5, -1, ""}}}, group()).first);
}

// The pinned versions encode what the manager hands out, and EndTxn v5's answer carries the epoch.
TEST(TransactionsTest, PinnedVersionsEncodeAndEndTxnV5DecodesTheEpoch) {
  auto m = ready_manager(1);
  ASSERT_FALSE(m.begin_transaction().first);
  m.need_partition("t", 0);
  auto add = m.next_add_partitions();
  ASSERT_TRUE(add);
  protocol::bytes out;
  ASSERT_TRUE(protocol::encode(*add, txn_versions::add_partitions, out));
  protocol::add_partitions_to_txn_request back;
  ASSERT_TRUE(protocol::decode(protocol::byte_view(out), txn_versions::add_partitions, back));
  EXPECT_EQ(back, *add);

  // EndTxnResponse v5 (flexible): throttle 0, error 0, producer id 7, epoch 4, no tags.
  const protocol::bytes answer = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 4, 0};
  protocol::end_txn_response r;
  ASSERT_TRUE(protocol::decode(protocol::byte_view(answer), txn_versions::end_txn(2), r));
  EXPECT_EQ(r.producer_id, 7);
  EXPECT_EQ(r.producer_epoch, 4);
}

}  // namespace
}  // namespace kwire::client
