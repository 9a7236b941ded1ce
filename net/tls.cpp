#include <kwire/net/tls.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {
namespace {

namespace ssl = boost::asio::ssl;

// The reason OpenSSL gives for the most recent failure (its error queue), or Asio's message.
std::string openssl_reason(const boost::system::error_code& ec) {
  std::string out;
  while (const auto e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out = buf;  // the last entry is usually the most specific
  }
  if (out.empty() && ec) out = ec.message();
  return out.empty() ? "unknown OpenSSL error" : out;
}

// Names the file and its problem before OpenSSL does, since "no such file" is the common case
// and OpenSSL's wording for it ("system library") is obscure.
bool readable(const std::string& what, const std::string& path, std::error_code& ec, std::string& detail) {
  std::error_code fs;
  if (!std::filesystem::is_regular_file(path, fs)) {
    ec = client_errc::invalid_config;
    detail = what + " '" + path + "' does not exist or is not a file";
    return false;
  }
  if (!std::ifstream(path)) {
    ec = client_errc::invalid_config;
    detail = what + " '" + path + "' cannot be read";
    return false;
  }
  return true;
}

bool check(const boost::system::error_code& bec, const std::string& what, const std::string& path,
           std::error_code& ec, std::string& detail) {
  if (!bec) return true;
  ec = client_errc::invalid_config;
  detail = what + " '" + path + "' was refused by OpenSSL: " + openssl_reason(bec);
  return false;
}

// OpenSSL's PEM password callback: copies the configured password (no prompt, ever).
int key_password(char* buf, int size, int, void* user) {
  const auto& password = *static_cast<const std::string*>(user);
  if (password.size() > static_cast<std::size_t>(size)) return -1;
  std::memcpy(buf, password.data(), password.size());
  return static_cast<int>(password.size());
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const tls_config& cfg, std::error_code& ec, std::string& detail) {
  ERR_clear_error();
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  // TLS 1.2 is the oldest version Kafka's brokers still enable by default (ssl.enabled.protocols).
  if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1) {
    ec = client_errc::invalid_config;
    detail = "TLS: OpenSSL refused TLS 1.2 as the minimum version: " + openssl_reason({});
    return nullptr;
  }
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression);
  ctx->set_verify_mode(ssl::verify_peer);
  boost::system::error_code bec;
  if (cfg.ca_file.empty()) {
    ctx->set_default_verify_paths(bec);
    if (!check(bec, "the system CA store", "default paths", ec, detail)) return nullptr;
  } else {
    if (!readable("CA file (ssl.truststore.location)", cfg.ca_file, ec, detail)) return nullptr;
    ctx->load_verify_file(cfg.ca_file, bec);
    if (!check(bec, "CA file (ssl.truststore.location)", cfg.ca_file, ec, detail)) return nullptr;
  }
  if (cfg.certificate_file.empty() != cfg.private_key_file.empty()) {
    ec = client_errc::invalid_config;
    detail = "TLS: a client certificate needs both ssl.keystore.certificate.chain and ssl.keystore.key (" +
             std::string(cfg.certificate_file.empty() ? "certificate" : "key") + " missing)";
    return nullptr;
  }
  if (!cfg.certificate_file.empty()) {
    if (!readable("client certificate (ssl.keystore.certificate.chain)", cfg.certificate_file, ec, detail))
      return nullptr;
    if (!readable("private key (ssl.keystore.key)", cfg.private_key_file, ec, detail)) return nullptr;
    ctx->use_certificate_chain_file(cfg.certificate_file, bec);
    if (!check(bec, "client certificate (ssl.keystore.certificate.chain)", cfg.certificate_file, ec, detail))
      return nullptr;
    // The key is read here rather than by Asio so that a wrong password and a key of another
    // certificate get different messages (and OpenSSL never prompts on a terminal).
    FILE* f = std::fopen(cfg.private_key_file.c_str(), "r");
    EVP_PKEY* key = f ? PEM_read_PrivateKey(f, nullptr, key_password, const_cast<std::string*>(&cfg.private_key_password))
                      : nullptr;
    if (f) std::fclose(f);
    if (!key) {
      ec = client_errc::invalid_config;
      detail = "private key (ssl.keystore.key) '" + cfg.private_key_file + "' was refused by OpenSSL" +
               (cfg.private_key_password.empty() ? "" : " (wrong ssl.key.password?)") + ": " + openssl_reason({});
      return nullptr;
    }
    const int used = SSL_CTX_use_PrivateKey(ctx->native_handle(), key);
    EVP_PKEY_free(key);
    if (used != 1 || SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      ERR_clear_error();
      ec = client_errc::invalid_config;
      detail = "TLS: the private key '" + cfg.private_key_file + "' does not match the certificate '" +
               cfg.certificate_file + "'";
      return nullptr;
    }
  }
  ec.clear();
  return ctx;
}

bool prepare_tls_peer(SSL* ssl, const std::string& host, bool verify_hostname, std::error_code& ec,
                      std::string& detail) {
  boost::system::error_code parse;
  const auto ip = boost::asio::ip::make_address(host, parse);
  const bool is_ip = !parse;
  if (!is_ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    ec = client_errc::invalid_config;
    detail = "TLS: OpenSSL refused '" + host + "' as the server name (SNI)";
    return false;
  }
  if (!verify_hostname) return true;
  // OpenSSL checks the name against the certificate during the handshake, so a mismatch fails
  // the handshake itself with X509_V_ERR_HOSTNAME_MISMATCH / IP_ADDRESS_MISMATCH.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, ip.to_string().c_str())
                       : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  if (ok != 1) {
    ec = client_errc::invalid_config;
    detail = "TLS: OpenSSL refused '" + host + "' as the name to verify";
    return false;
  }
  return true;
}

std::string tls_failure_detail(SSL* ssl, const boost::system::error_code& ec) {
  std::string out = ec.message();
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) out += std::string(" (certificate verification: ") + X509_verify_cert_error_string(verify) + ")";
  return out;
}

}  // namespace kwire::net
