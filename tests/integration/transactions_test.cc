// Transactions against the real broker (issue 17): what kwire's transactional producer commits
// is read whole by kwire's read_committed consumer and by the Java client's, what it aborts not
// at all; a second producer with the same transactional.id fences the first; the coordinator
// aborting a transaction past transaction.timeout.ms; offsets committed inside transactions
// (consume-transform-produce) with an instance abandoned mid-transaction. Kafka 4.x runs
// transactions v2 (KIP-890), 3.9 v1: the test checks which one the producer chose.

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/integration/consumer_support.hpp"

namespace kwire::test {
namespace {

using client::blocking_producer;
using client::txn_state;

client::properties txn_props(const std::string& id, client::properties extra = {}) {
  client::properties p{{"bootstrap.servers", test::bootstrap()}, {"client.id", "kwire-txn-test"},
                       {"transactional.id", id}, {"linger.ms", "0"}};
  for (auto& [k, v] : extra) p[k] = v;
  return p;
}

// The error a throwing call threw (empty when it returned).
template <class F>
error_info failure_of(F f) {
  try {
    f();
  } catch (const kwire::error& e) {
    return e.info();
  }
  return {};
}

// The transactions version the broker line should give.
int expected_version() {
  const char* v = std::getenv("KWIRE_KAFKA_VERSION");
  return v && std::string(v).rfind("3.", 0) == 0 ? 1 : 2;
}

void send_values(blocking_producer& p, const std::string& topic, const std::string& prefix, int first, int n) {
  std::vector<std::future<client::record_metadata>> sent;
  for (int i = first; i < first + n; ++i) {
    client::record r;
    r.topic = topic;
    r.partition = 0;
    const std::string value = prefix + std::to_string(i);
    r.value = client::as_bytes(value);
    sent.push_back(p.send(r));
  }
  for (auto& f : sent) EXPECT_NO_THROW(f.get());
}

std::vector<std::string> read_values(const std::string& topic, const char* level, std::size_t want,
                                     std::chrono::milliseconds wait = 4s) {
  blocking_consumer c(consumer_settings("", {{"isolation.level", level}, {"auto.offset.reset", "earliest"}}));
  EXPECT_NO_THROW(c.start());
  c.assign({{topic, 0}});
  std::vector<std::string> values;
  for (const auto& rec : poll_for(c, want, wait)) values.push_back(text(rec.value()));
  return values;
}

std::vector<std::string> names(const std::string& prefix, int first, int n) {
  std::vector<std::string> out;
  for (int i = first; i < first + n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

TEST_F(fixture, CommittedTransactionsAreReadWholeAbortedOnesNotAtAll) {
  const auto topic = unique("txn-rc");
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  blocking_producer p(txn_props(topic + "-id"));
  ASSERT_NO_THROW(p.init_transactions());
  EXPECT_EQ(p.transaction_state(), txn_state::ready);
  std::promise<int> version;
  boost::asio::post(p.async().get_executor(), [&] { version.set_value(p.async().transaction_version()); });
  EXPECT_EQ(version.get_future().get(), expected_version());

  ASSERT_NO_THROW(p.begin_transaction());
  send_values(p, topic, "c", 0, 5);
  ASSERT_NO_THROW(p.commit_transaction());
  ASSERT_NO_THROW(p.begin_transaction());
  send_values(p, topic, "a", 0, 5);
  ASSERT_NO_THROW(p.abort_transaction());
  ASSERT_NO_THROW(p.begin_transaction());
  for (int i = 5; i < 10; ++i) p.send(topic, "c" + std::to_string(i));  // not waited for: commit flushes
  ASSERT_NO_THROW(p.commit_transaction());
  // Outside a transaction a record is refused, naming the call to make.
  auto outside = failure_of([&] { p.send(topic, "x").get(); });
  EXPECT_EQ(outside.ec, client_errc::invalid_value);
  EXPECT_NE(outside.detail.find("begin_transaction"), std::string::npos) << outside.detail;
  p.close();

  EXPECT_EQ(read_values(topic, "read_committed", 10), names("c", 0, 10));
  EXPECT_EQ(read_values(topic, "read_uncommitted", 15).size(), 15u);  // a0..a4 too, never the markers

  // The Java client's read_committed consumer agrees.
  auto java = run_java_peer({"consume-committed", test::bootstrap(), topic, "10"});
  ASSERT_EQ(java.status, 0) << java.out;
  std::vector<std::string> java_values;
  std::istringstream lines(java.out);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) cols.push_back(f);
    if (cols.size() < 4) continue;
    std::string value;
    for (std::size_t i = 0; i + 1 < cols[3].size(); i += 2) value += static_cast<char>(std::stoi(cols[3].substr(i, 2), nullptr, 16));
    java_values.push_back(value);
  }
  EXPECT_EQ(java_values, names("c", 0, 10)) << java.out;
}

TEST_F(fixture, ASecondProducerWithTheSameIdFencesTheFirst) {
  const auto topic = unique("txn-fence");
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  const auto id = topic + "-id";
  blocking_producer old_one(txn_props(id));
  ASSERT_NO_THROW(old_one.init_transactions());
  ASSERT_NO_THROW(old_one.begin_transaction());
  send_values(old_one, topic, "old", 0, 3);

  blocking_producer new_one(txn_props(id));
  ASSERT_NO_THROW(new_one.init_transactions());  // aborts what the old one left open

  auto fenced = failure_of([&] { old_one.commit_transaction(); });
  ASSERT_TRUE(fenced.failed());
  EXPECT_TRUE(fenced.ec == broker_errc::producer_fenced || fenced.ec == broker_errc::invalid_producer_epoch)
      << fenced.ec.message() << ": " << fenced.detail;
  EXPECT_NE(fenced.detail.find("fenced"), std::string::npos) << fenced.detail;
  EXPECT_EQ(old_one.transaction_state(), txn_state::fatal_error);
  EXPECT_TRUE(failure_of([&] { old_one.begin_transaction(); }).failed());

  ASSERT_NO_THROW(new_one.begin_transaction());
  send_values(new_one, topic, "new", 0, 3);
  ASSERT_NO_THROW(new_one.commit_transaction());
  EXPECT_EQ(read_values(topic, "read_committed", 3), names("new", 0, 3));
}

TEST_F(fixture, TheCoordinatorAbortsATransactionPastItsTimeout) {
  const auto topic = unique("txn-timeout");
  ASSERT_TRUE(test::create_topic(cluster, topic, 1));
  blocking_producer p(txn_props(topic + "-id", {{"transaction.timeout.ms", "1000"}}));
  ASSERT_NO_THROW(p.init_transactions());
  ASSERT_NO_THROW(p.begin_transaction());
  send_values(p, topic, "late", 0, 3);
  // The coordinator looks for expired transactions every 10 s (transaction.abort.timed.out
  // .transaction.cleanup.interval.ms); wait until it has aborted this one.
  const auto end = std::chrono::steady_clock::now() + 40s;
  std::this_thread::sleep_for(10s);
  auto failed = failure_of([&] { p.commit_transaction(); });
  ASSERT_TRUE(failed.failed()) << "the commit of a transaction past transaction.timeout.ms succeeded";
  EXPECT_NE(failed.detail.find("transactional.id"), std::string::npos) << failed.detail;
  std::cout << "commit after the timeout: " << failed.ec.message() << ": " << failed.detail << "\n";
  // Start over: abort and carry on when the error is abortable; a fatal one needs a new producer.
  std::unique_ptr<blocking_producer> again;
  blocking_producer* next = &p;
  if (p.transaction_state() == txn_state::abortable_error) {
    ASSERT_NO_THROW(p.abort_transaction());
  } else {
    EXPECT_EQ(p.transaction_state(), txn_state::fatal_error);
    again = std::make_unique<blocking_producer>(txn_props(topic + "-id"));
    ASSERT_NO_THROW(again->init_transactions());
    next = again.get();
  }
  ASSERT_NO_THROW(next->begin_transaction());
  send_values(*next, topic, "fresh", 0, 3);
  ASSERT_NO_THROW(next->commit_transaction());
  EXPECT_LT(std::chrono::steady_clock::now(), end);
  EXPECT_EQ(read_values(topic, "read_committed", 3), names("fresh", 0, 3));
}

// Consume-transform-produce within transactions: offsets commit with the output. An instance
// that dies mid-transaction (abandoned without commit) leaves nothing visible; the next one
// (same transactional.id) fences it, resumes from the committed offsets, and the output holds
// every input exactly once.
TEST_F(fixture, OffsetsCommitWithTheOutputExactlyOnce) {
  const auto in = unique("txn-in");
  const auto out = unique("txn-out");
  ASSERT_TRUE(test::create_topic(cluster, in, 1));
  ASSERT_TRUE(test::create_topic(cluster, out, 1));
  constexpr int n = 300;
  produce(in, 1, n);
  const auto group = in + "-group";

  // One instance: processes up to `limit` transactions of up to 50 records; the last one it
  // leaves open when `die` (as a SIGKILL would).
  auto run = [&](int limit, bool die) {
    blocking_producer p(txn_props(group + "-txn"));
    p.init_transactions();
    blocking_consumer c(consumer_settings(group, {{"isolation.level", "read_committed"},
                                                  {"auto.offset.reset", "earliest"},
                                                  {"enable.auto.commit", "false"},
                                                  {"max.poll.records", "50"}}));
    c.start();
    c.subscribe({in});
    int done = 0;
    const auto end = std::chrono::steady_clock::now() + 60s;
    while (done < limit && std::chrono::steady_clock::now() < end) {
      auto recs = c.poll(500ms);
      if (recs.empty()) continue;
      p.begin_transaction();
      offsets_to_commit next;
      for (const auto& r : recs) {
        p.send(out, "t:" + text(r.value()));
        next[{r.topic(), r.partition()}] = {r.offset() + 1, -1, ""};
      }
      p.send_offsets_to_transaction(next, c.group_metadata());
      if (die && done + 1 == limit) {
        p.flush();
        return;  // the producer's destructor closes it; the transaction stays open
      }
      p.commit_transaction();
      ++done;
      if (next.begin()->second.offset >= n) break;  // the input is drained
    }
  };
  ASSERT_NO_THROW(run(2, true));
  ASSERT_NO_THROW(run(1000, false));  // until the input is drained (60 s at most)

  auto values = read_values(out, "read_committed", n + 1, 6s);
  std::multiset<std::string> got(values.begin(), values.end());
  EXPECT_EQ(values.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) EXPECT_EQ(got.count("t:0/" + std::to_string(i)), 1u) << i;
}

}  // namespace
}  // namespace kwire::test
