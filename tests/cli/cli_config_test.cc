// The CLI without a broker: a client.properties written for the Java client works (the keys
// kwire does not use named once on stderr, those it would not honour refused), and a produce to
// a broker that refuses or does not resolve says so at once instead of after max.block.ms.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "tests/cli/cli_run.hpp"

namespace kwire::test {
namespace {

const std::string no_broker = "env -u KWIRE_BOOTSTRAP";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A Java producer's client.properties as the Java tools take it: the serializers, metrics and
// DNS keys are named once, the settings kwire has still apply.
TEST(CliConfig, JavaClientPropertiesFileWorksWithTheIgnoredKeysNamedOnce) {
  const auto file = write_file("java-client.properties",
                               "# written for kafka-console-producer\n"
                               "bootstrap.servers=127.0.0.1:1\n"
                               "key.serializer=org.apache.kafka.common.serialization.StringSerializer\n"
                               "value.serializer=org.apache.kafka.common.serialization.StringSerializer\n"
                               "metrics.recording.level=INFO\n"
                               "client.dns.lookup=use_all_dns_ips\n");
  const auto r = kwire({"produce", "--command-config", file, "-t", "x", "-X", "max.block.ms=300"}, "one\n", no_broker);
  EXPECT_EQ(r.status, 1) << r.err;  // nothing listens on port 1: the record fails after max.block.ms
  const std::string warning =
      "kwire produce: ignoring Java client settings kwire does not use: client.dns.lookup, key.serializer, "
      "metrics.recording.level, value.serializer\n";
  EXPECT_EQ(r.err.rfind(warning, 0), 0u) << r.err;
  EXPECT_EQ(count(r.err, "ignoring Java client settings"), 1u) << r.err;
  EXPECT_NE(r.err.find("after max.block.ms (300 ms)"), std::string::npos) << r.err;  // kwire's keys still apply

  // The admin subcommands and the consumer say the same.
  const auto m = kwire({"metadata", "--command-config", file}, "", no_broker);
  EXPECT_EQ(m.status, 1) << m.err;
  EXPECT_EQ(count(m.err, "kwire metadata: ignoring Java client settings kwire does not use: client.dns.lookup, "
                         "key.serializer, metrics.recording.level, value.serializer\n"),
            1u)
      << m.err;
  const auto t = kwire({"topics", "list", "--command-config", file}, "", no_broker);
  EXPECT_EQ(count(t.err, "kwire topics: ignoring Java client settings"), 1u) << t.err;
  const auto c = kwire({"consume", "--command-config", file, "-t", "x", "-e"}, "", no_broker);
  EXPECT_EQ(count(c.err, "kwire consume: ignoring Java client settings kwire does not use: "), 1u) << c.err;
}

// A value kwire would not honour stops the command before any connection (exit 2), naming it.
TEST(CliConfig, JavaKeysKwireWouldNotHonourAreRefused) {
  const auto file = write_file("avro.properties",
                               "value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer\n");
  auto r = kwire({"produce", "--command-config", file, "-b", "127.0.0.1:1", "-t", "x"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "kwire produce: value.serializer: 'io.confluent.kafka.serializers.KafkaAvroSerializer' is not supported "
            "by kwire: kwire sends the bytes it is handed; only Java's byte-array, Bytes, ByteBuffer and String "
            "serializers can be left out (serialize in the application instead)\n");
  r = kwire({"produce", "-b", "127.0.0.1:1", "-t", "x", "-X", "partitioner.class=com.example.Mine"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("partitioner.class: 'com.example.Mine' is not supported by kwire"), std::string::npos) << r.err;
  // No Java key at all: unknown, with the nearest name.
  r = kwire({"metadata", "-b", "127.0.0.1:1", "-X", "metrics.num.sample=2"}, "", no_broker);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "kwire metadata: metrics.num.sample: unknown admin setting (did you mean metrics.num.samples?)\n");
}

// Refused and unresolvable: the cause is on stderr within seconds, with how long the records
// wait, although max.block.ms (60 s by default) has not run out: `timeout 10` ends the run.
TEST(CliConfig, ProduceToNoBrokerSaysSoAtOnce) {
  for (const std::string server : {"127.0.0.1:1", "nosuchhost.invalid:9092"}) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = kwire({"produce", "-b", server, "-t", "x"}, "one\n", no_broker + " timeout 10");
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, 124) << server << ": " << r.err;  // still waiting, as Java waits max.block.ms
    EXPECT_LT(took, std::chrono::seconds(30));
    const std::string line = "kwire produce: producer: bootstrap failed: no bootstrap server answered (bootstrap.servers=" +
                             server + "): " + server + ": ";
    EXPECT_NE(r.err.find(line), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(server == "127.0.0.1:1" ? "Connection refused" : "cannot resolve nosuchhost.invalid:9092"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("; records wait up to max.block.ms (60000 ms) while bootstrap.servers is tried again every "
                         "100 ms (retry.backoff.ms)\n"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(count(r.err, "bootstrap failed"), 1u) << "said once per cause:\n" << r.err;
    EXPECT_LE(count(r.err, "\n"), 2u) << "the producer's line and at most one of the connection's:\n" << r.err;
  }
}

}  // namespace
}  // namespace kwire::test
