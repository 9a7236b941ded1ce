// The Java client's keys kwire does not implement (config.hpp: java_only_keys()).
//
// The names are those of kafka-clients 4.4.0's ProducerConfig.configNames(),
// ConsumerConfig.configNames() and AdminClientConfig.configNames(), printed by
// tests/unit/data/JavaConfigNames.java, less the keys kwire's own tables hold. A key that kwire's
// tables gain later is found there first; tests/unit/java_keys_test.cc then asks for its entry
// here to go.
//
// Each key is either ignored with a warning whatever its value (a metrics reporter, a socket
// buffer, a login refresh setting: what the user gets is the same records, delivered the same
// way), or ignored only with a value that changes nothing and refused otherwise, because
// ignoring it would change the records or the security the user asked for (a serializer other
// than bytes or strings, a custom partitioner, a restricted TLS version, a config provider).

#include <kwire/config/config.hpp>

#include <algorithm>
#include <cctype>

namespace kwire::client {
namespace {

constexpr unsigned P = java_producer, C = java_consumer, A = java_admin, all = P | C | A;

constexpr std::string_view serializers[] = {"org.apache.kafka.common.serialization.ByteArraySerializer",
                                            "org.apache.kafka.common.serialization.StringSerializer",
                                            "org.apache.kafka.common.serialization.BytesSerializer",
                                            "org.apache.kafka.common.serialization.ByteBufferSerializer"};
constexpr std::string_view deserializers[] = {"org.apache.kafka.common.serialization.ByteArrayDeserializer",
                                              "org.apache.kafka.common.serialization.StringDeserializer",
                                              "org.apache.kafka.common.serialization.BytesDeserializer",
                                              "org.apache.kafka.common.serialization.ByteBufferDeserializer"};
constexpr std::string_view no[] = {"false"};
// kwire's TLS (net/tls.cpp) speaks TLSv1.2 and TLSv1.3, as Java's default; blanks are dropped
// before the comparison.
constexpr std::string_view tls_protocols[] = {"TLSv1.2,TLSv1.3", "TLSv1.3,TLSv1.2"};
constexpr std::string_view tls_context[] = {"TLSv1.3", "TLSv1.2", "TLS"};

constexpr std::string_view serializer_refusal =
    "kwire sends the bytes it is handed; only Java's byte-array, Bytes, ByteBuffer and String serializers can be "
    "left out (serialize in the application instead)";
constexpr std::string_view deserializer_refusal =
    "kwire hands over the bytes it reads; only Java's byte-array, Bytes, ByteBuffer and String deserializers can be "
    "left out (deserialize in the application instead)";

const java_key keys[] = {
    {"allow.auto.create.topics", C},
    {"bootstrap.controllers", A, {}, "kwire's admin client talks to brokers only: use bootstrap.servers"},
    {"bootstrap.resolve.timeout.ms", all},
    {"buffer.memory.allocation.strategy", P},
    {"client.dns.lookup", all},
    {"client.rack", P},
    {"config.providers", all, {},
     "config providers (${provider:path:key} in values) are not supported: write the values themselves"},
    {"enable.metrics.push", all},
    {"exclude.internal.topics", C},
    {"interceptor.classes", P | C},
    {"internal.throw.on.fetch.stable.offset.unsupported", C},
    {"key.deserializer", C, deserializers, deserializer_refusal},
    {"key.serializer", P, serializers, serializer_refusal},
    {"metadata.cluster.check.enable", all},
    {"metadata.max.idle.ms", P},
    {"metric.reporters", all},
    {"metrics.num.samples", all},
    {"metrics.recording.level", all},
    {"metrics.sample.window.ms", all},
    {"partitioner.class", P, {},
     "custom partitioner classes are not supported; kwire's partitioner key picks default, sticky or round_robin "
     "(partitioner=round_robin for RoundRobinPartitioner, partitioner.ignore.keys=true for sticky)"},
    {"partitioner.rack.aware", P},
    {"receive.buffer.bytes", all},
    {"retries", A},
    {"retry.backoff.max.ms", all},
    {"sasl.client.callback.handler.class", all},
    {"sasl.kerberos.kinit.cmd", all},
    {"sasl.kerberos.min.time.before.relogin", all},
    {"sasl.kerberos.service.name", all},
    {"sasl.kerberos.ticket.renew.jitter", all},
    {"sasl.kerberos.ticket.renew.window.factor", all},
    {"sasl.login.callback.handler.class", all},
    {"sasl.login.class", all},
    {"sasl.oauthbearer.allow.unverified.audience", all},
    {"sasl.oauthbearer.allow.unverified.issuer", all},
    {"sasl.oauthbearer.assertion.algorithm", all},
    {"sasl.oauthbearer.assertion.claim.aud", all},
    {"sasl.oauthbearer.assertion.claim.exp.seconds", all},
    {"sasl.oauthbearer.assertion.claim.iss", all},
    {"sasl.oauthbearer.assertion.claim.jti.include", all},
    {"sasl.oauthbearer.assertion.claim.nbf.seconds", all},
    {"sasl.oauthbearer.assertion.claim.sub", all},
    {"sasl.oauthbearer.assertion.file", all},
    {"sasl.oauthbearer.assertion.private.key.file", all},
    {"sasl.oauthbearer.assertion.private.key.passphrase", all},
    {"sasl.oauthbearer.assertion.template.file", all},
    {"sasl.oauthbearer.client.credentials.client.id", all},
    {"sasl.oauthbearer.client.credentials.client.secret", all},
    {"sasl.oauthbearer.clock.skew.seconds", all},
    {"sasl.oauthbearer.expected.audience", all},
    {"sasl.oauthbearer.expected.issuer", all},
    {"sasl.oauthbearer.header.urlencode", all},
    {"sasl.oauthbearer.jwks.endpoint.refresh.ms", all},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", all},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", all},
    {"sasl.oauthbearer.jwks.endpoint.url", all},
    {"sasl.oauthbearer.jwt.retriever.class", all},
    {"sasl.oauthbearer.jwt.validator.class", all},
    {"sasl.oauthbearer.scope", all},
    {"security.providers", all},
    {"send.buffer.bytes", all},
    {"share.acknowledgement.mode", C},
    {"share.acquire.mode", C},
    {"socket.connection.setup.timeout.max.ms", all},
    {"ssl.cipher.suites", all, {},
     "kwire uses OpenSSL's default cipher suites; choosing them is not supported (leave the key out)"},
    {"ssl.enabled.protocols", all, tls_protocols,
     "kwire speaks TLSv1.2 and TLSv1.3 (OpenSSL); limiting the versions is not supported"},
    {"ssl.engine.factory.class", all, {}, "a custom SSL engine is not supported (kwire uses OpenSSL)"},
    {"ssl.keymanager.algorithm", all},
    {"ssl.protocol", all, tls_context, "kwire speaks TLSv1.2 and TLSv1.3 (OpenSSL), nothing older"},
    {"ssl.provider", all},
    {"ssl.secure.random.implementation", all},
    {"ssl.trustmanager.algorithm", all},
    {"transaction.two.phase.commit.enable", P, no, "two-phase commit transactions (KIP-939) are not supported"},
    {"value.deserializer", C, deserializers, deserializer_refusal},
    {"value.serializer", P, serializers, serializer_refusal},
};

// Lower case, blanks dropped: "TLSv1.2, TLSv1.3" and "tlsv1.2,tlsv1.3" are the same list.
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

}  // namespace

std::span<const java_key> java_only_keys() { return keys; }

const java_key* find_java_key(std::string_view name) {
  const auto it = std::find_if(std::begin(keys), std::end(keys), [&](const java_key& k) { return k.name == name; });
  return it == std::end(keys) ? nullptr : it;
}

bool java_key::harmless_value(std::string_view value) const {
  if (refusal.empty()) return true;
  const std::string v = folded(value);
  if (v.empty()) return true;
  return std::any_of(harmless.begin(), harmless.end(), [&](std::string_view h) { return folded(h) == v; });
}

std::string ignored_warning(std::span<const std::string> ignored) {
  if (ignored.empty()) return {};
  std::string out = "ignoring Java client setting" + std::string(ignored.size() == 1 ? "" : "s") + " kwire does not use: ";
  for (std::size_t i = 0; i < ignored.size(); ++i) out += (i ? ", " : "") + ignored[i];
  return out;
}

}  // namespace kwire::client
