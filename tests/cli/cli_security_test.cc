// Every subcommand on the SASL, TLS, SASL_SSL and MTLS listeners of the real broker through --command-config
// files the test writes (as an operator hands the Java tools a client.properties), and the
// precedence of the settings: the file, then -X, then -b; $KWIRE_BOOTSTRAP only when none of
// them names a broker.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include <kwire/admin/admin_blocking.hpp>
#include "tests/cli/cli_run.hpp"
#include "tests/support/broker_env.hpp"

namespace kwire::test {
namespace {

std::string required(const char* name) {
  const auto v = env_or_empty(name);
  if (v.empty()) ADD_FAILURE() << name << " is not set: `eval $(tools/broker env)` and pass it with --test_env";
  return v;
}

std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

// SCRAM-SHA-512 with the credentials in a Java login-module line, continued over two lines.
std::string sasl_file(const std::string& bootstrap_line, const std::string& password) {
  return write_file(unique("sasl") + ".properties",
                    "# as kafka-topics.sh --command-config takes it\n" + bootstrap_line +
                        "security.protocol = SASL_PLAINTEXT\n"
                        "sasl.mechanism: SCRAM-SHA-512\n"
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n"
                        "    username=\"" +
                        required("KWIRE_SASL_USER") + "\" password=\"" + password + "\";\n");
}

std::string tls_file(const std::string& bootstrap_line) {
  return write_file(unique("tls") + ".properties", bootstrap_line +
                                                       "security.protocol=SSL\n"
                                                       "ssl.truststore.type=PEM\n"
                                                       "ssl.truststore.location=" +
                                                       required("KWIRE_CA_FILE") + "\n");
}

TEST(CliSecurity, MetadataAndApisOverSaslWithTheBrokersInTheFile) {
  const auto sasl = required("KWIRE_BOOTSTRAP_SASL");
  const auto file = sasl_file("bootstrap.servers=" + sasl + "\n", required("KWIRE_SASL_PASSWORD"));
  // $KWIRE_BOOTSTRAP (the PLAINTEXT listener, in the test's environment when passed) must not
  // override the file's bootstrap.servers.
  auto r = kwire({"metadata", "--command-config", file, "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  // The brokers a SASL listener advertises are its own addresses.
  const auto port = sasl.substr(sasl.rfind(':') + 1);
  EXPECT_NE(r.out.find("\"port\": " + port), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"cluster_id\": \""), std::string::npos) << r.out;

  r = kwire({"apis", "--command-config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("SaslAuthenticate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("usable by kwire today"), std::string::npos) << r.out;
}

TEST(CliSecurity, TheFileIsReallyUsedAndXWinsOverIt) {
  const auto sasl = required("KWIRE_BOOTSTRAP_SASL");
  const auto wrong = sasl_file("bootstrap.servers=" + sasl + "\n", "not-the-password");
  auto r = kwire({"metadata", "--command-config", wrong});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.err.find("kwire metadata: bootstrap: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("uthentication"), std::string::npos) << r.err;

  // -X replaces the file's login line; -X also wins for the mechanism.
  const std::string good_jaas = "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                                "username=\"" + required("KWIRE_SASL_USER") + "\" password=\"" +
                                required("KWIRE_SASL_PASSWORD") + "\";";
  r = kwire({"metadata", "--command-config", wrong, "-X", "sasl.mechanism=PLAIN", "-X", good_jaas});
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(CliSecurity, DashBWinsOverTheFilesBrokers) {
  // The file names a port nothing listens on; -b names the TLS listener.
  const auto file = tls_file("bootstrap.servers=127.0.0.1:1\n");
  auto r = kwire({"metadata", "-b", required("KWIRE_BOOTSTRAP_SSL"), "--command-config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("cluster ", 0), 0u) << r.out;
  // And -X bootstrap.servers beats the file too (with -b absent).
  r = kwire({"apis", "--command-config", file, "-X", "bootstrap.servers=" + required("KWIRE_BOOTSTRAP_SSL")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("API table of node "), std::string::npos) << r.out;
}

TEST(CliSecurity, MetadataAndApisOverTls) {
  const auto file = tls_file("");
  const auto ssl = required("KWIRE_BOOTSTRAP_SSL");
  auto r = kwire({"metadata", "-b", ssl, "--command-config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("broker "), std::string::npos) << r.out;
  r = kwire({"apis", "-b", ssl, "--command-config", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ApiVersions"), std::string::npos) << r.out;
  // Without the file the TLS listener is not understood: the file's settings made the difference.
  r = kwire({"apis", "-b", ssl});
  EXPECT_EQ(r.status, 1) << r.out;
}

TEST(CliSecurity, ProduceConsumeAndLagThroughCommandConfigFiles) {
  const auto topic = unique("kwire-cli-sec");
  const auto group = unique("kwire-cli-sec-g");
  {
    kwire::blocking_admin admin({{"bootstrap.servers", bootstrap()}});
    auto made = admin.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}});
    ASSERT_TRUE(made.at(topic)) << made.at(topic).error.message();
  }
  const auto sasl = sasl_file("bootstrap.servers=" + required("KWIRE_BOOTSTRAP_SASL") + "\n",
                              required("KWIRE_SASL_PASSWORD"));
  const auto tls = tls_file("bootstrap.servers=" + required("KWIRE_BOOTSTRAP_SSL") + "\n");

  auto r = kwire({"produce", "-t", topic, "--command-config", sasl}, "one\ntwo\nthree\n");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "3 records, 11 bytes delivered to " + topic + ", 0 errors\n");

  r = kwire({"consume", "-t", topic, "-g", group, "-o", "beginning", "-c", "3", "--command-config", tls});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "one\ntwo\nthree\n");

  r = kwire({"lag", "-g", group, "--json", "--command-config", sasl});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"topic\":\"" + topic + "\",\"partition\":0,\"end_offset\":3,\"committed\":3,\"lag\":0"),
            std::string::npos)
      << r.out;
}

// SASL_SSL (SCRAM-SHA-256, the CA as PEM) and MTLS (the client certificate and the CA as the
// PKCS#12 stores of a Java client.properties): each file names its listener.
std::string sasl_ssl_file() {
  return write_file(unique("sasl-ssl") + ".properties",
                    "bootstrap.servers=" + required("KWIRE_BOOTSTRAP_SASL_SSL") +
                        "\nsecurity.protocol=SASL_SSL\n"
                        "ssl.truststore.location=" + required("KWIRE_CA_FILE") +
                        "\nsasl.mechanism=SCRAM-SHA-256\n"
                        "sasl.username=" + required("KWIRE_SASL_USER") +
                        "\nsasl.password=" + required("KWIRE_SASL_PASSWORD") + "\n");
}

std::string mtls_file() {
  const auto pw = required("KWIRE_STORE_PASSWORD");
  return write_file(unique("mtls") + ".properties",
                    "bootstrap.servers=" + required("KWIRE_BOOTSTRAP_MTLS") +
                        "\nsecurity.protocol=SSL\n"
                        "ssl.keystore.type=PKCS12\n"
                        "ssl.keystore.location=" + required("KWIRE_CLIENT_P12") +
                        "\nssl.keystore.password=" + pw + "\nssl.key.password=" + pw +
                        "\nssl.truststore.type=PKCS12\n"
                        "ssl.truststore.location=" + required("KWIRE_TRUSTSTORE_P12") +
                        "\nssl.truststore.password=" + pw + "\n");
}

// Every subcommand, one after the other, through one --command-config file: the topic it makes
// is produced to, consumed in a group, looked at, trimmed and deleted.
void every_subcommand(const std::string& file, const std::string& what) {
  const auto topic = unique("kwire-cli-" + what);
  const auto group = topic + "-g";
  const auto run = [&](std::vector<std::string> args, const std::string& input = "") {
    args.push_back("--command-config");
    args.push_back(file);
    auto r = kwire(args, input);
    EXPECT_EQ(r.status, 0) << what << ": kwire " << args[0] << " " << (args.size() > 3 ? args[1] : "") << ": "
                           << r.err;
    return r;
  };
  EXPECT_NE(run({"apis"}).out.find("API table of node "), std::string::npos);
  EXPECT_NE(run({"metadata", "--json"}).out.find("\"cluster_id\": \""), std::string::npos);
  run({"topics", "create", "--topic", topic, "--partitions", "1", "--replication-factor", "1"});
  EXPECT_EQ(run({"produce", "-t", topic}, "a\nb\nc\n").out, "3 records, 3 bytes delivered to " + topic + ", 0 errors\n");
  EXPECT_EQ(run({"consume", "-t", topic, "-g", group, "-o", "beginning", "-c", "3"}).out, "a\nb\nc\n");
  EXPECT_NE(run({"lag", "-g", group, "--json"}).out.find("\"committed\":3,\"lag\":0"), std::string::npos);
  EXPECT_NE(run({"groups", "list"}).out.find(group), std::string::npos);
  EXPECT_NE(run({"groups", "describe", "-g", group}).out.find(group), std::string::npos);
  EXPECT_NE(run({"topics", "list"}).out.find(topic), std::string::npos);
  run({"topics", "describe", "--topic", topic});
  run({"offsets", "--topic", topic});
  run({"records", "delete", "--topic", topic, "--partition", "0", "--before", "1"});
  run({"configs", "describe", "--entity-type", "topics", "--entity-name", topic});
  run({"cluster", "describe"});
  EXPECT_NE(run({"users", "list"}).out.find(required("KWIRE_SASL_USER")), std::string::npos);
  run({"quotas", "describe"});
  run({"transactions", "list"});
  // Without an authorizer the broker answers SECURITY_DISABLED: the connection was made.
  auto acls = kwire({"acls", "list", "--command-config", file});
  if (acls.status != 0) {
    EXPECT_NE(acls.err.find("SECURITY_DISABLED"), std::string::npos) << what << ": " << acls.err;
  }
  run({"topics", "delete", "--topic", topic});
}

TEST(CliSecurity, EverySubcommandOverSaslSsl) { every_subcommand(sasl_ssl_file(), "sasl-ssl"); }

TEST(CliSecurity, EverySubcommandOverMtlsWithPkcs12Stores) { every_subcommand(mtls_file(), "mtls"); }

TEST(CliSecurity, AWrongStorePasswordIsNamed) {
  auto r = kwire({"metadata", "--command-config", mtls_file(), "-X", "ssl.keystore.password=wrong", "-X",
                  "ssl.key.password=wrong"});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.err.find("wrong ssl.keystore.password"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kwire::test
