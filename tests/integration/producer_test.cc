// The producer against the real broker (issue #7): acks 0/1/all, too-large records, bad topics,
// keyed partitions equal to the Java client's, records read back by the Java consumer as sent,
// and idempotence across connections dropped mid-produce.

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/use_future.hpp>

#include <kwire/error.hpp>
#include <kwire/producer/partitioner.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include "tests/integration/producer_support.hpp"

namespace kwire::test {
namespace {

using client::as_bytes;
using namespace std::chrono_literals;

class ProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = cluster_.start();
    ASSERT_TRUE(r) << r.detail;
  }

  static client::properties props(std::initializer_list<std::pair<const std::string, std::string>> extra = {}) {
    client::properties p{{"bootstrap.servers", bootstrap()}, {"client.id", "kwire-producer-test"}};
    for (const auto& [k, v] : extra) p[k] = v;
    return p;
  }

  // The producer's counters, read on its strand.
  static client::producer_stats stats_of(client::blocking_producer& p) {
    std::promise<client::producer_stats> s;
    boost::asio::post(p.async().get_executor(), [&] { s.set_value(p.async().stats()); });
    return s.get_future().get();
  }

  net::blocking_cluster cluster_{cluster_settings()};
};

// ---- acks ----------------------------------------------------------------------------------------

class AcksTest : public ProducerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(AcksTest, EveryRecordArrivesInOrder) {
  const std::string acks = GetParam();
  const auto topic = unique_topic("acks" + std::string(acks == "all" ? "all" : acks));
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  constexpr int n = 50;
  {
    client::blocking_producer p(props({{"acks", acks}, {"linger.ms", "20"}}));
    std::vector<std::future<client::record_metadata>> sent;
    for (int i = 0; i < n; ++i) sent.push_back(p.send(topic, "acks-" + std::to_string(i)));
    p.flush();
    for (int i = 0; i < n; ++i) {
      const auto md = sent[i].get();
      EXPECT_EQ(md.topic, topic);
      EXPECT_EQ(md.partition, 0);
      // acks=0: the broker does not answer, so no offset is known.
      EXPECT_EQ(md.offset, acks == "0" ? -1 : i) << "record " << i;
      EXPECT_GT(md.timestamp, 0);
    }
  }
  const auto back = fetch_all(cluster_, topic, 0, n);
  ASSERT_EQ(back.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) EXPECT_EQ(text_of(back[i].value), "acks-" + std::to_string(i));
}

INSTANTIATE_TEST_SUITE_P(Acks, AcksTest, ::testing::Values("all", "1", "0"),
                         [](const auto& info) { return std::string(info.param) == "all" ? std::string("all")
                                                                                         : "acks" + std::string(info.param); });

// ---- too large -----------------------------------------------------------------------------------

TEST_F(ProducerTest, RecordOverMaxRequestSizeFailsOthersDelivered) {
  const auto topic = unique_topic("toolarge");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  client::blocking_producer p(props({{"max.request.size", "2000"}}));
  auto a = p.send(topic, "small-a");
  auto big = p.send(topic, std::string(5000, 'x'));
  auto c = p.send(topic, "small-c");
  try {
    big.get();
    ADD_FAILURE() << "a 5000-byte record went through with max.request.size=2000";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), broker_errc::message_too_large);
    EXPECT_NE(std::string(e.what()).find("max.request.size"), std::string::npos) << e.what();
  }
  EXPECT_EQ(a.get().offset, 0);
  EXPECT_EQ(c.get().offset, 1);
  const auto back = fetch_all(cluster_, topic, 0, 2);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(text_of(back[0].value), "small-a");
  EXPECT_EQ(text_of(back[1].value), "small-c");
}

// The broker's own limit (the topic's max.message.bytes): its error and message reach the caller.
TEST_F(ProducerTest, RecordOverTheTopicsLimitFailsWithTheBrokersError) {
  const auto topic = unique_topic("brokerlimit");
  ASSERT_TRUE(create_topic(cluster_, topic, 1, {{"max.message.bytes", "1000"}}));
  client::blocking_producer p(props({{"linger.ms", "0"}}));
  EXPECT_EQ(p.send(topic, "before").get().offset, 0);
  auto big = p.send(topic, std::string(3000, 'y'));
  try {
    big.get();
    ADD_FAILURE() << "a 3000-byte record went through with max.message.bytes=1000";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), broker_errc::message_too_large) << e.what();
    EXPECT_NE(std::string(e.what()).find(topic + "-0"), std::string::npos) << e.what();
  }
  EXPECT_EQ(p.send(topic, "after").get().offset, 1);
  // The failed batch left a gap in the idempotent sequence: the epoch was bumped to start over.
  EXPECT_EQ(stats_of(p).epoch_bumps, 1u);
}

// ---- bad topics ----------------------------------------------------------------------------------

TEST_F(ProducerTest, InvalidTopicNameFailsAtOnce) {
  client::blocking_producer p(props({{"max.block.ms", "20000"}}));
  const auto start = std::chrono::steady_clock::now();
  auto f = p.send("not a valid topic!", "x");
  try {
    f.get();
    ADD_FAILURE() << "a record for an invalid topic name was delivered";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), broker_errc::invalid_topic_exception) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a valid topic!"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s) << "the error waited for max.block.ms";
}

TEST_F(ProducerTest, PartitionOutOfRangeIsAClearError) {
  const auto topic = unique_topic("badpartition");
  ASSERT_TRUE(create_topic(cluster_, topic, 2));
  client::blocking_producer p(props());
  client::record r;
  r.topic = topic;
  r.partition = 7;
  r.value = as_bytes("x");
  try {
    p.send(r).get();
    ADD_FAILURE() << "a record for partition 7 of a 2-partition topic was delivered";
  } catch (const kwire::error& e) {
    EXPECT_NE(std::string(e.what()).find("7"), std::string::npos) << e.what();
  }
}

// async_send with a kwire::error_info: the detail reaches it before the handler runs, through a
// plain callback and through a token with an executor of its own (use_future); success clears it.
TEST_F(ProducerTest, AsyncSendWritesTheDetailIntoErrorInfo) {
  const auto topic = unique_topic("errinfo");
  ASSERT_TRUE(create_topic(cluster_, topic, 2));
  client::blocking_producer p(props());
  client::record bad;
  bad.topic = topic;
  bad.partition = 7;
  bad.value = as_bytes("x");
  const std::string expected = "partition 7 of topic " + topic + " does not exist";

  kwire::error_info info{client_errc::timed_out, "stale"};
  std::promise<std::pair<std::error_code, std::string>> seen;
  p.async().async_send(bad, info, [&](std::error_code ec, const client::record_metadata&) {
    seen.set_value({ec, info.detail});  // already written when the handler runs
  });
  const auto [ec, detail] = seen.get_future().get();
  EXPECT_EQ(ec, client_errc::invalid_value);
  EXPECT_EQ(info.ec, ec);
  EXPECT_NE(detail.find(expected), std::string::npos) << detail;

  kwire::error_info info2;
  // (use_future hands a std::error_code back in the tuple; it throws only for boost's own)
  const auto [fec, fmd] = p.async().async_send(bad, info2, boost::asio::use_future).get();
  EXPECT_EQ(fec, client_errc::invalid_value);
  EXPECT_EQ(info2.ec, client_errc::invalid_value);
  EXPECT_NE(info2.message().find(expected), std::string::npos) << info2.message();

  client::record good = bad;
  good.partition = 1;
  kwire::error_info info3{client_errc::timed_out, "stale"};
  const auto [gec, gmd] = p.async().async_send(good, info3, boost::asio::use_future).get();
  EXPECT_FALSE(gec) << gec.message();
  EXPECT_EQ(gmd.partition, 1);
  EXPECT_FALSE(info3.failed());
  EXPECT_TRUE(info3.detail.empty()) << info3.detail;
}

// No broker answers: the record waits max.block.ms for the topic's metadata, then fails saying why.
TEST_F(ProducerTest, NoBrokerFailsAfterMaxBlock) {
  client::properties pr = props({{"max.block.ms", "1500"}});
  pr["bootstrap.servers"] = "127.0.0.1:1";  // nothing listens on port 1
  client::blocking_producer p(pr);
  const auto start = std::chrono::steady_clock::now();
  auto f = p.send("some-topic", "x");
  try {
    f.get();
    ADD_FAILURE() << "delivered without a broker";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), broker_errc::unknown_topic_or_partition) << e.what();
    EXPECT_NE(std::string(e.what()).find("max.block.ms (1500 ms)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 1400ms);
  EXPECT_LT(waited, 10s);
}

// buffer.memory far below what is sent: sends wait for memory (in order) and everything arrives.
TEST_F(ProducerTest, SmallBufferMemoryBlocksThenDelivers) {
  const auto topic = unique_topic("memory");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  constexpr int n = 5000;
  std::vector<std::future<client::record_metadata>> sent;
  {
    client::blocking_producer p(props({{"buffer.memory", "40000"}, {"batch.size", "16384"}}));
    const std::string pad(100, 'm');
    for (int i = 0; i < n; ++i) sent.push_back(p.send(topic, std::to_string(i) + pad));
    p.flush();
  }
  for (int i = 0; i < n; ++i) ASSERT_EQ(sent[i].get().offset, i);
  const auto back = fetch_all(cluster_, topic, 0, n);
  ASSERT_EQ(back.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(text_of(back[n - 1].value), std::to_string(n - 1) + std::string(100, 'm'));
}

// A batch over the topic's max.message.bytes is split and resent (as Java does) until each part
// fits; records keep their order. With and without idempotence (the halves keep the sequences).
class SplitTest : public ProducerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(SplitTest, TooLargeBatchesAreSplitAndDelivered) {
  const std::string idempotent = GetParam();
  const auto topic = unique_topic("split" + idempotent);
  ASSERT_TRUE(create_topic(cluster_, topic, 1, {{"max.message.bytes", "1000"}}));
  constexpr int n = 40;  // about 4.5 KB in one batch: split down to parts under 1000 bytes
  std::vector<std::future<client::record_metadata>> sent;
  client::blocking_producer p(props({{"linger.ms", "200"}, {"enable.idempotence", idempotent}, {"acks", "all"}}));
  for (int i = 0; i < n; ++i) sent.push_back(p.send(topic, std::to_string(1000 + i) + std::string(96, 's')));
  for (int i = 0; i < n; ++i) ASSERT_EQ(sent[i].get().offset, i);
  EXPECT_GE(stats_of(p).splits, 3u);  // 40 -> 20 -> 10 -> 5 records at least
  EXPECT_EQ(stats_of(p).epoch_bumps, 0u);
  const auto back = fetch_all(cluster_, topic, 0, n);
  ASSERT_EQ(back.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) EXPECT_EQ(text_of(back[i].value), std::to_string(1000 + i) + std::string(96, 's'));
  // One record alone over the limit still fails, naming its size and the limit.
  try {
    p.send(topic, std::string(3000, 'y')).get();
    ADD_FAILURE() << "a 3000-byte record went through with max.message.bytes=1000";
  } catch (const kwire::error& e) {
    EXPECT_EQ(e.code(), broker_errc::message_too_large) << e.what();
    EXPECT_NE(std::string(e.what()).find("max.message.bytes"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(" bytes as a record batch of its own"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Idempotence, SplitTest, ::testing::Values("true", "false"));

// ---- keyed partitions: the Java client's ----------------------------------------------------------

TEST_F(ProducerTest, KeyedRecordsLandWhereTheJavaClientPutsThem) {
  const auto topic = unique_topic("keyed");
  constexpr int partitions = 6, n = 200;
  ASSERT_TRUE(create_topic(cluster_, topic, partitions));
  std::map<std::string, std::int32_t> ours;
  {
    client::blocking_producer p(props());
    std::vector<std::future<client::record_metadata>> sent;
    for (int i = 0; i < n; ++i) sent.push_back(p.send(topic, "key-" + std::to_string(i), "kwire"));
    for (int i = 0; i < n; ++i) {
      const auto md = sent[i].get();
      const std::string key = "key-" + std::to_string(i);
      ours[key] = md.partition;
      EXPECT_EQ(md.partition, client::partition_for_key(as_bytes(key), partitions)) << key;
    }
  }
  const auto java = run_java_peer({"keyed", bootstrap(), topic, std::to_string(n)});
  ASSERT_EQ(java.status, 0) << java.out;
  // "key-N \t partition" lines; the JVM's stderr (log4j warnings on 3.9) is mixed in.
  std::istringstream lines(java.out);
  int compared = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("key-", 0) != 0) continue;
    std::istringstream fields(line);
    std::string key;
    std::int32_t partition = -1;
    ASSERT_TRUE(fields >> key >> partition) << line;
    ASSERT_TRUE(ours.count(key)) << "Java printed a key kwire did not send: " << key;
    EXPECT_EQ(ours[key], partition) << key;
    ++compared;
  }
  EXPECT_EQ(compared, n) << java.out;
  std::set<std::int32_t> used;
  for (const auto& [k, p] : ours) used.insert(p);
  EXPECT_EQ(used.size(), static_cast<std::size_t>(partitions)) << "200 keys should reach every partition";
}

// ---- read back by the Java consumer ---------------------------------------------------------------

// The record rule of tests/interop/JavaPeer.java (key(), value(), headers(), BASE_TIMESTAMP).
constexpr std::int64_t base_timestamp = 1700000000000;

std::optional<std::string> java_key(int i) {
  if (i % 7 == 0) return std::nullopt;
  return "k" + std::to_string(i);
}
std::optional<std::string> java_value(int i) {
  if (i % 11 == 0) return std::nullopt;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"i\":%d,\"name\":\"record-%06d\",\"text\":\"the quick brown fox jumps over the lazy dog\",\"sq\":%lld}",
                i, i, static_cast<long long>(i) * i);
  return std::string(buf);
}
std::optional<std::string> java_h2(int i) {
  if (i % 2 == 0) return std::nullopt;
  return std::string{static_cast<char>(i >> 8), static_cast<char>(i), '\0', static_cast<char>(0xff)};
}
std::string hex(const std::optional<std::string>& s) {
  if (!s) return "-";
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : *s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

class JavaReadsBack : public ProducerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(JavaReadsBack, KeysValuesHeadersTimestampsAsSent) {
  const std::string codec = GetParam();
  const auto topic = unique_topic("javaread-" + codec);
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  constexpr int n = 60;
  std::string expected;
  {
    client::blocking_producer p(props({{"compression.type", codec}, {"linger.ms", "50"}}));
    std::vector<std::future<client::record_metadata>> sent;
    for (int i = 0; i < n; ++i) {
      const auto key = java_key(i), value = java_value(i), h2 = java_h2(i);
      const std::string h1 = "v" + std::to_string(i);
      const client::header headers[] = {{"h1", as_bytes(h1)},
                                        {"h2", h2 ? std::optional<kwire::bytes_view>(as_bytes(*h2)) : std::nullopt}};
      client::record r;
      r.topic = topic;
      r.partition = 0;
      if (key) r.key = as_bytes(*key);
      if (value) r.value = as_bytes(*value);
      r.headers = headers;
      r.timestamp = base_timestamp + i;
      sent.push_back(p.send(r));
      expected += std::to_string(i) + "\t" + std::to_string(base_timestamp + i) + "\t" + hex(key) + "\t" + hex(value) +
                  "\t" + hex(std::string("h1")) + "=" + hex(h1) + "," + hex(std::string("h2")) + "=" + hex(h2) + "\n";
    }
    for (int i = 0; i < n; ++i) EXPECT_EQ(sent[i].get().offset, i);
  }
  const auto java = run_java_peer({"consume", bootstrap(), topic, std::to_string(n)});
  ASSERT_EQ(java.status, 0) << java.out;
  // The JVM may print warnings first; the records are the last n lines.
  const auto at = java.out.find("0\t" + std::to_string(base_timestamp) + "\t");
  ASSERT_NE(at, std::string::npos) << java.out;
  EXPECT_EQ(java.out.substr(at), expected);
}

INSTANTIATE_TEST_SUITE_P(Codecs, JavaReadsBack, ::testing::Values("none", "lz4"));

// ---- idempotence across dropped connections -------------------------------------------------------

// Connections are aborted (ss -K) while Produce requests are in flight: the batches are retried,
// the broker drops the duplicates by their sequence numbers, and every record lands exactly once,
// in order.
TEST_F(ProducerTest, IdempotenceSurvivesDroppedConnections) {
  const auto topic = unique_topic("idempotent");
  ASSERT_TRUE(create_topic(cluster_, topic, 1));
  constexpr int n = 30000, chunk = 1000;
  const int broker_port = port_of(bootstrap());
  std::vector<std::int64_t> offsets(n, -2);
  std::atomic<int> failed{0};
  std::mutex mutex;
  std::string first_error;
  int dropped = 0;
  client::producer_stats stats;
  {
    client::blocking_producer p(props({{"enable.idempotence", "true"},
                                       {"acks", "all"},
                                       {"batch.size", "4096"},
                                       {"linger.ms", "2"},
                                       {"max.in.flight.requests.per.connection", "5"}}));
    for (int i = 0; i < n; ++i) {
      const std::string value = "idem-" + std::to_string(i);
      client::record r;
      r.topic = topic;
      r.value = as_bytes(value);
      p.send(r, [&, i](std::error_code ec, client::record_metadata md) {
        if (ec) {
          ++failed;
          std::lock_guard lock(mutex);
          if (first_error.empty()) first_error = md.error_detail;
          return;
        }
        offsets[i] = md.offset;
      });
      if ((i + 1) % chunk == 0) {
        std::this_thread::sleep_for(3ms);  // let requests get on the wire, then cut them off
        dropped += drop_own_connections(broker_port);
      }
    }
    p.flush();
    stats = stats_of(p);
  }
  EXPECT_EQ(failed.load(), 0) << first_error;
  ASSERT_GT(dropped, 0) << "no connection was dropped: the test proved nothing";
  EXPECT_GT(stats.retries, 0u) << "no batch was retried after " << dropped << " dropped connections";
  std::printf("[idempotence] %d connections dropped, %llu batch retries, %llu requests, %llu epoch bumps\n", dropped,
              static_cast<unsigned long long>(stats.retries), static_cast<unsigned long long>(stats.requests),
              static_cast<unsigned long long>(stats.epoch_bumps));
  int misplaced = 0;
  for (int i = 0; i < n; ++i)
    if (offsets[i] != i && misplaced++ < 5) ADD_FAILURE() << "record " << i << " at offset " << offsets[i];
  EXPECT_EQ(misplaced, 0);
  const auto back = fetch_all(cluster_, topic, 0, n + 1, 5s);  // n + 1: a duplicate would show up
  ASSERT_EQ(back.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    if (text_of(back[i].value) != "idem-" + std::to_string(i)) {
      ADD_FAILURE() << "offset " << i << " holds " << text_of(back[i].value);
      break;
    }
}

}  // namespace
}  // namespace kwire::test
