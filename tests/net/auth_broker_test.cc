// The handshake machine and the TLS helpers against the real broker, driven by the simplest
// possible loop over a synchronous Boost.Asio socket: write the frame, read the 4-byte size and
// the frame, feed it. SASL_PLAINTEXT with PLAIN and both SCRAMs (good and wrong password), the
// SSL listener with the right CA, a wrong CA and a wrong host name, and a KIP-368
// re-authentication on a live connection.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <iostream>

#include <sys/socket.h>
#include <sys/time.h>

#include <kwire/net/handshake.hpp>
#include <kwire/net/tls.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/versions.hpp>
#include "tests/net/test_certs.hpp"
#include "tests/support/broker_env.hpp"

namespace {

using namespace kwire;
namespace asio = boost::asio;
using asio::ip::tcp;
using net::handshake;
using kind = handshake::action::kind;

std::string first(const std::string& list) { return list.substr(0, list.find(',')); }

std::string required_env(const char* name) {
  const auto v = test::env_or_empty(name);
  if (v.empty()) ADD_FAILURE() << name << " is not set: run through tools/test or `eval $(tools/broker env)`";
  return v;
}

struct endpoint {
  std::string host, port;
};
endpoint split(const std::string& hostport) {
  const auto colon = hostport.rfind(':');
  return {hostport.substr(0, colon), hostport.substr(colon + 1)};
}

void connect(tcp::socket& s, const std::string& hostport) {
  const auto ep = split(hostport);
  tcp::resolver resolver(s.get_executor());
  asio::connect(s, resolver.resolve(ep.host, ep.port));
  // A broker that stops answering must fail the test, not hang it.
  timeval tv{20, 0};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

protocol::bytes read_frame(auto& stream) {
  std::uint8_t size_bytes[4];
  asio::read(stream, asio::buffer(size_bytes));
  protocol::reader r(size_bytes);
  protocol::bytes frame(r.u32());
  asio::read(stream, asio::buffer(frame));
  return frame;
}

// The whole driver a connection needs, minus timeouts and asynchrony.
handshake::action run(auto& stream, handshake& hs) {
  auto a = hs.start();
  while (a.type == kind::write) {
    asio::write(stream, asio::buffer(a.frame.data(), a.frame.size()));
    const auto frame = read_frame(stream);
    a = hs.on_frame(frame);
  }
  return a;
}

net::connection_config sasl_cfg(const std::string& mechanism, const std::string& password) {
  net::connection_config cfg;
  cfg.security = net::security_protocol::sasl_plaintext;
  cfg.sasl.mechanism = mechanism;
  cfg.sasl.username = required_env("KWIRE_SASL_USER");
  cfg.sasl.password = password;
  return cfg;
}

TEST(AuthBroker, PlaintextApiVersions) {
  asio::io_context io;
  tcp::socket s(io);
  connect(s, first(test::bootstrap()));
  handshake hs(net::connection_config{});
  const auto a = run(s, hs);
  ASSERT_EQ(a.type, kind::done) << a.detail;
  const auto* av = protocol::broker_range(hs.versions(), protocol::api_key::api_versions);
  ASSERT_NE(av, nullptr);
  EXPECT_GE(av->max_version, 3);
  EXPECT_FALSE(hs.session_lifetime());
  // One round trip, or two when the broker is older than kwire's newest ApiVersions (Kafka 3.9
  // answers v5 in v0 with its range, and the handshake asks again in v4).
  const bool fell_back = av->max_version < protocol::info(protocol::api_key::api_versions).supported.hi;
  EXPECT_EQ(hs.next_correlation_id(), fell_back ? 2 : 1);
}

class AuthBrokerSasl : public testing::TestWithParam<const char*> {};

TEST_P(AuthBrokerSasl, GoodPasswordThenReauthentication) {
  asio::io_context io;
  tcp::socket s(io);
  connect(s, first(required_env("KWIRE_BOOTSTRAP_SASL")));
  const auto cfg = sasl_cfg(GetParam(), required_env("KWIRE_SASL_PASSWORD"));
  handshake hs(cfg);
  const auto a = run(s, hs);
  ASSERT_EQ(a.type, kind::done) << a.detail;
  // tools/broker leaves connections.max.reauth.ms unset, so the broker sends lifetime 0 (a
  // broker started with it set answers with the lifetime; both paths are checked below).
  std::cout << "[ info ] Kafka " << test::kafka_version() << " " << GetParam() << " session lifetime: "
            << (hs.session_lifetime() ? std::to_string(hs.session_lifetime()->count()) + " ms" : "none (0)") << "\n";

  // The connection is authenticated: an ordinary request works.
  auto id = hs.next_correlation_id();
  protocol::bytes frame;
  const auto mv = protocol::choose_version(protocol::api_key::metadata, hs.versions());
  ASSERT_TRUE(mv.status) << mv.status.detail;
  ASSERT_TRUE(protocol::frame_request(protocol::metadata_request{}, mv.version, id, cfg.client_id, frame));
  asio::write(s, asio::buffer(frame));
  {
    const auto answer = read_frame(s);
    protocol::response_header h;
    protocol::metadata_response m;
    const auto r = protocol::parse_response(answer, mv.version, h, m);
    ASSERT_TRUE(r) << r.detail;
    EXPECT_EQ(h.correlation_id, id);
    EXPECT_FALSE(m.brokers.empty());
  }

  // KIP-368 re-authentication on the same connection, continuing its correlation ids. The
  // broker allows it only when it set a session lifetime (connections.max.reauth.ms > 0);
  // otherwise it refuses the second SaslHandshake with ILLEGAL_SASL_STATE.
  handshake again(cfg, hs.versions(), net::reauth, id + 1);
  const auto b = run(s, again);
  if (hs.session_lifetime()) {
    ASSERT_EQ(b.type, kind::done) << b.detail;
    // SaslHandshake, then one SaslAuthenticate (PLAIN) or two (SCRAM).
    EXPECT_EQ(again.next_correlation_id(), id + 1 + (std::string(GetParam()) == "PLAIN" ? 2 : 3));
    EXPECT_TRUE(again.session_lifetime());
  } else {
    ASSERT_EQ(b.type, kind::failed);
    EXPECT_EQ(b.ec, broker_errc::illegal_sasl_state) << b.detail;
    EXPECT_NE(b.detail.find("connections.max.reauth.ms"), std::string::npos) << b.detail;
  }
}

TEST_P(AuthBrokerSasl, WrongPasswordIsAnAuthenticationError) {
  asio::io_context io;
  tcp::socket s(io);
  connect(s, first(required_env("KWIRE_BOOTSTRAP_SASL")));
  handshake hs(sasl_cfg(GetParam(), "not-the-password"));
  const auto a = run(s, hs);
  ASSERT_EQ(a.type, kind::failed);
  EXPECT_EQ(a.ec, broker_errc::sasl_authentication_failed) << a.detail;
  EXPECT_TRUE(a.detail.find(std::string("SASL ") + GetParam() + " authentication failed") != std::string::npos)
      << a.detail;
  std::cout << "[ info ] " << a.detail << "\n";
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, AuthBrokerSasl, testing::Values("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(AuthBroker, OauthbearerIsNotEnabledOnTheTestListener) {
  // tools/broker enables PLAIN and both SCRAMs only; the refusal must name them.
  asio::io_context io;
  tcp::socket s(io);
  connect(s, first(required_env("KWIRE_BOOTSTRAP_SASL")));
  auto cfg = sasl_cfg("OAUTHBEARER", "");
  cfg.sasl.token_callback = [](net::oauth_token& t) {
    t.value = "unused";
    return std::error_code();
  };
  handshake hs(cfg);
  const auto a = run(s, hs);
  ASSERT_EQ(a.type, kind::failed);
  EXPECT_EQ(a.ec, broker_errc::unsupported_sasl_mechanism);
  EXPECT_NE(a.detail.find("does not enable SASL mechanism OAUTHBEARER; it offers: "), std::string::npos) << a.detail;
  for (const char* offered : {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    EXPECT_NE(a.detail.find(offered), std::string::npos) << a.detail;
}

// ---- TLS --------------------------------------------------------------------------------------

struct tls_outcome {
  boost::system::error_code ec;
  std::string detail;
  handshake::action kafka;
};

tls_outcome tls_connect(const std::string& ca_file, const std::string& verify_as, net::tls_config cfg = {}) {
  tls_outcome out;
  cfg.ca_file = ca_file;
  std::error_code ec;
  std::string detail;
  auto ctx = net::make_tls_context(cfg, ec, detail);
  EXPECT_TRUE(ctx) << detail;
  if (!ctx) return out;
  asio::io_context io;
  asio::ssl::stream<tcp::socket> stream(io, *ctx);
  connect(stream.next_layer(), first(required_env("KWIRE_BOOTSTRAP_SSL")));
  EXPECT_TRUE(net::prepare_tls_peer(stream, verify_as, true, ec, detail)) << detail;
  stream.handshake(asio::ssl::stream_base::client, out.ec);
  if (out.ec) {
    out.detail = net::tls_failure_detail(stream, out.ec);
    return out;
  }
  handshake hs(net::connection_config{});
  out.kafka = run(stream, hs);
  return out;
}

TEST(AuthBrokerTls, GoodCaAndAddress) {
  // The broker certificate carries SAN IP:127.0.0.1 and DNS:localhost (tools/broker make_tls).
  const auto ip = split(first(required_env("KWIRE_BOOTSTRAP_SSL"))).host;
  for (const auto& name : {ip, std::string("localhost")}) {
    SCOPED_TRACE(name);
    const auto r = tls_connect(required_env("KWIRE_CA_FILE"), name);
    ASSERT_FALSE(r.ec) << r.detail;
    EXPECT_EQ(r.kafka.type, kind::done) << r.kafka.detail;
  }
}

TEST(AuthBrokerTls, WrongCaIsAVerificationError) {
  const auto r = tls_connect(required_env("KWIRE_WRONG_CA_FILE"), "127.0.0.1");
  ASSERT_TRUE(r.ec);
  EXPECT_NE(r.detail.find("certificate verify failed"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("certificate verification: "), std::string::npos) << r.detail;
  std::cout << "[ info ] " << r.detail << "\n";
}

TEST(AuthBrokerTls, WrongHostNameIsAVerificationError) {
  for (const char* name : {"broker.example.com", "127.0.0.2"}) {
    const auto r = tls_connect(required_env("KWIRE_CA_FILE"), name);
    ASSERT_TRUE(r.ec) << name;
    EXPECT_NE(r.detail.find("mismatch"), std::string::npos) << r.detail;
    std::cout << "[ info ] " << name << ": " << r.detail << "\n";
  }
}

TEST(AuthBrokerTls, ClientCertificate) {
  // The SSL listener has ssl.client.auth=requested: a certificate signed by the CA it trusts is
  // accepted, an unknown one refused. tools/broker keeps that CA's key in tls/ca.p12 under its
  // store password.
  const auto tls_dir = required_env("KWIRE_BROKER_RUN_DIR") + "/tls";
  test::pkey_ptr ca_key;
  test::x509_ptr ca;
  ASSERT_TRUE(test::read_p12(tls_dir + "/ca.p12", "kwire-store", ca_key, ca)) << tls_dir << "/ca.p12";
  auto key = test::new_key();
  auto signed_cert = test::new_cert(key.get(), "kwire-client", ca.get(), ca_key.get(), 1001);
  auto self_signed = test::new_cert(key.get(), "kwire-stranger", nullptr, nullptr, 1002);
  net::tls_config cfg;
  cfg.certificate_file = test::temp_path("client.pem");
  cfg.private_key_file = test::temp_path("client.key");
  cfg.private_key_password = "client-pass";
  ASSERT_TRUE(test::write_key(cfg.private_key_file, key.get(), cfg.private_key_password));

  ASSERT_TRUE(test::write_cert(cfg.certificate_file, signed_cert.get()));
  {
    const auto r = tls_connect(required_env("KWIRE_CA_FILE"), "127.0.0.1", cfg);
    ASSERT_FALSE(r.ec) << r.detail;
    EXPECT_EQ(r.kafka.type, kind::done) << r.kafka.detail;
  }
  ASSERT_TRUE(test::write_cert(cfg.certificate_file, self_signed.get()));
  {
    // TLS 1.3 reports the server's refusal of a client certificate after the client's side of
    // the handshake completed, so it surfaces on the first read.
    tls_outcome r;
    try {
      r = tls_connect(required_env("KWIRE_CA_FILE"), "127.0.0.1", cfg);
    } catch (const boost::system::system_error& e) {
      r.ec = e.code();
      r.detail = e.what();
    }
    EXPECT_TRUE(r.ec || r.kafka.type != kind::done) << "an unknown client certificate was accepted";
    std::cout << "[ info ] unknown client certificate: " << (r.ec ? r.detail : r.kafka.detail) << "\n";
  }
}

}  // namespace
