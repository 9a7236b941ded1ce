// The TLS context factory and the per-stream peer setup, without a broker: every bad file gets
// an error naming it; a client certificate with an encrypted key loads with the right password
// only; SNI is set for DNS names and never for IP literals.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <kwire/net/tls.hpp>
#include <kwire/protocol/client_errc.hpp>
#include "tests/net/test_certs.hpp"

namespace {

using namespace kwire;

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

struct files {
  std::string ca, cert, key, other_key;
};

// A CA, a client certificate it signs with a password-protected key, and an unrelated key.
const files& made() {
  static const files f = [] {
    files out{test::temp_path("ca.pem"), test::temp_path("client.pem"), test::temp_path("client.key"),
              test::temp_path("other.key")};
    auto ca_key = test::new_key();
    auto ca = test::new_cert(ca_key.get(), "test CA", nullptr, nullptr, 1);
    auto key = test::new_key();
    auto cert = test::new_cert(key.get(), "client", ca.get(), ca_key.get(), 2);
    EXPECT_TRUE(test::write_cert(out.ca, ca.get()));
    EXPECT_TRUE(test::write_cert(out.cert, cert.get()));
    EXPECT_TRUE(test::write_key(out.key, key.get(), "s3cret"));
    EXPECT_TRUE(test::write_key(out.other_key, test::new_key().get(), ""));
    return out;
  }();
  return f;
}

struct outcome {
  std::shared_ptr<boost::asio::ssl::context> ctx;
  std::error_code ec;
  std::string detail;
};

outcome make(const net::tls_config& cfg) {
  outcome o;
  o.ctx = net::make_tls_context(cfg, o.ec, o.detail);
  return o;
}

TEST(TlsContext, CaFileAndClientCertificate) {
  net::tls_config cfg;
  cfg.ca_file = made().ca;
  auto o = make(cfg);
  ASSERT_TRUE(o.ctx) << o.detail;
  EXPECT_FALSE(o.ec);
  EXPECT_EQ(SSL_CTX_get_min_proto_version(o.ctx->native_handle()), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_get_verify_mode(o.ctx->native_handle()), SSL_VERIFY_PEER);

  cfg.certificate_file = made().cert;
  cfg.private_key_file = made().key;
  cfg.private_key_password = "s3cret";
  o = make(cfg);
  ASSERT_TRUE(o.ctx) << o.detail;
  EXPECT_NE(SSL_CTX_get0_certificate(o.ctx->native_handle()), nullptr);
}

TEST(TlsContext, SystemStoreWhenNoCaFile) {
  auto o = make(net::tls_config{});
  EXPECT_TRUE(o.ctx) << o.detail;
}

TEST(TlsContext, BadFilesAreNamed) {
  const auto garbage = test::temp_path("garbage.pem");
  ASSERT_TRUE(test::write_text(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"));
  struct bad_case {
    const char* name;
    net::tls_config cfg;
    std::string expect_path;
    const char* expect;
  };
  const auto& f = made();
  const auto pem = [](std::string ca, std::string cert, std::string key, std::string password) {
    net::tls_config c;
    c.ca_file = std::move(ca);
    c.certificate_file = std::move(cert);
    c.private_key_file = std::move(key);
    c.private_key_password = std::move(password);
    return c;
  };
  const bad_case cases[] = {
      {"missing CA", {"/nonexistent/ca.pem"}, "/nonexistent/ca.pem", "does not exist"},
      {"CA is a directory", {"/tmp"}, "/tmp", "does not exist or is not a file"},
      {"garbage CA", {garbage}, garbage, "refused by OpenSSL"},
      {"cert without key", pem(f.ca, f.cert, "", ""), "ssl.keystore.key", "missing"},
      {"key without cert", pem(f.ca, "", f.key, "s3cret"), "ssl.keystore.certificate.chain", "missing"},
      {"missing cert", pem(f.ca, "/nonexistent/c.pem", f.key, "s3cret"), "/nonexistent/c.pem", "does not exist"},
      {"garbage cert", pem(f.ca, garbage, f.key, "s3cret"), garbage, "refused by OpenSSL"},
      {"wrong key password", pem(f.ca, f.cert, f.key, "wrong"), f.key, "ssl.key.password"},
      {"no key password", pem(f.ca, f.cert, f.key, ""), f.key, "refused by OpenSSL"},
      {"key of another cert", pem(f.ca, f.cert, f.other_key, ""), f.other_key, "does not match"},
  };
  for (const auto& c : cases) {
    auto o = make(c.cfg);
    EXPECT_FALSE(o.ctx) << c.name;
    EXPECT_EQ(o.ec, client_errc::invalid_config) << c.name;
    EXPECT_TRUE(has(o.detail, c.expect_path)) << c.name << ": " << o.detail;
    EXPECT_TRUE(has(o.detail, c.expect)) << c.name << ": " << o.detail;
  }
}

TEST(TlsPeer, SniForNamesOnlyAndHostnameCheckArmed) {
  auto o = make(net::tls_config{made().ca});
  ASSERT_TRUE(o.ctx);
  boost::asio::io_context io;
  struct want {
    const char* host;
    const char* sni;  // null: none
  };
  for (const auto& w : {want{"broker-1.example.com", "broker-1.example.com"}, want{"127.0.0.1", nullptr},
                        want{"::1", nullptr}, want{"localhost", "localhost"}}) {
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> s(io, *o.ctx);
    std::error_code ec;
    std::string detail;
    ASSERT_TRUE(net::prepare_tls_peer(s, w.host, true, ec, detail)) << w.host << ": " << detail;
    const char* sni = SSL_get_servername(s.native_handle(), TLSEXT_NAMETYPE_host_name);
    if (w.sni) {
      ASSERT_NE(sni, nullptr) << w.host;
      EXPECT_STREQ(sni, w.sni);
    } else {
      EXPECT_EQ(sni, nullptr) << w.host;
    }
    // The name to verify is armed in the stream's verify parameters.
    X509_VERIFY_PARAM* param = SSL_get0_param(s.native_handle());
    if (w.sni) {
      EXPECT_STREQ(X509_VERIFY_PARAM_get0_host(param, 0), w.host);
    } else {
      EXPECT_EQ(X509_VERIFY_PARAM_get0_host(param, 0), nullptr);
    }
  }
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> off(io, *o.ctx);
  std::error_code ec;
  std::string detail;
  ASSERT_TRUE(net::prepare_tls_peer(off, "broker.example.com", false, ec, detail));
  EXPECT_EQ(X509_VERIFY_PARAM_get0_host(SSL_get0_param(off.native_handle()), 0), nullptr);
}

}  // namespace
