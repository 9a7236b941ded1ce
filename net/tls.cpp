#include <kwire/net/tls.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
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


// Owners of the OpenSSL objects read below.
struct pkey_free { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct x509_free { void operator()(X509* x) const { X509_free(x); } };
struct chain_free { void operator()(STACK_OF(X509)* s) const { sk_X509_pop_free(s, X509_free); } };
struct bio_free { void operator()(BIO* b) const { BIO_free(b); } };
struct p12_free { void operator()(PKCS12* p) const { PKCS12_free(p); } };
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using chain_ptr = std::unique_ptr<STACK_OF(X509), chain_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

bool fail(std::error_code& ec, std::string& detail, std::string what) {
  ec = client_errc::invalid_config;
  detail = std::move(what);
  return false;
}

// What a key store or trust store held.
struct store_contents {
  pkey_ptr key;
  x509_ptr cert;   // the key's certificate (PKCS#12), or the first PEM certificate
  chain_ptr more;  // the other certificates
};

// Every certificate of PEM text (`what` names its key in messages).
bool read_pem_certificates(const std::string& pem, const std::string& what, store_contents& out, std::error_code& ec,
                           std::string& detail) {
  bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  out.more.reset(sk_X509_new_null());
  if (!bio || !out.more) return fail(ec, detail, what + ": out of memory");
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    if (!out.cert) out.cert.reset(x);
    else sk_X509_push(out.more.get(), x);
  }
  ERR_clear_error();  // the loop ends on "no start line"
  if (!out.cert) return fail(ec, detail, what + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  return true;
}

// A PKCS#12 file as keytool or `openssl pkcs12 -export` write it. The password opens both the
// integrity MAC and the encrypted bags; a wrong one is named as such, and a file of another
// kind (a JKS store, a PEM file) as not PKCS#12.
bool read_pkcs12(const std::string& path, const std::string& password, const std::string& what,
                 const std::string& password_key, store_contents& out, std::error_code& ec, std::string& detail) {
  if (!readable(what, path, ec, detail)) return false;
  bio_ptr bio(BIO_new_file(path.c_str(), "rb"));
  if (!bio) return fail(ec, detail, what + " '" + path + "' cannot be opened: " + openssl_reason({}));
  std::unique_ptr<PKCS12, p12_free> p12(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!p12) {
    ERR_clear_error();
    return fail(ec, detail, what + " '" + path + "' is not a PKCS#12 file (a JKS store? convert it with " +
                               "keytool -importkeystore -deststoretype PKCS12)");
  }
  // keytool writes stores without a password without a MAC; OpenSSL takes an empty password
  // as either "" or none.
  const char* pw = password.c_str();
  if (PKCS12_mac_present(p12.get())) {
    if (PKCS12_verify_mac(p12.get(), pw, -1) != 1) {
      if (!password.empty() || PKCS12_verify_mac(p12.get(), nullptr, 0) != 1) {
        ERR_clear_error();
        return fail(ec, detail,
                    what + " '" + path + "': wrong " + password_key +
                        (password.empty() ? " (none was given)" : "") + ": the file's integrity check (MAC) fails with it");
      }
      pw = nullptr;
    }
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* more = nullptr;
  if (PKCS12_parse(p12.get(), pw, &key, &cert, &more) != 1)
    return fail(ec, detail, what + " '" + path + "' was refused by OpenSSL: " + openssl_reason({}));
  out.key.reset(key);
  out.cert.reset(cert);
  out.more.reset(more ? more : sk_X509_new_null());
  return true;
}

// Trusts every certificate of `in` (a trust store's entries).
bool trust_all(ssl::context& ctx, store_contents& in, const std::string& what, std::error_code& ec,
               std::string& detail) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx.native_handle());
  int added = 0;
  if (in.cert && X509_STORE_add_cert(store, in.cert.get()) == 1) ++added;
  for (int i = 0; in.more && i < sk_X509_num(in.more.get()); ++i)
    if (X509_STORE_add_cert(store, sk_X509_value(in.more.get(), i)) == 1) ++added;
  ERR_clear_error();
  if (added == 0) return fail(ec, detail, what + " holds no certificate to trust");
  return true;
}

// Presents `in` (a key, its certificate, the rest of the chain) as the client certificate.
bool use_key_pair(ssl::context& ctx, store_contents& in, const std::string& what, std::error_code& ec,
                  std::string& detail) {
  if (!in.key) return fail(ec, detail, what + " holds no private key");
  if (!in.cert) return fail(ec, detail, what + " holds no certificate for its private key");
  SSL_CTX* c = ctx.native_handle();
  if (SSL_CTX_use_certificate(c, in.cert.get()) != 1)
    return fail(ec, detail, what + ": OpenSSL refused the certificate: " + openssl_reason({}));
  for (int i = 0; in.more && i < sk_X509_num(in.more.get()); ++i)
    if (SSL_CTX_add1_chain_cert(c, sk_X509_value(in.more.get(), i)) != 1)
      return fail(ec, detail, what + ": OpenSSL refused a chain certificate: " + openssl_reason({}));
  if (SSL_CTX_use_PrivateKey(c, in.key.get()) != 1 || SSL_CTX_check_private_key(c) != 1) {
    ERR_clear_error();
    return fail(ec, detail, what + ": the private key does not match the certificate");
  }
  return true;
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
  if (!cfg.ca_pem.empty()) {
    store_contents trusted;
    const std::string what = "CA certificates (ssl.truststore.certificates)";
    if (!read_pem_certificates(cfg.ca_pem, what, trusted, ec, detail) || !trust_all(*ctx, trusted, what, ec, detail))
      return nullptr;
  } else if (!cfg.ca_file.empty() && cfg.truststore_type == store_type::pkcs12) {
    store_contents trusted;
    const std::string what = "PKCS#12 trust store (ssl.truststore.location)";
    if (!read_pkcs12(cfg.ca_file, cfg.truststore_password, what, "ssl.truststore.password", trusted, ec, detail) ||
        !trust_all(*ctx, trusted, what + " '" + cfg.ca_file + "'", ec, detail))
      return nullptr;
  } else if (cfg.ca_file.empty()) {
    ctx->set_default_verify_paths(bec);
    if (!check(bec, "the system CA store", "default paths", ec, detail)) return nullptr;
  } else {
    if (!readable("CA file (ssl.truststore.location)", cfg.ca_file, ec, detail)) return nullptr;
    ctx->load_verify_file(cfg.ca_file, bec);
    if (!check(bec, "CA file (ssl.truststore.location)", cfg.ca_file, ec, detail)) return nullptr;
  }
  if (cfg.keystore_type == store_type::pkcs12 && !cfg.keystore_file.empty()) {
    store_contents mine;
    const std::string what = "PKCS#12 key store (ssl.keystore.location)";
    if (!read_pkcs12(cfg.keystore_file, cfg.keystore_password, what, "ssl.keystore.password", mine, ec, detail) ||
        !use_key_pair(*ctx, mine, what + " '" + cfg.keystore_file + "'", ec, detail))
      return nullptr;
    ec.clear();
    return ctx;
  }
  if (!cfg.certificate_pem.empty() || !cfg.private_key_pem.empty()) {
    if (cfg.certificate_pem.empty() || cfg.private_key_pem.empty())
      return fail(ec, detail, std::string("TLS: a client certificate as PEM text needs both ") +
                                  "ssl.keystore.certificate.chain and ssl.keystore.key"),
             nullptr;
    store_contents mine;
    if (!read_pem_certificates(cfg.certificate_pem, "ssl.keystore.certificate.chain", mine, ec, detail))
      return nullptr;
    bio_ptr bio(BIO_new_mem_buf(cfg.private_key_pem.data(), static_cast<int>(cfg.private_key_pem.size())));
    mine.key.reset(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, key_password,
                                                 const_cast<std::string*>(&cfg.private_key_password))
                       : nullptr);
    if (!mine.key)
      return fail(ec, detail, "ssl.keystore.key was refused by OpenSSL" +
                                  std::string(cfg.private_key_password.empty() ? "" : " (wrong ssl.key.password?)") +
                                  ": " + openssl_reason({})),
             nullptr;
    if (!use_key_pair(*ctx, mine, "the client certificate (ssl.keystore.certificate.chain, ssl.keystore.key)", ec,
                      detail))
      return nullptr;
    ec.clear();
    return ctx;
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
  // An alert about a certificate comes from the broker about ours: name that, since OpenSSL's
  // wording ("tlsv13 alert certificate required") does not say whose certificate it was.
  if (ec.category() == boost::asio::error::get_ssl_category()) {
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
      case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
        out += SSL_get_certificate(ssl) ? " (the broker refused the client certificate)"
                                        : " (the broker requires a client certificate and none was configured: "
                                          "ssl.keystore.location, ssl.keystore.certificate.chain/key or "
                                          "ssl.certificate.location/ssl.key.location)";
        break;
      case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
      case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
      case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
      case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
      case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
      case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
        out += SSL_get_certificate(ssl)
                   ? " (the broker refused the client certificate: it does not trust its issuer, or it expired)"
                   : " (the broker requires a client certificate and none was configured)";
        break;
      default: break;
    }
  }
  return out;
}

}  // namespace kwire::net
