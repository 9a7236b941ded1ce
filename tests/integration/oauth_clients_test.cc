// OAUTHBEARER end to end (issue 20): the producer, the consumer (in a group, with commits), the
// admin client and `kwire` subcommands on the OAUTH listener of a real broker, with tokens from
// the local token endpoint (KIP-768 client credentials) over http and https; the broker checks
// each RS256 JWT against the endpoint's JWKS. Its sessions last 5 s (connections.max.reauth.ms),
// so every connection here re-authenticates (KIP-368); with 6 s tokens a producer and a consumer
// keep working across several re-authentications, each with a new token. Then what goes wrong:
// a wrong client secret, an endpoint that answers no JSON or no token, none listening, an
// https endpoint not trusted, an expired token, a token for another audience: each a clear
// error naming the endpoint (or the broker's refusal) within a bound.
//
// The test starts its own broker (`tools/broker start --oauth`, which starts the token endpoint
// tools/oauth-token-server first) in TEST_TMPDIR, on KWIRE_KAFKA_VERSION's line.

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <atomic>
#include <deque>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/secured_support.hpp"
#include "tests/support/own_cluster.hpp"

namespace kwire::test {
namespace {

// The cluster with the OAUTH listener; its `tools/broker env` exports become this process's
// environment (required() reads them).
class oauth_cluster : public own_cluster {
 public:
  oauth_cluster() : own_cluster(1, "--oauth") {}
  void SetUp() override {
    own_cluster::SetUp();
    std::istringstream lines(env);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("export ")) continue;
      const auto eq = line.find('=');
      setenv(line.substr(7, eq - 7).c_str(), line.substr(eq + 1).c_str(), 1);
    }
  }
};
const auto* const cluster = ::testing::AddGlobalTestEnvironment(new oauth_cluster);

std::string jaas(const std::string& client_id, const std::string& secret, const std::string& extra = "") {
  return "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId=\"" + client_id +
         "\" clientSecret=\"" + secret + "\" scope=\"kafka\"" + extra + ";";
}

// OAUTHBEARER on the OAUTH listener with tokens of `client_id` from the endpoint.
client::properties oauth(const std::string& client_id, const std::string& url_var = "KWIRE_OAUTH_TOKEN_URL",
                         const std::string& jaas_extra = "") {
  return {{"bootstrap.servers", required("KWIRE_BOOTSTRAP_OAUTH")},
          {"security.protocol", "SASL_PLAINTEXT"},
          {"sasl.mechanism", "OAUTHBEARER"},
          {"sasl.oauthbearer.token.endpoint.url", required(url_var.c_str())},
          {"sasl.jaas.config", jaas(client_id, required("KWIRE_OAUTH_CLIENT_SECRET"), jaas_extra)},
          // The failure cases stay short: attempts end once the waits would pass 400 ms.
          {"sasl.login.retry.backoff.max.ms", "400"}};
}

// Log lines of a client, checked for secrets at the end.
struct log_sink {
  std::mutex m;
  std::vector<std::string> lines;
  std::atomic<int> reauthentications{0};
  net::log_callback callback() {
    return [this](net::log_level, const std::string& line) {
      if (line.find("re-authenticated") != std::string::npos) ++reauthentications;
      std::lock_guard lock(m);
      lines.push_back(line);
    };
  }
  void expect_no_secret() {
    std::lock_guard lock(m);
    for (const auto& l : lines) {
      EXPECT_EQ(l.find(required("KWIRE_OAUTH_CLIENT_SECRET")), std::string::npos) << l;
      EXPECT_EQ(l.find("eyJ"), std::string::npos) << "a JWT in a log line: " << l;  // base64url of '{"'
    }
  }
};

// The asynchronous producer on an io_context of its own: the blocking one takes no log callback.
struct logged_producer {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::shared_ptr<client::producer> p;
  std::deque<std::string> values;  // alive until acknowledged
  std::thread runner;
  explicit logged_producer(client::producer_config cfg)
      : p(client::producer::create(io.get_executor(), std::move(cfg))), runner([this] { io.run(); }) {}
  // "" once acknowledged, else the error.
  std::future<std::string> send(const std::string& topic, const std::string& value) {
    auto done = std::make_shared<std::promise<std::string>>();
    auto result = done->get_future();
    boost::asio::post(io, [this, done, topic, value] {
      values.push_back(value);
      client::record r;
      r.topic = topic;
      r.value = client::as_bytes(values.back());
      p->send(r, [done](std::error_code ec, const client::record_metadata&) { done->set_value(ec ? ec.message() : ""); });
    });
    return result;
  }
  ~logged_producer() {
    std::promise<void> closed;
    boost::asio::post(io, [&] { p->async_close(10s, [&](std::error_code) { closed.set_value(); }); });
    closed.get_future().wait();
    work.reset();
    runner.join();
  }
};

int tokens_issued(const std::string& client_id) {
  const auto r = run_command("curl -sS " + shell_quote(required("KWIRE_OAUTH_STATS_URL")));
  const auto key = "\"" + client_id + "\": ";
  const auto at = r.out.find(key);
  return at == std::string::npos ? 0 : std::atoi(r.out.c_str() + at + key.size());
}

void produce_consume_admin(const client::properties& security, const std::string& name) {
  const auto topic = unique("oauth-" + name);
  kwire::blocking_admin admin(with(security, {{"client.id", "kwire-oauth-admin"}}));
  auto made = admin.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}});
  ASSERT_TRUE(made.at(topic)) << made.at(topic).error.message();
  log_sink logs;
  {
    client::blocking_producer p(with(security, {{"linger.ms", "0"}}));
    for (const char* v : {"one", "two", "three"}) {
      auto md = attempt([&] { return p.send(topic, v).get(); });
      ASSERT_TRUE(md) << md.error.message();
    }
  }
  {
    client::consumer_config cfg;
    auto parsed = client::parse_consumer_config(
        with(security, {{"group.id", topic + "-g"}, {"auto.offset.reset", "earliest"}, {"enable.auto.commit", "false"}}),
        cfg);
    ASSERT_TRUE(parsed) << parsed.detail;
    cfg.cluster.connection.log = logs.callback();
    client::blocking_consumer c(cfg);
    c.subscribe({topic});
    const auto got = poll_for(c, 3, 30s, /*commit=*/true);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(text(got[2].value()), "three");
    EXPECT_EQ(c.committed({{topic, 0}}).at({topic, 0}).offset, 3);
  }
  auto gone = admin.delete_topics({topic});
  EXPECT_TRUE(gone.at(topic)) << gone.at(topic).error.message();
  logs.expect_no_secret();
}

TEST(OauthClients, ProduceConsumeInAGroupAndAdminWithAnHttpTokenEndpoint) {
  const int before = tokens_issued("kwire");
  produce_consume_admin(oauth("kwire"), "http");
  // One client's connections share one token (3600 s): one fetch per client, not per connection.
  const int fetched = tokens_issued("kwire") - before;
  EXPECT_GE(fetched, 3);
  EXPECT_LE(fetched, 4);
}

TEST(OauthClients, ProduceConsumeInAGroupAndAdminWithAnHttpsTokenEndpoint) {
  produce_consume_admin(oauth("kwire", "KWIRE_OAUTH_TOKEN_URL_HTTPS",
                              " ssl.truststore.location=\"" + required("KWIRE_CA_FILE") + "\""),
                        "https");
}

// KIP-368 with tokens that live 6 s on sessions of at most 5 s: a producer sending every 100 ms
// and a consumer in a group reading them run for 16 s; every record is acknowledged and read
// once, each connection re-authenticates several times, and the endpoint issues a new token for
// (nearly) each re-authentication: the token a connection started with expires after 6 s.
TEST(OauthClients, ProducerAndConsumerAcrossReauthenticationsWithNewTokens) {
  const auto topic = unique("oauth-reauth");
  auto security = with(oauth("kwire-short"), {{"sasl.login.refresh.window.factor", "0.5"},
                                              {"sasl.login.refresh.window.jitter", "0"}});
  {
    kwire::blocking_admin admin(security);
    auto made = admin.create_topics({{.name = topic, .partitions = 1, .replication_factor = 1}});
    ASSERT_TRUE(made.at(topic)) << made.at(topic).error.message();
  }
  const int issued_before = tokens_issued("kwire-short");
  log_sink producer_logs, consumer_logs;
  client::consumer_config ccfg;
  ASSERT_TRUE(client::parse_consumer_config(
      with(security, {{"group.id", topic + "-g"}, {"auto.offset.reset", "earliest"}}), ccfg));
  ccfg.cluster.connection.log = consumer_logs.callback();
  client::blocking_consumer c(ccfg);
  c.subscribe({topic});
  std::atomic<bool> producing{true};
  std::size_t consumed = 0;
  std::set<std::string> distinct;
  std::thread reader([&] {
    int idle_polls = 0;  // after the producer ended: 40 empty polls (20 s) end the wait
    while (consumed < 160 && idle_polls < 40) {
      auto r = attempt([&] { return c.poll(500ms); });
      if (!r) {
        ADD_FAILURE() << "poll: " << r.error.message();
        return;
      }
      for (const auto& rec : r.value) distinct.insert(text(rec.value()));
      consumed += r.value.size();
      if (!producing && r.value.empty()) ++idle_polls;
    }
  });
  client::producer_config pcfg;
  ASSERT_TRUE(client::parse_producer_config(with(security, {{"linger.ms", "0"}}), pcfg));
  pcfg.cluster.connection.log = producer_logs.callback();
  std::size_t acknowledged = 0, failed = 0;
  {
    logged_producer p(pcfg);
    std::vector<std::future<std::string>> sent;
    for (int i = 0; i < 160; ++i) {
      sent.push_back(p.send(topic, "r" + std::to_string(i)));
      std::this_thread::sleep_for(100ms);
    }
    for (auto& f : sent) {
      const auto error = f.get();
      error.empty() ? ++acknowledged : ++failed;
      if (!error.empty()) ADD_FAILURE() << error;
    }
  }
  producing = false;
  reader.join();
  const int issued = tokens_issued("kwire-short") - issued_before;
  std::cout << "records acknowledged " << acknowledged << ", failed " << failed << ", consumed " << consumed
            << " (distinct " << distinct.size() << "); re-authentications: producer " << producer_logs.reauthentications
            << ", consumer " << consumer_logs.reauthentications << "; tokens issued " << issued << "\n";
  EXPECT_EQ(acknowledged, 160u);
  EXPECT_EQ(failed, 0u);
  EXPECT_EQ(consumed, 160u);
  EXPECT_EQ(distinct.size(), 160u);
  EXPECT_GE(producer_logs.reauthentications, 3);
  EXPECT_GE(consumer_logs.reauthentications, 3);
  // The producer and the consumer share no token source: each fetched one per ~3 s (refresh at
  // half of 6 s), at the latest at each re-authentication.
  EXPECT_GE(issued, 6);
  producer_logs.expect_no_secret();
  consumer_logs.expect_no_secret();
}

TEST(OauthClients, KwireSubcommands) {
  const auto topic = unique("oauth-cli");
  const std::string dir = env_or_empty("TEST_TMPDIR");
  const std::string file = dir + "/oauth-client.properties";
  {
    std::ofstream f(file);
    for (const auto& [k, v] : oauth("kwire")) f << k << "=" << v << "\n";
  }
  auto r = kwire({"metadata", "--command-config", file, "--json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(required("KWIRE_BOOTSTRAP_OAUTH").substr(required("KWIRE_BOOTSTRAP_OAUTH").find(':') + 1)),
            std::string::npos)
      << r.out;
  r = kwire({"produce", "-t", topic, "--command-config", file}, "one\ntwo\nthree\n");
  EXPECT_EQ(r.status, 0) << r.err;
  r = kwire({"consume", "-t", topic, "-g", topic + "-g", "-o", "beginning", "-c", "3", "--command-config", file});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "one\ntwo\nthree\n");
  r = kwire({"lag", "-g", topic + "-g", "--json", "--command-config", file});
  EXPECT_EQ(r.status, 0) << r.err;
  // The wrong secret: the endpoint's answer, at once.
  r = kwire({"metadata", "--command-config", file, "-X",
             "sasl.jaas.config=" + jaas("kwire", "not-the-secret")});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("HTTP 401: invalid_client"), std::string::npos) << r.err;
  for (const auto* out : {&r.out, &r.err}) {
    EXPECT_EQ(out->find(required("KWIRE_OAUTH_CLIENT_SECRET")), std::string::npos) << *out;
    EXPECT_EQ(out->find("not-the-secret"), std::string::npos) << *out;
    EXPECT_EQ(out->find("eyJ"), std::string::npos) << *out;
  }
}

std::string endpoint(const char* url_var) {
  return "OAUTHBEARER token endpoint " + required(url_var) + " (sasl.oauthbearer.token.endpoint.url): ";
}

TEST(OauthClientsFail, WrongClientSecret) {
  auto bad = oauth("kwire");
  bad["sasl.jaas.config"] = jaas("kwire", "not-the-secret");
  expect_every_client_fails(bad, endpoint("KWIRE_OAUTH_TOKEN_URL") +
                                     "HTTP 401: invalid_client: client authentication failed (unknown client or wrong secret)");
}

TEST(OauthClientsFail, EndpointAnswersNoJson) {
  expect_every_client_fails(oauth("kwire-bad-json"), endpoint("KWIRE_OAUTH_TOKEN_URL") +
                                                         "HTTP 200 but the answer is not a JSON object");
}

TEST(OauthClientsFail, EndpointAnswersNoAccessToken) {
  expect_every_client_fails(oauth("kwire-no-token"), endpoint("KWIRE_OAUTH_TOKEN_URL") +
                                                         "HTTP 200 but the answer has no access_token");
}

TEST(OauthClientsFail, NoEndpointListening) {
  // A port nothing listens on: bound by a process that has exited.
  const auto port = run_command("python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); "
                                "print(s.getsockname()[1])'").out;
  auto bad = oauth("kwire");
  const std::string url = "http://127.0.0.1:" + port.substr(0, port.find('\n')) + "/token";
  bad["sasl.oauthbearer.token.endpoint.url"] = url;
  expect_every_client_fails(bad, "OAUTHBEARER token endpoint " + url +
                                     " (sasl.oauthbearer.token.endpoint.url): connecting failed: Connection refused");
}

TEST(OauthClientsFail, HttpsEndpointNotTrusted) {
  // No ssl.truststore.location option: the system's CA store, which does not know the test CA.
  expect_every_client_fails(oauth("kwire", "KWIRE_OAUTH_TOKEN_URL_HTTPS"),
                            endpoint("KWIRE_OAUTH_TOKEN_URL_HTTPS") + "TLS handshake failed: certificate verify failed");
}

TEST(OauthClientsFail, ExpiredToken) {
  expect_every_client_fails(oauth("kwire-expired"), endpoint("KWIRE_OAUTH_TOKEN_URL") +
                                                        "HTTP 200 but the access_token (sub 'kwire-expired') expired");
}

TEST(OauthClientsFail, BrokerRefusesATokenForAnotherAudience) {
  // The broker says only "invalid_token" (its log names the audience).
  expect_every_client_fails(oauth("kwire-wrong-aud"),
                            "SASL_AUTHENTICATION_FAILED: SASL authentication failed. (error 58): {\"status\":\"invalid_token\"}");
}

}  // namespace
}  // namespace kwire::test
