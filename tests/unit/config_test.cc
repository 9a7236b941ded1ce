// Java-named configuration: every key parsed from a good value into its typed field, every
// default parses, bad values and unknown keys give errors naming the key, and the cross-key
// rules (those of the Java 4.x client: tests/unit/data/JavaConfigRules.java prints what
// kafka-clients 4.3.1 does with each of them; re-run it there for a new Kafka line).

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <kwire/config/admin_config.hpp>
#include <kwire/config/consumer_config.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/net/oauth.hpp>
#include <kwire/protocol/client_errc.hpp>

using namespace kwire::client;
using namespace std::chrono_literals;
using kwire::client_errc;
namespace net = kwire::net;
namespace compression = kwire::compression;

namespace {

properties with_bootstrap(properties p) {
  p.emplace("bootstrap.servers", "localhost:9092");
  return p;
}

// A PEM-ish file the TLS keys can point at (config only checks it can be opened).
std::string temp_file(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("kwire_config_test_" + name);
  std::ofstream(path) << "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
  return path.string();
}

void expect_error(const config_result& res, const std::string& key, const std::string& fragment) {
  EXPECT_FALSE(res) << "expected an error for " << key;
  EXPECT_EQ(res.ec, client_errc::invalid_config);
  EXPECT_EQ(res.key, key) << res.detail;
  EXPECT_TRUE(res.detail.starts_with(key + ":")) << res.detail;
  EXPECT_NE(res.detail.find(fragment), std::string::npos) << "detail: " << res.detail << "\nwanted: " << fragment;
}

config_result producer(const properties& p, producer_config& out) { return parse_producer_config(p, out); }
config_result producer(const properties& p) {
  producer_config out;
  return parse_producer_config(p, out);
}
config_result consumer(const properties& p) {
  consumer_config out;
  return parse_consumer_config(p, out);
}

// ---- defaults -----------------------------------------------------------------------------

TEST(Config, DefaultsAreJavas) {
  producer_config p;
  p.acks = 0;  // prove the parser writes every field
  auto res = producer(with_bootstrap({}), p);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(p.cluster.bootstrap_servers, "localhost:9092");
  EXPECT_EQ(p.acks, -1);
  EXPECT_EQ(p.linger, 5ms);
  EXPECT_EQ(p.batch_size, 16384);
  EXPECT_EQ(p.buffer_memory, 33554432);
  EXPECT_EQ(p.max_block, 60000ms);
  EXPECT_EQ(p.compression, compression::codec::none);
  EXPECT_EQ(p.max_request_size, 1048576);
  EXPECT_EQ(p.retries, 2147483647);
  EXPECT_EQ(p.delivery_timeout, 120000ms);
  EXPECT_TRUE(p.enable_idempotence);
  EXPECT_EQ(p.partitioner, partitioner_kind::default_partitioner);
  const auto& c = p.cluster.connection;
  EXPECT_EQ(c.request_timeout, 30000ms);
  EXPECT_EQ(c.connection_setup_timeout, 10000ms);
  EXPECT_EQ(c.connections_max_idle, 540000ms);
  EXPECT_EQ(c.reconnect_backoff, 50ms);
  EXPECT_EQ(c.reconnect_backoff_max, 1000ms);
  EXPECT_EQ(c.max_in_flight, 5);
  EXPECT_EQ(c.security, net::security_protocol::plaintext);
  EXPECT_EQ(p.cluster.metadata_max_age, 300000ms);
  EXPECT_EQ(p.cluster.retry_backoff, 100ms);
  EXPECT_EQ(p.cluster.recovery, net::metadata_recovery::rebootstrap);  // Java's default since 4.0
  EXPECT_EQ(p.cluster.rebootstrap_trigger, 300000ms);

  consumer_config cc;
  res = parse_consumer_config(with_bootstrap({}), cc);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_FALSE(cc.group_id);
  EXPECT_EQ(cc.auto_offset_reset, offset_reset::latest);
  EXPECT_FALSE(cc.enable_auto_commit);  // no group.id: Java turns the default off
  EXPECT_EQ(cc.session_timeout, 45000ms);
  EXPECT_EQ(cc.heartbeat_interval, 3000ms);
  EXPECT_EQ(cc.max_poll_records, 500);
  EXPECT_EQ(cc.fetch_max_bytes, 52428800);
  EXPECT_EQ(cc.assignment_strategies, (std::vector<std::string>{"range", "cooperative-sticky"}));
  EXPECT_EQ(cc.protocol, group_protocol::classic);
  EXPECT_FALSE(cc.consumer_timeout);
}

TEST(Config, EveryDefaultParsesAndIsDescribed) {
  for (auto table : {common_keys(), producer_keys(), consumer_only_keys()}) {
    for (const auto& k : table) {
      if (!k.has_default) continue;
      config_value v;
      auto res = parse_value(k, k.default_value, v);
      EXPECT_TRUE(res) << res.detail;
    }
  }
  const std::vector<config_table> all = {common_keys(), producer_keys(), consumer_only_keys()};
  const std::string help = describe_keys(all);
  for (auto t : all)
    for (const auto& k : t) {
      EXPECT_NE(help.find(std::string(k.name) + "  "), std::string::npos) << k.name;
      EXPECT_FALSE(k.doc.empty()) << k.name;
    }
}

// ---- every key from a good value ----------------------------------------------------------

TEST(Config, EveryProducerKeyParses) {
  const std::string ca = temp_file("ca.pem"), cert = temp_file("cert.pem"), key = temp_file("key.pem");
  producer_config p;
  auto res = producer({{"bootstrap.servers", "a:1, [::1]:9093,b.example:65535"},
                       {"client.id", "my-app"},
                       {"client.software.name", "my-app"},
                       {"client.software.version", "1.2.3-beta"},
                       {"request.timeout.ms", "20000"},
                       {"socket.connection.setup.timeout.ms", "7000"},
                       {"connections.max.idle.ms", "60000"},
                       {"reconnect.backoff.ms", "10"},
                       {"reconnect.backoff.max.ms", "2000"},
                       {"max.in.flight.requests.per.connection", "3"},
                       {"metadata.max.age.ms", "1000"},
                       {"retry.backoff.ms", "250"},
                       {"security.protocol", "sasl_ssl"},
                       {"ssl.truststore.location", ca},
                       {"ssl.truststore.type", "PEM"},
                       {"ssl.certificate.location", cert},
                       {"ssl.key.location", key},
                       {"ssl.key.password", "kp"},
                       {"ssl.keystore.type", "pem"},
                       {"ssl.endpoint.identification.algorithm", ""},
                       {"sasl.mechanism", "scram-sha-512"},
                       {"sasl.username", "alice"},
                       {"sasl.password", "s3cret"},
                       {"acks", "1"},
                       {"linger.ms", "20"},
                       {"batch.size", "65536"},
                       {"buffer.memory", "1000000"},
                       {"max.block.ms", "1500"},
                       {"compression.type", "ZSTD"},
                       {"compression.gzip.level", "9"},
                       {"compression.lz4.level", "1"},
                       {"compression.zstd.level", "-7"},
                       {"max.request.size", "2000000"},
                       {"retries", "10"},
                       {"delivery.timeout.ms", "60000"},
                       {"enable.idempotence", "FALSE"},
                       {"partitioner", "round_robin"}},
                      p);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(p.cluster.bootstrap_servers, "a:1,[::1]:9093,b.example:65535");
  const auto& c = p.cluster.connection;
  EXPECT_EQ(c.client_id, "my-app");
  EXPECT_EQ(c.software_name, "my-app");
  EXPECT_EQ(c.software_version, "1.2.3-beta");
  EXPECT_EQ(c.request_timeout, 20000ms);
  EXPECT_EQ(c.connection_setup_timeout, 7000ms);
  EXPECT_EQ(c.connections_max_idle, 60000ms);
  EXPECT_EQ(c.reconnect_backoff, 10ms);
  EXPECT_EQ(c.reconnect_backoff_max, 2000ms);
  EXPECT_EQ(c.max_in_flight, 3);
  EXPECT_EQ(p.cluster.metadata_max_age, 1000ms);
  EXPECT_EQ(p.cluster.retry_backoff, 250ms);
  EXPECT_EQ(c.security, net::security_protocol::sasl_ssl);
  EXPECT_EQ(c.tls.ca_file, ca);
  EXPECT_EQ(c.tls.certificate_file, cert);
  EXPECT_EQ(c.tls.private_key_file, key);
  EXPECT_EQ(c.tls.private_key_password, "kp");
  EXPECT_FALSE(c.tls.verify_hostname);
  EXPECT_EQ(c.sasl.mechanism, "SCRAM-SHA-512");
  EXPECT_EQ(c.sasl.username, "alice");
  EXPECT_EQ(c.sasl.password, "s3cret");
  EXPECT_EQ(p.acks, 1);
  EXPECT_EQ(p.linger, 20ms);
  EXPECT_EQ(p.batch_size, 65536);
  EXPECT_EQ(p.buffer_memory, 1000000);
  EXPECT_EQ(p.max_block, 1500ms);
  EXPECT_EQ(p.compression, compression::codec::zstd);
  EXPECT_EQ(p.compression_level, -7);
  EXPECT_EQ(p.max_request_size, 2000000);
  EXPECT_EQ(p.retries, 10);
  EXPECT_EQ(p.delivery_timeout, 60000ms);
  EXPECT_FALSE(p.enable_idempotence);
  EXPECT_EQ(p.partitioner, partitioner_kind::round_robin);
}

TEST(Config, AcksSpellingsAndCodecLevels) {
  for (auto [text, acks] : {std::pair{"all", -1}, {"-1", -1}, {"ALL", -1}}) {
    producer_config p;
    ASSERT_TRUE(producer(with_bootstrap({{"acks", text}}), p));
    EXPECT_EQ(p.acks, acks) << text;
  }
  for (auto [codec, key, level, want] :
       {std::tuple{"gzip", "compression.gzip.level", "4", compression::codec::gzip},
        {"lz4", "compression.lz4.level", "12", compression::codec::lz4},
        {"snappy", "compression.zstd.level", "5", compression::codec::snappy}}) {
    producer_config p;
    ASSERT_TRUE(producer(with_bootstrap({{"compression.type", codec}, {key, level}}), p));
    EXPECT_EQ(p.compression, want);
    // snappy has no level: the zstd level is checked but not used
    EXPECT_EQ(p.compression_level, want == compression::codec::snappy ? compression::default_level : std::stoi(level));
  }
  producer_config p;
  ASSERT_TRUE(producer(with_bootstrap({{"compression.type", "lz4"}}), p));
  EXPECT_EQ(p.compression_level, 9);  // Java's lz4 default
  ASSERT_TRUE(producer(with_bootstrap({{"partitioner", "sticky"}}), p));
  EXPECT_EQ(p.partitioner, partitioner_kind::sticky);
}

TEST(Config, EveryConsumerKeyParses) {
  consumer_config c;
  auto res = parse_consumer_config(with_bootstrap({{"group.id", "g1"},
                                                   {"group.instance.id", "i1"},
                                                   {"auto.offset.reset", "earliest"},
                                                   {"enable.auto.commit", "false"},
                                                   {"auto.commit.interval.ms", "1000"},
                                                   {"session.timeout.ms", "10000"},
                                                   {"heartbeat.interval.ms", "2000"},
                                                   {"max.poll.interval.ms", "60000"},
                                                   {"max.poll.records", "10"},
                                                   {"fetch.min.bytes", "100"},
                                                   {"fetch.max.bytes", "1000000"},
                                                   {"fetch.max.wait.ms", "100"},
                                                   {"max.partition.fetch.bytes", "50000"},
                                                   {"isolation.level", "read_committed"},
                                                   {"partition.assignment.strategy", "roundrobin, range"},
                                                   {"check.crcs", "false"},
                                                   {"group.protocol", "classic"},
                                                   {"client.rack", "rack-1"},
                                                   {"default.api.timeout.ms", "5000"},
                                                   {"consumer.timeout.ms", "1500"},
                                                   {"client.id", "reader"}}),
                                   c);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(c.group_id, "g1");
  EXPECT_EQ(c.group_instance_id, "i1");
  EXPECT_EQ(c.auto_offset_reset, offset_reset::earliest);
  EXPECT_FALSE(c.enable_auto_commit);
  EXPECT_EQ(c.auto_commit_interval, 1000ms);
  EXPECT_EQ(c.session_timeout, 10000ms);
  EXPECT_EQ(c.heartbeat_interval, 2000ms);
  EXPECT_EQ(c.max_poll_interval, 60000ms);
  EXPECT_EQ(c.max_poll_records, 10);
  EXPECT_EQ(c.fetch_min_bytes, 100);
  EXPECT_EQ(c.fetch_max_bytes, 1000000);
  EXPECT_EQ(c.fetch_max_wait, 100ms);
  EXPECT_EQ(c.max_partition_fetch_bytes, 50000);
  EXPECT_EQ(c.isolation_level, isolation::read_committed);
  EXPECT_EQ(c.assignment_strategies, (std::vector<std::string>{"roundrobin", "range"}));
  EXPECT_FALSE(c.check_crcs);
  EXPECT_EQ(c.protocol, group_protocol::classic);
  EXPECT_EQ(c.client_rack, "rack-1");
  EXPECT_EQ(c.default_api_timeout, 5000ms);
  EXPECT_EQ(c.consumer_timeout, 1500ms);
  EXPECT_EQ(c.cluster.connection.client_id, "reader");

  // Java class names, as a ported configuration has them, become the short names.
  res = parse_consumer_config(
      with_bootstrap({{"partition.assignment.strategy",
                       "org.apache.kafka.clients.consumer.CooperativeStickyAssignor,"
                       "org.apache.kafka.clients.consumer.RoundRobinAssignor, roundrobin"}}),
      c);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(c.assignment_strategies, (std::vector<std::string>{"cooperative-sticky", "roundrobin"}));

  res = parse_consumer_config(
      with_bootstrap({{"group.id", "g"}, {"group.protocol", "CONSUMER"}, {"group.remote.assignor", "uniform"}}), c);
  ASSERT_TRUE(res) << res.detail;
  EXPECT_EQ(c.protocol, group_protocol::consumer);
  EXPECT_EQ(c.group_remote_assignor, "uniform");
  EXPECT_TRUE(c.enable_auto_commit);
}

// ---- bad values ---------------------------------------------------------------------------

struct bad_case {
  const char* key;
  const char* value;
  const char* fragment;
};

TEST(Config, BadValuesNameTheKey) {
  const bad_case cases[] = {
      {"linger.ms", "abc", "expected a non-negative integer of milliseconds, got 'abc'"},
      {"linger.ms", "-1", "-1 is out of range: must be at least 0"},
      {"linger.ms", "5s", "got '5s'"},
      {"linger.ms", "", "got ''"},
      {"batch.size", "1.5", "expected a non-negative integer of bytes"},
      {"batch.size", "4294967296", "does not fit in a 32-bit integer"},
      {"buffer.memory", "99999999999999999999", "does not fit in a 64-bit integer"},
      {"acks", "2", "expected one of all, -1, 0, 1, got '2'"},
      {"compression.type", "brotli", "expected one of none, gzip, snappy, lz4, zstd, got 'brotli'"},
      {"compression.lz4.level", "18", "18 is out of range: must be between 1 and 17"},
      {"compression.gzip.level", "10", "must be between -1 and 9"},
      {"compression.gzip.level", "0", "gzip"},  // inside -1..9 but not a level: compression::check_level says so
      {"compression.zstd.level", "23", "must be between -131072 and 22"},
      {"enable.idempotence", "yes", "expected true or false, got 'yes'"},
      {"max.in.flight.requests.per.connection", "0", "0 is out of range: must be at least 1"},
      {"retries", "-3", "must be at least 0"},
      {"partitioner", "murmur3", "expected one of default, sticky, round_robin"},
      {"security.protocol", "TLS", "expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, got 'TLS'"},
      {"sasl.mechanism", "GSSAPI", "got 'GSSAPI'"},
      {"ssl.truststore.type", "BCFKS", "expected one of PEM, PKCS12, JKS"},
      {"ssl.endpoint.identification.algorithm", "http", "expected one of https, \"\""},
      {"request.timeout.ms", "2147483648", "does not fit in a 32-bit integer"},
      {"client.software.name", "-bad", "KIP-511"},
      {"client.software.version", "1.0 beta", "KIP-511"},
      {"transactional.id", "", "must not be empty"},
      {"transaction.timeout.ms", "0", "must be at least 1"},
      {"metadata.recovery.strategy", "reconnect", "expected one of none, rebootstrap, got 'reconnect'"},
      {"metadata.recovery.rebootstrap.trigger.ms", "-1", "must be at least 0"},
      {"metadata.recovery.rebootstrap.trigger.ms", "5min", "got '5min'"},
  };
  for (const auto& c : cases) expect_error(producer(with_bootstrap({{c.key, c.value}})), c.key, c.fragment);

  const bad_case consumer_cases[] = {
      {"auto.offset.reset", "smallest", "expected one of earliest, latest, none, got 'smallest'"},
      {"isolation.level", "serializable", "read_uncommitted, read_committed"},
      {"partition.assignment.strategy", "range,,roundrobin", "empty entry"},
      {"partition.assignment.strategy", "range, sticky", "got 'sticky'"},
      {"max.poll.records", "0", "must be at least 1"},
      {"consumer.timeout.ms", "-2", "must be at least -1"},
      {"group.protocol", "modern", "classic, consumer"},
      {"group.id", "", "is empty"},
      {"check.crcs", "1", "expected true or false"},
  };
  for (const auto& c : consumer_cases) expect_error(consumer(with_bootstrap({{c.key, c.value}})), c.key, c.fragment);
}

// KIP-899 / KIP-1102: common to every client kind, any case as in Java.
TEST(Config, MetadataRecoveryKeys) {
  producer_config p;
  ASSERT_TRUE(producer(with_bootstrap({{"metadata.recovery.strategy", "NONE"},
                                       {"metadata.recovery.rebootstrap.trigger.ms", "1500"}}),
                       p));
  EXPECT_EQ(p.cluster.recovery, net::metadata_recovery::none);
  EXPECT_EQ(p.cluster.rebootstrap_trigger, 1500ms);
  consumer_config c;
  ASSERT_TRUE(parse_consumer_config(with_bootstrap({{"metadata.recovery.strategy", "Rebootstrap"}}), c));
  EXPECT_EQ(c.cluster.recovery, net::metadata_recovery::rebootstrap);
  admin_config a;
  ASSERT_TRUE(parse_admin_config(with_bootstrap({{"metadata.recovery.strategy", "none"}}), a));
  EXPECT_EQ(a.cluster.recovery, net::metadata_recovery::none);
  expect_error(consumer(with_bootstrap({{"metadata.recovery.strategy", "always"}})), "metadata.recovery.strategy",
               "expected one of none, rebootstrap");
}

TEST(Config, PasswordsAreNotEchoed) {
  auto res = producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"},
                                      {"sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                                                           "required username=\"u\" password=\"hunter2\""}}));
  expect_error(res, "sasl.jaas.config", "missing ';'");
  EXPECT_EQ(res.detail.find("hunter2"), std::string::npos) << res.detail;
}

TEST(Config, BootstrapServers) {
  expect_error(producer({}), "bootstrap.servers", "required");
  expect_error(producer({{"bootstrap.servers", " "}}), "bootstrap.servers", "required");
  expect_error(producer({{"bootstrap.servers", "localhost"}}), "bootstrap.servers", "'localhost' has no port");
  expect_error(producer({{"bootstrap.servers", "a:1,b:0"}}), "bootstrap.servers", "'b:0' has an invalid port");
  expect_error(producer({{"bootstrap.servers", "a:x"}}), "bootstrap.servers", "invalid port");
  expect_error(producer({{"bootstrap.servers", ":9092"}}), "bootstrap.servers", "has no host");
  expect_error(producer({{"bootstrap.servers", "::1:9092"}}), "bootstrap.servers", "[addr]:port");
  expect_error(producer({{"bootstrap.servers", "a:1,,b:2"}}), "bootstrap.servers", "empty entry");
}

// ---- unknown keys -------------------------------------------------------------------------

TEST(Config, UnknownKeysSuggestTheNearestName) {
  expect_error(producer(with_bootstrap({{"linger_ms", "5"}})), "linger_ms",
               "unknown producer setting (did you mean linger.ms?)");
  expect_error(producer(with_bootstrap({{"bootstrap.server", "x:1"}})), "bootstrap.server",
               "did you mean bootstrap.servers?");
  expect_error(producer(with_bootstrap({{"Acks", "1"}})), "Acks", "did you mean acks?");
  expect_error(producer(with_bootstrap({{"compresion.type", "lz4"}})), "compresion.type",
               "did you mean compression.type?");
  auto res = producer(with_bootstrap({{"value.serialiser.of.mine", "x"}}));
  expect_error(res, "value.serialiser.of.mine", "unknown producer setting");
  EXPECT_EQ(res.detail.find("did you mean"), std::string::npos) << "nothing is close: " << res.detail;
  // Another client kind's key says so.
  expect_error(producer(with_bootstrap({{"group.id", "g"}})), "group.id", "is a consumer setting, not a producer one");
  expect_error(consumer(with_bootstrap({{"linger.ms", "5"}})), "linger.ms", "is a producer setting, not a consumer one");
  expect_error(consumer(with_bootstrap({{"fetch.max.byte", "5"}})), "fetch.max.byte", "did you mean fetch.max.bytes?");
}

TEST(Config, Assignments) {
  properties p;
  const std::vector<std::string> good = {"acks=1", "linger.ms = 7", "client.id=a=b", "acks=0"};
  ASSERT_TRUE(parse_assignments(good, p));
  EXPECT_EQ(p.at("acks"), "0");  // the later one wins, as on a command line
  EXPECT_EQ(p.at("linger.ms"), " 7");
  EXPECT_EQ(p.at("client.id"), "a=b");
  producer_config cfg;
  ASSERT_TRUE(producer(with_bootstrap(p), cfg));
  EXPECT_EQ(cfg.linger, 7ms);  // numbers are trimmed
  EXPECT_EQ(cfg.cluster.connection.client_id, "a=b");
  const std::vector<std::string> no_eq = {"linger.ms"};
  expect_error(parse_assignments(no_eq, p), "linger.ms", "expected key=value");
  const std::vector<std::string> no_key = {"=5"};
  EXPECT_EQ(parse_assignments(no_key, p).ec, client_errc::invalid_config);
}

// ---- cross-key rules ----------------------------------------------------------------------

TEST(Config, TransactionalImpliesIdempotenceAndNamesBothKeys) {
  producer_config p;
  ASSERT_TRUE(producer(with_bootstrap({{"transactional.id", "tx-1"}}), p));
  EXPECT_EQ(p.transactional_id, std::optional<std::string>("tx-1"));
  EXPECT_TRUE(p.enable_idempotence);
  EXPECT_EQ(p.transaction_timeout, std::chrono::milliseconds(60000));
  ASSERT_TRUE(producer(with_bootstrap({{"transactional.id", "tx-1"}, {"transaction.timeout.ms", "5000"}}), p));
  EXPECT_EQ(p.transaction_timeout, std::chrono::milliseconds(5000));
  ASSERT_TRUE(producer(with_bootstrap({}), p));
  EXPECT_FALSE(p.transactional_id);
  expect_error(producer(with_bootstrap({{"transactional.id", "tx-1"}, {"enable.idempotence", "false"}})),
               "enable.idempotence", "transactional.id=tx-1");
  expect_error(producer(with_bootstrap({{"transactional.id", "tx-1"}, {"acks", "1"}})), "acks",
               "must be all with transactional.id=tx-1, got 1");
  expect_error(producer(with_bootstrap({{"transactional.id", "tx-1"}, {"retries", "0"}})), "retries",
               "transactional.id=tx-1");
}

TEST(Config, IdempotenceFollowsJava4) {
  producer_config p;
  // Default idempotence gives way to acks != all or retries=0 (KIP-679) ...
  ASSERT_TRUE(producer(with_bootstrap({{"acks", "1"}}), p));
  EXPECT_FALSE(p.enable_idempotence);
  ASSERT_TRUE(producer(with_bootstrap({{"acks", "0"}}), p));
  EXPECT_FALSE(p.enable_idempotence);
  ASSERT_TRUE(producer(with_bootstrap({{"retries", "0"}}), p));
  EXPECT_FALSE(p.enable_idempotence);
  ASSERT_TRUE(producer(with_bootstrap({{"acks", "-1"}}), p));
  EXPECT_TRUE(p.enable_idempotence);
  // ... but an explicit enable.idempotence=true is an error with them.
  expect_error(producer(with_bootstrap({{"acks", "1"}, {"enable.idempotence", "true"}})), "acks",
               "must be all with enable.idempotence=true, got 1");
  expect_error(producer(with_bootstrap({{"retries", "0"}, {"enable.idempotence", "true"}})), "retries",
               "must be non-zero with enable.idempotence=true");
  // max.in.flight > 5 is an error whether idempotence is the default or explicit (4.x) ...
  for (properties extra : {properties{}, properties{{"enable.idempotence", "true"}}})
    expect_error(producer(with_bootstrap([&] {
                   extra.emplace("max.in.flight.requests.per.connection", "6");
                   return extra;
                 }())),
                 "max.in.flight.requests.per.connection", "6 is above 5");
  // ... and fine without idempotence, or when acks=1 already turned the default off.
  ASSERT_TRUE(producer(with_bootstrap({{"max.in.flight.requests.per.connection", "6"}, {"enable.idempotence", "false"}}), p));
  EXPECT_EQ(p.cluster.connection.max_in_flight, 6);
  ASSERT_TRUE(producer(with_bootstrap({{"max.in.flight.requests.per.connection", "6"}, {"acks", "1"}}), p));
  EXPECT_FALSE(p.enable_idempotence);
}

TEST(Config, DeliveryTimeoutCoversLingerAndRequest) {
  producer_config p;
  expect_error(producer(with_bootstrap({{"delivery.timeout.ms", "1000"}})), "delivery.timeout.ms",
               "1000 must be at least linger.ms + request.timeout.ms = 30005");
  ASSERT_TRUE(producer(with_bootstrap({{"delivery.timeout.ms", "30005"}}), p));
  EXPECT_EQ(p.delivery_timeout, 30005ms);
  // Not set by the user: raised to the floor, as Java does.
  ASSERT_TRUE(producer(with_bootstrap({{"linger.ms", "200000"}}), p));
  EXPECT_EQ(p.delivery_timeout, 230000ms);
}

TEST(Config, TlsKeys) {
  const std::string ca = temp_file("ca2.pem"), both = temp_file("both.pem");
  producer_config p;
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.ca.location", ca}}), p));
  EXPECT_EQ(p.cluster.connection.tls.ca_file, ca);
  EXPECT_TRUE(p.cluster.connection.tls.verify_hostname);
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.keystore.location", both}}), p));
  EXPECT_EQ(p.cluster.connection.tls.certificate_file, both);
  EXPECT_EQ(p.cluster.connection.tls.private_key_file, both);
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SSL"}}), p));  // system CA store
  EXPECT_EQ(p.cluster.connection.tls.ca_file, "");

  expect_error(producer(with_bootstrap({{"ssl.truststore.location", ca}})), "ssl.truststore.location",
               "security.protocol=PLAINTEXT does not use TLS");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.truststore.location", "/nonexistent/ca.pem"}})),
               "ssl.truststore.location", "cannot open '/nonexistent/ca.pem'");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.truststore.location", ca}, {"ssl.ca.location", ca}})),
               "ssl.ca.location", "give the CA once");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.certificate.location", both}})),
               "ssl.key.location", "required with ssl.certificate.location");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.key.location", both}})),
               "ssl.certificate.location", "required with ssl.key.location");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.keystore.location", both}, {"ssl.key.location", both}})),
               "ssl.key.location", "together with ssl.keystore.location");
  expect_error(producer(with_bootstrap({{"security.protocol", "SSL"}, {"ssl.key.password", "x"}})), "ssl.key.password",
               "without a private key");
}

// PKCS#12 stores and PEM text, as Java's client.properties has them; the store keys' rules.
TEST(Config, TlsStoreKeys) {
  const std::string p12 = temp_file("client.p12"), trust = temp_file("trust.p12");
  const auto ssl = [](properties extra) {
    extra["security.protocol"] = "SSL";
    return with_bootstrap(extra);
  };
  producer_config p;
  ASSERT_TRUE(producer(ssl({{"ssl.keystore.type", "PKCS12"},
                            {"ssl.keystore.location", p12},
                            {"ssl.keystore.password", "sp"},
                            {"ssl.key.password", "sp"},
                            {"ssl.truststore.type", "PKCS12"},
                            {"ssl.truststore.location", trust},
                            {"ssl.truststore.password", "tp"}}),
                       p));
  const auto& t = p.cluster.connection.tls;
  EXPECT_EQ(t.keystore_type, net::store_type::pkcs12);
  EXPECT_EQ(t.keystore_file, p12);
  EXPECT_EQ(t.keystore_password, "sp");
  EXPECT_EQ(t.truststore_type, net::store_type::pkcs12);
  EXPECT_EQ(t.ca_file, trust);
  EXPECT_EQ(t.truststore_password, "tp");
  EXPECT_EQ(t.certificate_file, "");

  ASSERT_TRUE(producer(ssl({{"ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----\nA\n"},
                            {"ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\nB\n"},
                            {"ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----\nC\n"}}),
                       p));
  EXPECT_EQ(p.cluster.connection.tls.certificate_pem, "-----BEGIN CERTIFICATE-----\nA\n");
  EXPECT_EQ(p.cluster.connection.tls.private_key_pem, "-----BEGIN PRIVATE KEY-----\nB\n");
  EXPECT_EQ(p.cluster.connection.tls.ca_pem, "-----BEGIN CERTIFICATE-----\nC\n");

  expect_error(producer(ssl({{"ssl.keystore.type", "JKS"}, {"ssl.keystore.location", p12}})), "ssl.keystore.type",
               "keytool -importkeystore");
  expect_error(producer(ssl({{"ssl.truststore.type", "JKS"}})), "ssl.truststore.type", "convert the store");
  expect_error(producer(ssl({{"ssl.keystore.type", "PKCS12"}})), "ssl.keystore.type", "needs ssl.keystore.location");
  expect_error(producer(ssl({{"ssl.truststore.type", "PKCS12"}})), "ssl.truststore.type",
               "needs ssl.truststore.location");
  expect_error(producer(ssl({{"ssl.truststore.location", trust}, {"ssl.truststore.password", "x"}})),
               "ssl.truststore.password", "a PEM trust store has no password");
  expect_error(producer(ssl({{"ssl.keystore.location", p12}, {"ssl.keystore.password", "x"}})), "ssl.keystore.password",
               "a PEM key store has no store password");
  expect_error(producer(ssl({{"ssl.keystore.type", "PKCS12"},
                             {"ssl.keystore.location", p12},
                             {"ssl.keystore.password", "a"},
                             {"ssl.key.password", "b"}})),
               "ssl.key.password", "differs from ssl.keystore.password");
  expect_error(producer(ssl({{"ssl.keystore.certificate.chain", "-----BEGIN CERTIFICATE-----"}})), "ssl.keystore.key",
               "required with ssl.keystore.certificate.chain");
  expect_error(producer(ssl({{"ssl.keystore.location", p12}, {"ssl.keystore.key", "k"}})), "ssl.keystore.key",
               "together with ssl.keystore.location");
  expect_error(producer(ssl({{"ssl.truststore.certificates", "no pem here"}})), "ssl.truststore.certificates",
               "holds no PEM certificate");
  expect_error(producer(ssl({{"ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----"}, {"ssl.ca.location", trust}})),
               "ssl.truststore.certificates", "give the CA once");
  // Passwords never appear in an error.
  config_result r = producer(with_bootstrap({{"ssl.keystore.password", "s3cret-value"}}));
  EXPECT_FALSE(r);
  EXPECT_EQ(r.detail.find("s3cret-value"), std::string::npos) << r.detail;
}

TEST(Config, SaslKeys) {
  producer_config p;
  expect_error(producer(with_bootstrap({{"sasl.username", "u"}})), "sasl.username",
               "security.protocol=PLAINTEXT does not use SASL");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"}})), "sasl.username",
               "required for sasl.mechanism=PLAIN");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.username", "u"}})), "sasl.password",
               "required");

  // Java's JAAS line, PLAIN and SCRAM, with escapes and the other control flags.
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"},
                                       {"sasl.jaas.config", " org.apache.kafka.common.security.plain.PlainLoginModule "
                                                            "required\n username=\"alice\"  password=\"p\\\"w;d\" ; "}}),
                       p));
  EXPECT_EQ(p.cluster.connection.sasl.mechanism, "PLAIN");
  EXPECT_EQ(p.cluster.connection.sasl.username, "alice");
  EXPECT_EQ(p.cluster.connection.sasl.password, "p\"w;d");
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SASL_SSL"},
                                       {"sasl.mechanism", "SCRAM-SHA-256"},
                                       {"sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                                                            "sufficient username=bob password=\"x y\";"}}),
                       p));
  EXPECT_EQ(p.cluster.connection.sasl.mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(p.cluster.connection.sasl.username, "bob");
  EXPECT_EQ(p.cluster.connection.sasl.password, "x y");

  const auto sasl = [](const std::string& jaas, const char* mechanism = "PLAIN") {
    return producer(with_bootstrap(
        {{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", mechanism}, {"sasl.jaas.config", jaas}}));
  };
  const std::string plain = "org.apache.kafka.common.security.plain.PlainLoginModule";
  expect_error(sasl(plain + " required username=\"u\" password=\"p\";", "SCRAM-SHA-512"), "sasl.jaas.config",
               "does not match sasl.mechanism=SCRAM-SHA-512");
  expect_error(sasl(plain + " required username=\"u\";"), "sasl.jaas.config", "needs both username");
  expect_error(sasl(plain + " mandatory username=\"u\" password=\"p\";"), "sasl.jaas.config", "required name=");
  expect_error(sasl(plain + " required username=\"u;"), "sasl.jaas.config", "unterminated quoted value of option 'username'");
  expect_error(sasl(plain + " required username=\"u\" password=\"p\"; " + plain + " required;"), "sasl.jaas.config",
               "more than one login module");
  expect_error(sasl(plain + " required username password=\"p\";"), "sasl.jaas.config", "expected name=value");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"},
                                        {"sasl.username", "u"},
                                        {"sasl.jaas.config", plain + " required username=\"u\" password=\"p\";"}})),
               "sasl.username", "give the credentials once");
  // OAUTHBEARER: tokens come from the callback, not from username/password.
  ASSERT_TRUE(producer(with_bootstrap({{"security.protocol", "SASL_SSL"}, {"sasl.mechanism", "OAUTHBEARER"}}), p));
  EXPECT_EQ(p.cluster.connection.sasl.mechanism, "OAUTHBEARER");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_SSL"}, {"sasl.mechanism", "OAUTHBEARER"},
                                        {"sasl.username", "u"}})),
               "sasl.username", "not used by OAUTHBEARER");
}

// KIP-768: a token endpoint with the client's credentials from the OAuthBearerLoginModule line.
TEST(Config, OauthbearerTokenEndpoint) {
  producer_config p;
  const std::string module = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ";
  const auto oauth = [&](properties extra) {
    properties props{{"security.protocol", "SASL_PLAINTEXT"},
                     {"sasl.mechanism", "OAUTHBEARER"},
                     {"sasl.oauthbearer.token.endpoint.url", "https://idp.example:8443/oauth2/token"},
                     {"sasl.jaas.config", module + "clientId=\"app\" clientSecret=\"s3cret\" scope=\"kafka\";"}};
    for (auto& [k, v] : extra) props[k] = v;
    return with_bootstrap(props);
  };
  ASSERT_TRUE(producer(oauth({{"sasl.login.refresh.window.factor", "0.6"}, {"sasl.login.retry.backoff.max.ms", "500"}}), p));
  ASSERT_TRUE(p.cluster.connection.sasl.token_source);
  const auto& c = p.cluster.connection.sasl.token_source->settings();
  EXPECT_EQ(c.client_id, "app");
  EXPECT_EQ(c.client_secret, "s3cret");
  EXPECT_EQ(c.scope, "kafka");
  EXPECT_DOUBLE_EQ(c.refresh_window_factor, 0.6);
  EXPECT_EQ(c.retry_backoff_max, std::chrono::milliseconds(500));
  EXPECT_EQ(c.sub_claim, "sub");
  expect_error(producer(oauth({{"sasl.oauthbearer.token.endpoint.url", "ftp://idp/token"}})),
               "sasl.oauthbearer.token.endpoint.url", "is not an http:// or https:// URL");
  expect_error(producer(oauth({{"sasl.oauthbearer.token.endpoint.url", "http://u:p@idp/token"}})),
               "sasl.oauthbearer.token.endpoint.url", "user information");
  expect_error(producer(oauth({{"sasl.oauthbearer.token.endpoint.url", "http://idp:0/token"}})),
               "sasl.oauthbearer.token.endpoint.url", "invalid port");
  expect_error(producer(oauth({{"sasl.jaas.config", module + "clientId=\"app\";"}})), "sasl.jaas.config",
               "needs clientId=\"...\" and clientSecret");
  expect_error(producer(oauth({{"sasl.jaas.config", module + "clientId=\"a\" clientSecret=\"b\" unsecuredLoginStringClaim_sub=\"x\";"}})),
               "sasl.jaas.config", "option 'unsecuredLoginStringClaim_sub' of OAuthBearerLoginModule is not one kwire uses");
  expect_error(producer(oauth({{"sasl.jaas.config", module + "clientId=\"a\" clientSecret=\"b\" ssl.truststore.type=\"JKS\";"}})),
               "sasl.jaas.config", "must be PEM or PKCS12");
  expect_error(producer(oauth({{"sasl.login.refresh.window.factor", "0.2"}})), "sasl.login.refresh.window.factor",
               "'0.2' must be a number from 0.50 to 1.00");
  expect_error(producer(oauth({{"sasl.login.refresh.window.jitter", "x"}})), "sasl.login.refresh.window.jitter",
               "must be a number");
  // The endpoint without credentials, credentials without the endpoint, the keys with another
  // mechanism or without SASL: errors, not silence.
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", "OAUTHBEARER"},
                                        {"sasl.oauthbearer.token.endpoint.url", "http://idp/token"}})),
               "sasl.oauthbearer.token.endpoint.url", "needs sasl.jaas.config");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.mechanism", "OAUTHBEARER"},
                                        {"sasl.jaas.config", module + "clientId=\"a\" clientSecret=\"b\";"}})),
               "sasl.jaas.config", "option 'clientId' of OAuthBearerLoginModule needs sasl.oauthbearer.token.endpoint.url");
  expect_error(producer(with_bootstrap({{"security.protocol", "SASL_PLAINTEXT"}, {"sasl.username", "u"}, {"sasl.password", "p"},
                                        {"sasl.login.read.timeout.ms", "100"}})),
               "sasl.login.read.timeout.ms", "set, but sasl.mechanism=PLAIN");
  expect_error(producer(with_bootstrap({{"sasl.oauthbearer.token.endpoint.url", "http://idp/token"}})),
               "sasl.oauthbearer.token.endpoint.url", "does not use SASL");
  // The secret never shows in an error.
  auto r = producer(oauth({{"sasl.jaas.config", module + "clientId=\"a\" clientSecret=\"s3cret\" bad=\"1\";"}}), p);
  EXPECT_FALSE(r);
  EXPECT_EQ(r.detail.find("s3cret"), std::string::npos) << r.detail;
}

TEST(Config, ConsumerRulesFollowJava4) {
  expect_error(consumer(with_bootstrap({{"group.id", "g"}, {"heartbeat.interval.ms", "45000"}})), "heartbeat.interval.ms",
               "45000 must be below session.timeout.ms (45000)");
  for (const char* key : {"session.timeout.ms", "heartbeat.interval.ms"})
    expect_error(consumer(with_bootstrap({{"group.id", "g"}, {"group.protocol", "consumer"}, {key, "1000"}})), key,
                 "cannot be set with group.protocol=consumer");
  expect_error(consumer(with_bootstrap(
                   {{"group.id", "g"}, {"group.protocol", "consumer"}, {"partition.assignment.strategy", "range"}})),
               "partition.assignment.strategy", "cannot be set with group.protocol=consumer");
  expect_error(consumer(with_bootstrap({{"group.id", "g"}, {"group.remote.assignor", "uniform"}})),
               "group.remote.assignor", "needs group.protocol=consumer");
  expect_error(consumer(with_bootstrap({{"enable.auto.commit", "true"}})), "enable.auto.commit",
               "cannot be true without group.id");
  expect_error(consumer(with_bootstrap({{"group.id", "g"}, {"partition.assignment.strategy", ""}})),
               "partition.assignment.strategy", "needs at least one assignor");
  consumer_config c;
  ASSERT_TRUE(parse_consumer_config(with_bootstrap({{"group.instance.id", "i"}}), c));  // Java accepts it too
}

}  // namespace
