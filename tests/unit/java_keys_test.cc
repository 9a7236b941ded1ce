// The Java client's keys that kwire does not implement (client/config/java_keys.cpp): every key
// of kafka-clients 4.4.0 is either one of kwire's or one of those, each is ignored with a
// warning or refused with a reason, and a key that is no Java key stays an error with "did you
// mean". The names below are the output of tests/unit/data/JavaConfigNames.java:
//   cd tests/unit/data && d=$(mktemp -d) &&
//   javac -d "$d" -cp "$HOME/.cache/kwire/kafka-4.4.0/libs/*" JavaConfigNames.java &&
//   java -cp "$d:$HOME/.cache/kwire/kafka-4.4.0/libs/*" JavaConfigNames

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/config/admin_config.hpp>
#include <kwire/config/consumer_config.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/protocol/client_errc.hpp>

using namespace kwire::client;

namespace {

// producer: 120 names
constexpr std::string_view java_producer_names =
    "acks batch.size bootstrap.resolve.timeout.ms bootstrap.servers buffer.memory "
    "buffer.memory.allocation.strategy client.dns.lookup client.id client.rack compression.gzip.level "
    "compression.lz4.level compression.type compression.zstd.level config.providers connections.max.idle.ms "
    "delivery.timeout.ms enable.idempotence enable.metrics.push interceptor.classes key.serializer linger.ms "
    "max.block.ms max.in.flight.requests.per.connection max.request.size metadata.cluster.check.enable "
    "metadata.max.age.ms metadata.max.idle.ms metadata.recovery.rebootstrap.trigger.ms "
    "metadata.recovery.strategy metric.reporters metrics.num.samples metrics.recording.level "
    "metrics.sample.window.ms partitioner.adaptive.partitioning.enable partitioner.availability.timeout.ms "
    "partitioner.class partitioner.ignore.keys partitioner.rack.aware receive.buffer.bytes "
    "reconnect.backoff.max.ms reconnect.backoff.ms request.timeout.ms retries retry.backoff.max.ms "
    "retry.backoff.ms sasl.client.callback.handler.class sasl.jaas.config sasl.kerberos.kinit.cmd "
    "sasl.kerberos.min.time.before.relogin sasl.kerberos.service.name sasl.kerberos.ticket.renew.jitter "
    "sasl.kerberos.ticket.renew.window.factor sasl.login.callback.handler.class sasl.login.class "
    "sasl.login.connect.timeout.ms sasl.login.read.timeout.ms sasl.login.refresh.buffer.seconds "
    "sasl.login.refresh.min.period.seconds sasl.login.refresh.window.factor sasl.login.refresh.window.jitter "
    "sasl.login.retry.backoff.max.ms sasl.login.retry.backoff.ms sasl.mechanism "
    "sasl.oauthbearer.allow.unverified.audience sasl.oauthbearer.allow.unverified.issuer "
    "sasl.oauthbearer.assertion.algorithm sasl.oauthbearer.assertion.claim.aud "
    "sasl.oauthbearer.assertion.claim.exp.seconds sasl.oauthbearer.assertion.claim.iss "
    "sasl.oauthbearer.assertion.claim.jti.include sasl.oauthbearer.assertion.claim.nbf.seconds "
    "sasl.oauthbearer.assertion.claim.sub sasl.oauthbearer.assertion.file "
    "sasl.oauthbearer.assertion.private.key.file sasl.oauthbearer.assertion.private.key.passphrase "
    "sasl.oauthbearer.assertion.template.file sasl.oauthbearer.client.credentials.client.id "
    "sasl.oauthbearer.client.credentials.client.secret sasl.oauthbearer.clock.skew.seconds "
    "sasl.oauthbearer.expected.audience sasl.oauthbearer.expected.issuer sasl.oauthbearer.header.urlencode "
    "sasl.oauthbearer.jwks.endpoint.refresh.ms sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms "
    "sasl.oauthbearer.jwks.endpoint.retry.backoff.ms sasl.oauthbearer.jwks.endpoint.url "
    "sasl.oauthbearer.jwt.retriever.class sasl.oauthbearer.jwt.validator.class sasl.oauthbearer.scope "
    "sasl.oauthbearer.scope.claim.name sasl.oauthbearer.sub.claim.name sasl.oauthbearer.token.endpoint.url "
    "security.protocol security.providers send.buffer.bytes socket.connection.setup.timeout.max.ms "
    "socket.connection.setup.timeout.ms ssl.cipher.suites ssl.enabled.protocols "
    "ssl.endpoint.identification.algorithm ssl.engine.factory.class ssl.key.password ssl.keymanager.algorithm "
    "ssl.keystore.certificate.chain ssl.keystore.key ssl.keystore.location ssl.keystore.password "
    "ssl.keystore.type ssl.protocol ssl.provider ssl.secure.random.implementation ssl.trustmanager.algorithm "
    "ssl.truststore.certificates ssl.truststore.location ssl.truststore.password ssl.truststore.type "
    "transaction.timeout.ms transaction.two.phase.commit.enable transactional.id value.serializer ";
// consumer: 120 names
constexpr std::string_view java_consumer_names =
    "allow.auto.create.topics auto.commit.interval.ms auto.offset.reset bootstrap.resolve.timeout.ms "
    "bootstrap.servers check.crcs client.dns.lookup client.id client.rack config.providers "
    "connections.max.idle.ms default.api.timeout.ms enable.auto.commit enable.metrics.push "
    "exclude.internal.topics fetch.max.bytes fetch.max.wait.ms fetch.min.bytes group.id group.instance.id "
    "group.protocol group.remote.assignor heartbeat.interval.ms interceptor.classes "
    "internal.throw.on.fetch.stable.offset.unsupported isolation.level key.deserializer "
    "max.partition.fetch.bytes max.poll.interval.ms max.poll.records metadata.cluster.check.enable "
    "metadata.max.age.ms metadata.recovery.rebootstrap.trigger.ms metadata.recovery.strategy metric.reporters "
    "metrics.num.samples metrics.recording.level metrics.sample.window.ms partition.assignment.strategy "
    "receive.buffer.bytes reconnect.backoff.max.ms reconnect.backoff.ms request.timeout.ms "
    "retry.backoff.max.ms retry.backoff.ms sasl.client.callback.handler.class sasl.jaas.config "
    "sasl.kerberos.kinit.cmd sasl.kerberos.min.time.before.relogin sasl.kerberos.service.name "
    "sasl.kerberos.ticket.renew.jitter sasl.kerberos.ticket.renew.window.factor "
    "sasl.login.callback.handler.class sasl.login.class sasl.login.connect.timeout.ms "
    "sasl.login.read.timeout.ms sasl.login.refresh.buffer.seconds sasl.login.refresh.min.period.seconds "
    "sasl.login.refresh.window.factor sasl.login.refresh.window.jitter sasl.login.retry.backoff.max.ms "
    "sasl.login.retry.backoff.ms sasl.mechanism sasl.oauthbearer.allow.unverified.audience "
    "sasl.oauthbearer.allow.unverified.issuer sasl.oauthbearer.assertion.algorithm "
    "sasl.oauthbearer.assertion.claim.aud sasl.oauthbearer.assertion.claim.exp.seconds "
    "sasl.oauthbearer.assertion.claim.iss sasl.oauthbearer.assertion.claim.jti.include "
    "sasl.oauthbearer.assertion.claim.nbf.seconds sasl.oauthbearer.assertion.claim.sub "
    "sasl.oauthbearer.assertion.file sasl.oauthbearer.assertion.private.key.file "
    "sasl.oauthbearer.assertion.private.key.passphrase sasl.oauthbearer.assertion.template.file "
    "sasl.oauthbearer.client.credentials.client.id sasl.oauthbearer.client.credentials.client.secret "
    "sasl.oauthbearer.clock.skew.seconds sasl.oauthbearer.expected.audience sasl.oauthbearer.expected.issuer "
    "sasl.oauthbearer.header.urlencode sasl.oauthbearer.jwks.endpoint.refresh.ms "
    "sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms sasl.oauthbearer.jwks.endpoint.retry.backoff.ms "
    "sasl.oauthbearer.jwks.endpoint.url sasl.oauthbearer.jwt.retriever.class "
    "sasl.oauthbearer.jwt.validator.class sasl.oauthbearer.scope sasl.oauthbearer.scope.claim.name "
    "sasl.oauthbearer.sub.claim.name sasl.oauthbearer.token.endpoint.url security.protocol security.providers "
    "send.buffer.bytes session.timeout.ms share.acknowledgement.mode share.acquire.mode "
    "socket.connection.setup.timeout.max.ms socket.connection.setup.timeout.ms ssl.cipher.suites "
    "ssl.enabled.protocols ssl.endpoint.identification.algorithm ssl.engine.factory.class ssl.key.password "
    "ssl.keymanager.algorithm ssl.keystore.certificate.chain ssl.keystore.key ssl.keystore.location "
    "ssl.keystore.password ssl.keystore.type ssl.protocol ssl.provider ssl.secure.random.implementation "
    "ssl.trustmanager.algorithm ssl.truststore.certificates ssl.truststore.location ssl.truststore.password "
    "ssl.truststore.type value.deserializer ";
// admin: 95 names
constexpr std::string_view java_admin_names =
    "bootstrap.controllers bootstrap.resolve.timeout.ms bootstrap.servers client.dns.lookup client.id "
    "config.providers connections.max.idle.ms default.api.timeout.ms enable.metrics.push "
    "metadata.cluster.check.enable metadata.max.age.ms metadata.recovery.rebootstrap.trigger.ms "
    "metadata.recovery.strategy metric.reporters metrics.num.samples metrics.recording.level "
    "metrics.sample.window.ms receive.buffer.bytes reconnect.backoff.max.ms reconnect.backoff.ms "
    "request.timeout.ms retries retry.backoff.max.ms retry.backoff.ms sasl.client.callback.handler.class "
    "sasl.jaas.config sasl.kerberos.kinit.cmd sasl.kerberos.min.time.before.relogin "
    "sasl.kerberos.service.name sasl.kerberos.ticket.renew.jitter sasl.kerberos.ticket.renew.window.factor "
    "sasl.login.callback.handler.class sasl.login.class sasl.login.connect.timeout.ms "
    "sasl.login.read.timeout.ms sasl.login.refresh.buffer.seconds sasl.login.refresh.min.period.seconds "
    "sasl.login.refresh.window.factor sasl.login.refresh.window.jitter sasl.login.retry.backoff.max.ms "
    "sasl.login.retry.backoff.ms sasl.mechanism sasl.oauthbearer.allow.unverified.audience "
    "sasl.oauthbearer.allow.unverified.issuer sasl.oauthbearer.assertion.algorithm "
    "sasl.oauthbearer.assertion.claim.aud sasl.oauthbearer.assertion.claim.exp.seconds "
    "sasl.oauthbearer.assertion.claim.iss sasl.oauthbearer.assertion.claim.jti.include "
    "sasl.oauthbearer.assertion.claim.nbf.seconds sasl.oauthbearer.assertion.claim.sub "
    "sasl.oauthbearer.assertion.file sasl.oauthbearer.assertion.private.key.file "
    "sasl.oauthbearer.assertion.private.key.passphrase sasl.oauthbearer.assertion.template.file "
    "sasl.oauthbearer.client.credentials.client.id sasl.oauthbearer.client.credentials.client.secret "
    "sasl.oauthbearer.clock.skew.seconds sasl.oauthbearer.expected.audience sasl.oauthbearer.expected.issuer "
    "sasl.oauthbearer.header.urlencode sasl.oauthbearer.jwks.endpoint.refresh.ms "
    "sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms sasl.oauthbearer.jwks.endpoint.retry.backoff.ms "
    "sasl.oauthbearer.jwks.endpoint.url sasl.oauthbearer.jwt.retriever.class "
    "sasl.oauthbearer.jwt.validator.class sasl.oauthbearer.scope sasl.oauthbearer.scope.claim.name "
    "sasl.oauthbearer.sub.claim.name sasl.oauthbearer.token.endpoint.url security.protocol security.providers "
    "send.buffer.bytes socket.connection.setup.timeout.max.ms socket.connection.setup.timeout.ms "
    "ssl.cipher.suites ssl.enabled.protocols ssl.endpoint.identification.algorithm ssl.engine.factory.class "
    "ssl.key.password ssl.keymanager.algorithm ssl.keystore.certificate.chain ssl.keystore.key "
    "ssl.keystore.location ssl.keystore.password ssl.keystore.type ssl.protocol ssl.provider "
    "ssl.secure.random.implementation ssl.trustmanager.algorithm ssl.truststore.certificates "
    "ssl.truststore.location ssl.truststore.password ssl.truststore.type ";

std::vector<std::string> split(std::string_view names) {
  std::vector<std::string> out;
  std::istringstream in{std::string(names)};
  for (std::string n; in >> n;) out.push_back(n);
  return out;
}

bool in_tables(std::string_view name, std::initializer_list<config_table> tables) {
  for (auto t : tables)
    for (const auto& k : t)
      if (k.name == name) return true;
  return false;
}

properties with_bootstrap(properties p) {
  p.emplace("bootstrap.servers", "localhost:9092");
  return p;
}

void expect_refused(const config_result& r, const std::string& key, const std::string& fragment) {
  EXPECT_FALSE(r) << key;
  EXPECT_EQ(r.ec, kwire::client_errc::invalid_config);
  EXPECT_EQ(r.key, key);
  EXPECT_TRUE(r.detail.starts_with(key + ": '")) << r.detail;
  EXPECT_NE(r.detail.find("is not supported by kwire: "), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find(fragment), std::string::npos) << r.detail << "\nwanted: " << fragment;
}

}  // namespace

// Every Java key of each client is kwire's own or one kwire knows it does not use; and the
// list of the latter holds no name Java does not have.
TEST(JavaKeys, EveryJavaKeyIsKnown) {
  const struct {
    std::string_view names;
    unsigned client;
    std::initializer_list<config_table> tables;
  } kinds[] = {
      {java_producer_names, java_producer, {common_keys(), producer_keys()}},
      {java_consumer_names, java_consumer, {common_keys(), consumer_only_keys()}},
      {java_admin_names, java_admin, {common_keys(), admin_only_keys()}},
  };
  std::vector<std::string> all;
  for (const auto& k : kinds) {
    for (const auto& name : split(k.names)) {
      all.push_back(name);
      const java_key* j = find_java_key(name);
      EXPECT_TRUE(in_tables(name, k.tables) || (j && (j->clients & k.client)))
          << name << " (Java client " << k.client << ") is neither a kwire key nor a known Java-only key";
    }
  }
  for (const auto& j : java_only_keys()) {
    EXPECT_NE(std::find(all.begin(), all.end(), j.name), all.end()) << j.name << " is no Java 4.4.0 key";
    // An entry that a kwire table holds for every client it names is never reached: remove it.
    bool reached = false;
    for (const auto& k : kinds)
      if ((j.clients & k.client) && !in_tables(j.name, k.tables)) reached = true;
    EXPECT_TRUE(reached) << j.name << " is kwire's own key now: drop it from client/config/java_keys.cpp";
    for (auto h : j.harmless) EXPECT_TRUE(j.harmless_value(h)) << j.name << "=" << h;
  }
}

// A client.properties written for the Java producer parses; the keys kwire does not use are
// returned, in order, and worded once.
TEST(JavaKeys, JavaProducerFileIsAcceptedWithTheIgnoredKeysNamed) {
  producer_config cfg;
  const auto r = parse_producer_config(
      with_bootstrap({{"key.serializer", "org.apache.kafka.common.serialization.StringSerializer"},
                      {"value.serializer", " org.apache.kafka.common.serialization.ByteArraySerializer "},
                      {"interceptor.classes", "com.example.Audit"},
                      {"metrics.num.samples", "3"},
                      {"metric.reporters", ""},
                      {"client.dns.lookup", "use_all_dns_ips"},
                      {"ssl.enabled.protocols", "TLSv1.2, TLSv1.3"},
                      {"sasl.kerberos.service.name", "kafka"},
                      {"acks", "1"}}),
      cfg);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(cfg.acks, 1);
  const std::vector<std::string> ignored = {"client.dns.lookup",     "interceptor.classes",        "key.serializer",
                                            "metric.reporters",      "metrics.num.samples",
                                            "sasl.kerberos.service.name", "ssl.enabled.protocols", "value.serializer"};
  EXPECT_EQ(r.ignored, ignored);
  EXPECT_EQ(ignored_warning(r.ignored),
            "ignoring Java client settings kwire does not use: client.dns.lookup, interceptor.classes, key.serializer, "
            "metric.reporters, metrics.num.samples, sasl.kerberos.service.name, "
            "ssl.enabled.protocols, value.serializer");
  EXPECT_EQ(ignored_warning(std::vector<std::string>{"metrics.num.samples"}),
            "ignoring Java client setting kwire does not use: metrics.num.samples");
  EXPECT_EQ(ignored_warning({}), "");
  // Nothing to ignore: nothing said.
  EXPECT_TRUE(parse_producer_config(with_bootstrap({}), cfg).ignored.empty());
}

// A value kwire would not honour is refused, naming the key, the value and why.
TEST(JavaKeys, KeysWhoseValueKwireWouldNotHonourAreRefused) {
  producer_config p;
  expect_refused(parse_producer_config(with_bootstrap({{"value.serializer", "io.confluent.kafka.serializers.KafkaAvroSerializer"}}), p),
                 "value.serializer", "serialize in the application");
  expect_refused(parse_producer_config(with_bootstrap({{"key.serializer", "org.apache.kafka.common.serialization.LongSerializer"}}), p),
                 "key.serializer", "kwire sends the bytes it is handed");
  expect_refused(parse_producer_config(with_bootstrap({{"partitioner.class", "com.example.MyPartitioner"}}), p),
                 "partitioner.class", "partitioner=round_robin");
  expect_refused(parse_producer_config(with_bootstrap({{"transaction.two.phase.commit.enable", "true"}}), p),
                 "transaction.two.phase.commit.enable", "KIP-939");
  expect_refused(parse_producer_config(with_bootstrap({{"ssl.enabled.protocols", "TLSv1.3"}}), p), "ssl.enabled.protocols",
                 "limiting the versions is not supported");
  expect_refused(parse_producer_config(with_bootstrap({{"ssl.protocol", "TLSv1.1"}}), p), "ssl.protocol", "nothing older");
  expect_refused(parse_producer_config(with_bootstrap({{"ssl.cipher.suites", "TLS_AES_128_GCM_SHA256"}}), p),
                 "ssl.cipher.suites", "OpenSSL");
  expect_refused(parse_producer_config(with_bootstrap({{"config.providers", "file"}}), p), "config.providers",
                 "${provider:path:key}");
  consumer_config c;
  expect_refused(parse_consumer_config(with_bootstrap({{"value.deserializer", "io.confluent.kafka.serializers.KafkaAvroDeserializer"}}), c),
                 "value.deserializer", "deserialize in the application");
  EXPECT_TRUE(parse_consumer_config(
      with_bootstrap({{"key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"}}), c));
  admin_config a;
  expect_refused(parse_admin_config(with_bootstrap({{"bootstrap.controllers", "h:9093"}}), a), "bootstrap.controllers",
                 "use bootstrap.servers");
}

// A Java key of another client is what Java does with it too: not used, so ignored (a
// consumer's file with a producer's serializer); kwire's own keys of another kind stay errors.
TEST(JavaKeys, AnotherClientsJavaKeyIsIgnored) {
  consumer_config c;
  auto r = parse_consumer_config(with_bootstrap({{"key.serializer", "com.example.Custom"}}), c);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(r.ignored, std::vector<std::string>{"key.serializer"});
  // Java's admin client has retries (kwire's admin does not use it); kwire's consumer does not.
  admin_config a;
  r = parse_admin_config(with_bootstrap({{"retries", "5"}}), a);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(r.ignored, std::vector<std::string>{"retries"});
  r = parse_consumer_config(with_bootstrap({{"retries", "5"}}), c);
  EXPECT_FALSE(r);
  EXPECT_NE(r.detail.find("is a producer setting, not a consumer one"), std::string::npos) << r.detail;
  // Java's producer has client.rack (KIP-1123); kwire's is the consumer's.
  producer_config p;
  r = parse_producer_config(with_bootstrap({{"client.rack", "r1"}}), p);
  ASSERT_TRUE(r) << r.detail;
  EXPECT_EQ(r.ignored, std::vector<std::string>{"client.rack"});
}

// A key that is no Java key stays an error, with the nearest name among kwire's keys, then
// among the Java keys kwire ignores.
TEST(JavaKeys, NoJavaKeyStaysAnError) {
  producer_config p;
  auto r = parse_producer_config(with_bootstrap({{"metrics.num.sample", "2"}}), p);
  EXPECT_FALSE(r);
  EXPECT_EQ(r.key, "metrics.num.sample");
  EXPECT_NE(r.detail.find("unknown producer setting (did you mean metrics.num.samples?)"), std::string::npos) << r.detail;
  r = parse_producer_config(with_bootstrap({{"linger.msec", "2"}}), p);
  EXPECT_NE(r.detail.find("did you mean linger.ms?"), std::string::npos) << r.detail;
  r = parse_producer_config(with_bootstrap({{"zzz.nothing.like.it", "2"}}), p);
  EXPECT_FALSE(r);
  EXPECT_EQ(r.detail, "zzz.nothing.like.it: unknown producer setting");
}
