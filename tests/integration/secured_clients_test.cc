// The producer, the consumer (in a group, with commits) and the admin client on the secured
// listeners of the real broker (tools/broker): SASL_SSL with PLAIN, SCRAM-SHA-256 and
// SCRAM-SHA-512, and MTLS (an SSL listener that requires a client certificate) with the client
// certificate as PEM files (a pair, or one key store file), as PEM text and as the PKCS#12 stores Java users have. Then what a
// user gets wrong: the password, the CA, the client certificate, the store's password or file:
// each a clear error naming the cause, within a bound (no hang, no silent retry loop).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/integration/secured_support.hpp"

namespace kwire::test {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  return {std::istreambuf_iterator<char>(in), {}};
}

client::properties sasl_ssl(const std::string& mechanism, const std::string& password) {
  return {{"bootstrap.servers", required("KWIRE_BOOTSTRAP_SASL_SSL")},
          {"security.protocol", "SASL_SSL"},
          {"ssl.truststore.location", required("KWIRE_CA_FILE")},
          {"sasl.mechanism", mechanism},
          {"sasl.username", required("KWIRE_SASL_USER")},
          {"sasl.password", password}};
}

client::properties mtls(client::properties client_certificate) {
  client::properties p{{"bootstrap.servers", required("KWIRE_BOOTSTRAP_MTLS")}, {"security.protocol", "SSL"}};
  for (auto& [k, v] : client_certificate) p[k] = v;
  if (!p.count("ssl.truststore.location") && !p.count("ssl.truststore.certificates"))
    p["ssl.truststore.location"] = required("KWIRE_CA_FILE");
  return p;
}

client::properties mtls_pem_files() {
  // The encrypted key: ssl.key.password opens it.
  return mtls({{"ssl.certificate.location", required("KWIRE_CLIENT_CERT")},
               {"ssl.key.location", required("KWIRE_CLIENT_KEY_ENCRYPTED")},
               {"ssl.key.password", required("KWIRE_STORE_PASSWORD")}});
}

client::properties mtls_pem_keystore_file() {
  // ssl.keystore.type=PEM with ssl.keystore.location: one file with the chain and the key.
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir && *dir ? dir : "/tmp") + "/kwire-client-keystore.pem";
  std::ofstream(path) << file_text(required("KWIRE_CLIENT_CERT")) << file_text(required("KWIRE_CLIENT_KEY"));
  return mtls({{"ssl.keystore.type", "PEM"}, {"ssl.keystore.location", path}});
}

client::properties mtls_pem_text() {
  // Java's PEM-in-the-config form: the chain, the key and the CA as text.
  return mtls({{"ssl.keystore.type", "PEM"},
               {"ssl.keystore.certificate.chain", file_text(required("KWIRE_CLIENT_CERT"))},
               {"ssl.keystore.key", file_text(required("KWIRE_CLIENT_KEY"))},
               {"ssl.truststore.certificates", file_text(required("KWIRE_CA_FILE"))}});
}

client::properties mtls_pkcs12(const std::string& password) {
  // As a Java client.properties has it: both stores are keytool's PKCS#12 files.
  return mtls({{"ssl.keystore.type", "PKCS12"},
               {"ssl.keystore.location", required("KWIRE_CLIENT_P12")},
               {"ssl.keystore.password", password},
               {"ssl.key.password", password},
               {"ssl.truststore.type", "PKCS12"},
               {"ssl.truststore.location", required("KWIRE_TRUSTSTORE_P12")},
               {"ssl.truststore.password", required("KWIRE_STORE_PASSWORD")}});
}

struct listener_case {
  const char* name;
  client::properties (*settings)();
};

class SecuredClients : public ::testing::TestWithParam<listener_case> {};

// Create a topic, produce three records, consume them in a group committing, read the commit
// back, delete the topic: every client over the one secured listener.
TEST_P(SecuredClients, ProduceConsumeInAGroupCommitAndAdmin) {
  const auto security = GetParam().settings();
  const auto topic = unique(std::string("sec-") + GetParam().name);
  kwire::blocking_admin admin(with(security, {{"client.id", "kwire-sec-admin"}}));
  auto made = admin.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}});
  ASSERT_TRUE(made.at(topic)) << made.at(topic).error.message();
  {
    client::blocking_producer p(with(security, {{"linger.ms", "0"}, {"client.id", "kwire-sec-producer"}}));
    for (const char* v : {"one", "two", "three"}) {
      auto md = attempt([&] { return p.send(topic, v).get(); });
      ASSERT_TRUE(md) << md.error.message();
      EXPECT_EQ(md.value.topic, topic);
    }
  }
  const auto group = topic + "-g";
  {
    client::blocking_consumer c(with(security, {{"group.id", group},
                                                {"auto.offset.reset", "earliest"},
                                                {"enable.auto.commit", "false"},
                                                {"client.id", "kwire-sec-consumer"}}));
    c.subscribe({topic});
    const auto got = poll_for(c, 3, 30s, /*commit=*/true);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(text(got[0].value()), "one");
    EXPECT_EQ(text(got[2].value()), "three");
    const auto committed = c.committed({{topic, 0}});
    ASSERT_EQ(committed.count({topic, 0}), 1u);
    EXPECT_EQ(committed.at({topic, 0}).offset, 3);
  }
  auto gone = admin.delete_topics({topic});
  EXPECT_TRUE(gone.at(topic)) << gone.at(topic).error.message();
}

INSTANTIATE_TEST_SUITE_P(Listeners, SecuredClients,
                         ::testing::Values(listener_case{"sasl_ssl_plain", [] { return sasl_ssl("PLAIN", required("KWIRE_SASL_PASSWORD")); }},
                                           listener_case{"sasl_ssl_scram256", [] { return sasl_ssl("SCRAM-SHA-256", required("KWIRE_SASL_PASSWORD")); }},
                                           listener_case{"sasl_ssl_scram512", [] { return sasl_ssl("SCRAM-SHA-512", required("KWIRE_SASL_PASSWORD")); }},
                                           listener_case{"mtls_pem_files", &mtls_pem_files},
                                           listener_case{"mtls_pem_keystore_file", &mtls_pem_keystore_file},
                                           listener_case{"mtls_pem_text", &mtls_pem_text},
                                           listener_case{"mtls_pkcs12", [] { return mtls_pkcs12(required("KWIRE_STORE_PASSWORD")); }}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SecuredClientsFail, WrongPasswordOnSaslSsl) {
  expect_every_client_fails(sasl_ssl("SCRAM-SHA-512", "not-the-password"), "uthentication failed");
}

TEST(SecuredClientsFail, WrongCa) {
  expect_every_client_fails(with(sasl_ssl("PLAIN", required("KWIRE_SASL_PASSWORD")),
                                 {{"ssl.truststore.location", required("KWIRE_WRONG_CA_FILE")}}),
                            "certificate verify failed");
}

TEST(SecuredClientsFail, NoClientCertificateOnMtls) {
  expect_every_client_fails(mtls({}), "client certificate");
}

TEST(SecuredClientsFail, ClientCertificateTheBrokerDoesNotTrust) {
  expect_every_client_fails(mtls({{"ssl.certificate.location", required("KWIRE_STRANGER_CERT")},
                                  {"ssl.key.location", required("KWIRE_CLIENT_KEY")}}),
                            "client certificate");
}

TEST(SecuredClientsFail, WrongKeyStorePassword) {
  expect_every_client_fails(mtls_pkcs12("not-the-store-password"), "wrong ssl.keystore.password");
}

TEST(SecuredClientsFail, KeyStoreThatIsNoPkcs12File) {
  auto bad = mtls_pkcs12(required("KWIRE_STORE_PASSWORD"));
  bad["ssl.keystore.location"] = required("KWIRE_CLIENT_CERT");  // a PEM file
  expect_every_client_fails(bad, "is not a PKCS#12 file");
}

TEST(SecuredClientsFail, WrongTrustStorePassword) {
  auto bad = mtls_pkcs12(required("KWIRE_STORE_PASSWORD"));
  bad["ssl.truststore.password"] = "not-the-store-password";
  expect_every_client_fails(bad, "wrong ssl.truststore.password");
}

TEST(SecuredClientsFail, WrongKeyPasswordOfAnEncryptedPemKey) {
  auto bad = mtls_pem_files();
  bad["ssl.key.password"] = "not-the-key-password";
  expect_every_client_fails(bad, "wrong ssl.key.password");
}

}  // namespace
}  // namespace kwire::test
