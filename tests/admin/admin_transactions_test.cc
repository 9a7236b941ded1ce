// The admin client's transaction calls (KIP-664) against the real broker (issue #16). The Java
// client (txn_open_peer.java) leaves a transaction open on a partition; the admin lists and
// describes it, finds its producer on the partition, aborts it there with a marker and fences
// the transactional id.

#include <gtest/gtest.h>

#include <algorithm>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/admin/security_cli_support.hpp"

namespace {

using namespace std::chrono_literals;
using kwire::test::unique;

bool kafka4() { return kwire::test::kafka_version().rfind("3.", 0) != 0; }

kwire::blocking_admin make_admin() { return kwire::blocking_admin({{"bootstrap.servers", kwire::test::bootstrap()}}); }

// Runs the Java peer: its exit status and output.
std::pair<int, std::string> open_transaction(const std::string& topic, const std::string& txn_id) {
  using kwire::test::shell_quote;
  auto r = kwire::test::run("java -cp " + shell_quote(kwire::test::kafka_libs() + "/*") + " " +
                            shell_quote(kwire::test::runfile("tests/admin/txn_open_peer.java")) + " " +
                            shell_quote(kwire::test::bootstrap()) + " " + shell_quote(topic) + " " + shell_quote(txn_id));
  return {r.status, r.out + r.err};
}

TEST(AdminTransactions, ListDescribeFindTheProducerAbortOnThePartitionAndFence) {
  auto a = make_admin();
  const auto topic = unique("admin-txn");
  const auto txn_id = topic + "-tx";
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();
  const auto [status, out] = open_transaction(topic, txn_id);
  ASSERT_EQ(status, 0) << out;
  ASSERT_NE(out.find("open"), std::string::npos) << out;

  // Listed as Ongoing by its coordinator (filtered by state), and described there.
  kwire::list_transactions_options ongoing;
  ongoing.states = {"Ongoing"};
  std::int64_t listed_pid = -1;
  for (const auto& [broker, r] : a.list_transactions(ongoing)) {
    ASSERT_TRUE(r) << r.error.message();
    for (const auto& t : r.value) {
      EXPECT_EQ(t.state, "Ongoing");
      if (t.transactional_id == txn_id) listed_pid = t.producer_id;
    }
  }
  ASSERT_GE(listed_pid, 0) << txn_id << " is not listed as Ongoing";
  kwire::list_transactions_options by_pid;
  by_pid.producer_ids = {listed_pid};
  std::size_t found = 0;
  for (const auto& [broker, r] : a.list_transactions(by_pid)) found += r.value.size();
  EXPECT_EQ(found, 1u);

  // The duration filter (ListTransactions v1+: both lines): running longer than 0 ms lists it,
  // longer than an hour does not; a negative duration is refused before sending.
  const auto listed_ids = [&](const kwire::list_transactions_options& o) {
    std::vector<std::string> ids;
    for (const auto& [broker, r] : a.list_transactions(o)) {
      EXPECT_TRUE(r) << r.error.message();
      for (const auto& t : r.value) ids.push_back(t.transactional_id);
    }
    return ids;
  };
  const auto has = [&](const std::vector<std::string>& ids) { return std::find(ids.begin(), ids.end(), txn_id) != ids.end(); };
  kwire::list_transactions_options running;
  running.running_longer_than = 0ms;
  EXPECT_TRUE(has(listed_ids(running)));
  running.running_longer_than = std::chrono::hours(1);
  EXPECT_FALSE(has(listed_ids(running)));
  running.running_longer_than = -1ms;
  try {
    a.list_transactions(running);
    ADD_FAILURE() << "a negative duration was sent";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), kwire::client_errc::invalid_value);
    EXPECT_NE(std::string(e.what()).find("-1 ms"), std::string::npos) << e.what();
  }

  // The transactional id pattern (ListTransactions v2+, Kafka 4.1+): the broker matches it.
  kwire::list_transactions_options pattern;
  pattern.transactional_id_pattern = "^" + txn_id + "$";
  if (kafka4()) {
    EXPECT_EQ(listed_ids(pattern), std::vector<std::string>{txn_id});
    pattern.transactional_id_pattern = "^no-such-" + txn_id + ".*";
    EXPECT_TRUE(listed_ids(pattern).empty());
    pattern.transactional_id_pattern = "(";
    for (const auto& [broker, r] : a.list_transactions(pattern)) {
      EXPECT_EQ(r.error.ec, kwire::broker_errc::invalid_regular_expression) << r.error.message();
      EXPECT_NE(r.error.detail.find("'('"), std::string::npos) << r.error.detail;
    }
  } else {  // 3.9: ListTransactions v0-1, each broker's answer is the clear "too old"
    for (const auto& [broker, r] : a.list_transactions(pattern)) {
      EXPECT_EQ(r.error.ec, kwire::client_errc::no_compatible_version) << r.error.message();
      EXPECT_NE(r.error.detail.find("ListTransactions v2+"), std::string::npos) << r.error.detail;
    }
  }

  auto described = a.describe_transactions({txn_id, txn_id + "-unknown"});
  ASSERT_TRUE(described.at(txn_id)) << described.at(txn_id).error.message();
  const auto d = described.at(txn_id).value;
  EXPECT_EQ(d.state, "Ongoing");
  EXPECT_EQ(d.producer_id, listed_pid);
  EXPECT_EQ(d.transaction_timeout_ms, 300000);
  EXPECT_TRUE(d.transaction_start_time_ms.has_value());
  ASSERT_EQ(d.partitions.size(), 1u);
  EXPECT_EQ(d.partitions[0], (kwire::topic_partition{topic, 0}));
  EXPECT_EQ(described.at(txn_id + "-unknown").error.ec, kwire::broker_errc::transactional_id_not_found)
      << described.at(txn_id + "-unknown").error.message();

  // The partition's view: the producer with its open transaction from offset 0.
  const kwire::topic_partition p0{topic, 0};
  auto producers = a.describe_producers({p0});
  ASSERT_TRUE(producers.at(p0)) << producers.at(p0).error.message();
  ASSERT_EQ(producers.at(p0).value.size(), 1u);
  const auto ps = producers.at(p0).value[0];
  EXPECT_EQ(ps.producer_id, listed_pid);
  EXPECT_EQ(ps.producer_epoch, d.producer_epoch);
  ASSERT_TRUE(ps.current_txn_start_offset.has_value());
  EXPECT_EQ(*ps.current_txn_start_offset, 0);
  EXPECT_FALSE(ps.coordinator_epoch.has_value());  // no marker written there yet

  // Abort it on the partition, as for a hanging transaction (coordinator epoch 0 when the
  // partition knows none, as kafka-transactions.sh does).
  auto aborted = a.abort_transaction({.partition = p0,
                                      .producer_id = ps.producer_id,
                                      .producer_epoch = static_cast<std::int16_t>(ps.producer_epoch),
                                      .coordinator_epoch = ps.coordinator_epoch.value_or(0)});
  ASSERT_TRUE(aborted) << aborted.error.message();
  auto after = a.describe_producers({p0}).at(p0).get();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_FALSE(after[0].current_txn_start_offset.has_value()) << *after[0].current_txn_start_offset;

  // Fence: a new epoch for the id; the coordinator ends its transaction.
  auto fenced = a.fence_producers({txn_id});
  ASSERT_TRUE(fenced.at(txn_id)) << fenced.at(txn_id).error.message();
  EXPECT_EQ(fenced.at(txn_id).value.producer_id, listed_pid);
  EXPECT_GT(fenced.at(txn_id).value.producer_epoch, d.producer_epoch);
  auto now = a.describe_transactions({txn_id}).at(txn_id).get();
  EXPECT_NE(now.state, "Ongoing");
  EXPECT_GE(now.producer_epoch, fenced.at(txn_id).value.producer_epoch);
}

TEST(AdminTransactions, AMarkerForAnUnknownProducerAndAnUnknownPartition) {
  auto a = make_admin();
  const auto topic = unique("admin-txn-bad");
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();
  const kwire::topic_partition p0{topic, 0};
  // No producer ever wrote here: the leader still writes the abort marker (it only refuses an
  // epoch older than the producer's own).
  auto aborted = a.abort_transaction({.partition = p0, .producer_id = 123456, .producer_epoch = 0, .coordinator_epoch = 0});
  EXPECT_TRUE(aborted) << aborted.error.message();
  kwire::admin_options quick;
  quick.timeout = 3s;
  const kwire::topic_partition missing{topic, 7};
  auto producers = a.describe_producers({p0, missing}, quick);
  ASSERT_TRUE(producers.at(p0)) << producers.at(p0).error.message();
  EXPECT_TRUE(producers.at(p0).value.empty() || producers.at(p0).value[0].producer_id == 123456);
  ASSERT_FALSE(producers.at(missing));
  EXPECT_NE(producers.at(missing).error.detail.find(topic + "-7"), std::string::npos) << producers.at(missing).error.detail;
}

TEST(AdminTransactions, CliListsDescribesAbortsByStartOffsetAndFences) {
  auto a = make_admin();
  const auto topic = unique("cli-txn");
  const auto txn_id = topic + "-tx";
  a.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}}).at(topic).get();
  const auto [status, out] = open_transaction(topic, txn_id);
  ASSERT_EQ(status, 0) << out;
  using kwire::test::kwire_cli;

  auto listed = kwire_cli({"transactions", "list", "--state", "Ongoing", "--json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"transactional_id\":\"" + txn_id + "\""), std::string::npos) << listed.out;
  listed = kwire_cli({"transactions", "list", "--duration-filter", "0", "--json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"transactional_id\":\"" + txn_id + "\""), std::string::npos) << listed.out;
  listed = kwire_cli({"transactions", "list", "--duration-filter", "3600000", "--json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(listed.out.find(txn_id), std::string::npos) << listed.out;
  listed = kwire_cli({"transactions", "list", "--duration-filter", "-1", "--json"});  // kafka-transactions.sh: all
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_NE(listed.out.find(txn_id), std::string::npos) << listed.out;
  listed = kwire_cli({"transactions", "list", "--transactional-id-pattern", "^" + txn_id + "$", "--json"});
  if (kafka4()) {
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.out.rfind("{\"transactions\":[{\"transactional_id\":\"" + txn_id + "\",", 0), 0u) << listed.out;
    EXPECT_EQ(listed.out.find("\"transactional_id\"", 1), listed.out.find("\"transactional_id\"")) << listed.out;  // only it
  } else {
    EXPECT_EQ(listed.status, 1);
    EXPECT_NE(listed.err.find("needs ListTransactions v2+ (Kafka 4.1+)"), std::string::npos) << listed.err;
  }
  auto described = kwire_cli({"transactions", "describe", "--transactional-id", txn_id});
  ASSERT_EQ(described.status, 0) << described.err;
  EXPECT_NE(described.out.find("Ongoing"), std::string::npos) << described.out;
  EXPECT_NE(described.out.find(topic + "-0"), std::string::npos) << described.out;
  auto producers = kwire_cli({"transactions", "describe-producers", "--topic", topic, "--partition", "0", "--json"});
  ASSERT_EQ(producers.status, 0) << producers.err;
  EXPECT_NE(producers.out.find("\"current_txn_start_offset\":0"), std::string::npos) << producers.out;

  // No open transaction starts at 2; one starts at 0.
  auto wrong = kwire_cli({"transactions", "abort", "--topic", topic, "--partition", "0", "--start-offset", "2"});
  EXPECT_EQ(wrong.status, 1) << wrong.out;
  EXPECT_NE(wrong.err.find("no open transaction starts at offset 2"), std::string::npos) << wrong.err;
  auto aborted = kwire_cli({"transactions", "abort", "--topic", topic, "--partition", "0", "--start-offset", "0"});
  ASSERT_EQ(aborted.status, 0) << aborted.err;
  auto after = a.describe_producers({{topic, 0}}).at({topic, 0}).get();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_FALSE(after[0].current_txn_start_offset.has_value());

  auto fenced = kwire_cli({"transactions", "fence", "--transactional-id", txn_id, "--json"});
  ASSERT_EQ(fenced.status, 0) << fenced.err;
  EXPECT_NE(fenced.out.find("\"error\":null"), std::string::npos) << fenced.out;

  auto typo = kwire_cli({"transactions", "lst"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_NE(typo.err.find("did you mean 'list'"), std::string::npos) << typo.err;
  auto help = kwire_cli({"transactions", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("describe-producers"), std::string::npos) << help.out;
}

}  // namespace
