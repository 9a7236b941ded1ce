// Runs each producer example of docs/examples against the real broker and checks what it printed
// and what it left in its topic (read back with a plain Fetch).

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include <kwire/producer/partitioner.hpp>
#include <kwire/producer/producer_record.hpp>
#include "tests/integration/producer_support.hpp"

namespace kwire::test {
namespace {

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = cluster_.start();
    ASSERT_TRUE(r) << r.detail;
  }

  // Runs docs/examples/<name> with the topic as its argument and KWIRE_BOOTSTRAP as it is.
  static command_result run(const std::string& name, const std::string& topic) {
    return run_command(shell_quote(runfile("docs/examples/" + name)) + " " + shell_quote(topic));
  }

  net::blocking_cluster cluster_{cluster_settings()};
};

TEST_F(ExamplesTest, SendTenStringsAndFlush) {
  const auto topic = unique_topic("ex-strings");
  const auto r = run("send_strings", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "sent 10 records to " + topic + "\n");
  const auto back = fetch_all(cluster_, topic, 0, 10);
  ASSERT_EQ(back.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(text_of(back[i].value), "message " + std::to_string(i));
}

TEST_F(ExamplesTest, SendAndWaitForMetadata) {
  const auto topic = unique_topic("ex-wait");
  const auto r = run("send_and_wait", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "topic=" + topic + " partition=0 offset=0\n");
  const auto back = fetch_all(cluster_, topic, 0, 1);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(text_of(back[0].value), "hello");
}

TEST_F(ExamplesTest, JsonValueSerializer) {
  const auto topic = unique_topic("ex-json");
  const auto r = run("json_values", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "order 1 at offset 0\norder 2 at offset 1\norder 3 at offset 2\n");
  const auto back = fetch_all(cluster_, topic, 0, 3);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(text_of(back[0].value), R"({"id":1,"item":"tea","price":3.50})");
  EXPECT_EQ(text_of(back[2].value), R"({"id":3,"item":"cake","price":6.00})");
}

// On a 6-partition topic, each key's records share the partition the Java client would choose.
TEST_F(ExamplesTest, StringKeySerializer) {
  const auto topic = unique_topic("ex-keys");
  ASSERT_TRUE(create_topic(cluster_, topic, 6));
  const auto r = run("string_keys", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  // "key=K partition=P offset=O" lines.
  std::istringstream out(r.out);
  int lines = 0;
  for (std::string l; std::getline(out, l); ++lines) {
    char key[64];
    int partition = -1;
    long long offset = -1;
    ASSERT_EQ(std::sscanf(l.c_str(), "key=%63s partition=%d offset=%lld", key, &partition, &offset), 3) << l;
    EXPECT_EQ(partition, client::partition_for_key(client::as_bytes(key), 6)) << key;
  }
  EXPECT_EQ(lines, 6) << r.out;
  const auto alice = client::partition_for_key(client::as_bytes("alice"), 6);
  const auto back = fetch_all(cluster_, topic, alice, 3);
  ASSERT_EQ(back.size(), 3u);
  for (const auto& rec : back) EXPECT_EQ(text_of(rec.key), "alice");
}

TEST_F(ExamplesTest, GzipAndLz4) {
  const auto topic = unique_topic("ex-compression");
  const auto r = run("compression", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "gzip: 100 records sent\nlz4: 100 records sent\n");
  // The batches stored are compressed with the codec each producer used.
  std::set<int> codecs;
  const auto back = fetch_all(cluster_, topic, 0, 200, std::chrono::seconds(20), &codecs);
  ASSERT_EQ(back.size(), 200u);
  EXPECT_EQ(codecs, (std::set<int>{1, 3}));  // gzip = 1, lz4 = 3
  EXPECT_EQ(text_of(back[0].value).rfind("gzip record 0:", 0), 0u);
  EXPECT_EQ(text_of(back[100].value).rfind("lz4 record 0:", 0), 0u);
}

TEST_F(ExamplesTest, Headers) {
  const auto topic = unique_topic("ex-headers");
  const auto r = run("headers", topic);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "sent with 3 headers to partition 0 offset 0\n");
  const auto back = fetch_all(cluster_, topic, 0, 1);
  ASSERT_EQ(back.size(), 1u);
  ASSERT_EQ(back[0].headers.size(), 3u);
  EXPECT_EQ(back[0].headers[0].key, "trace-id");
  EXPECT_EQ(text_of(back[0].headers[0].value), "4bf92f3577b34da6");
  EXPECT_EQ(back[0].headers[1].key, "content-type");
  EXPECT_EQ(back[0].headers[2].key, "empty");
  EXPECT_FALSE(back[0].headers[2].value.has_value());
}

// The README's quick start: it sends one record to "quickstart" and its consumer (group
// "quickstart", reading from its last commit or the beginning) prints what it reads; the record
// just sent must be among them, at the offset the producer reported.
TEST_F(ExamplesTest, Quickstart) {
  const auto r = run_command(shell_quote(runfile("docs/examples/quickstart")) + " " + shell_quote(bootstrap()));
  ASSERT_EQ(r.status, 0) << r.out;
  long long offset = -1;
  ASSERT_EQ(std::sscanf(r.out.c_str(), "sent to quickstart/0 at offset %lld", &offset), 1) << r.out;
  EXPECT_NE(r.out.find("read quickstart/0@" + std::to_string(offset) + ": hello, kwire\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kwire::test
