#pragma once
// Keys and certificates made at test time with OpenSSL (EC P-256, fast to generate), written as
// PEM files under TEST_TMPDIR, for the TLS context tests and the client-certificate broker test.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace kwire::test {

struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct x509_free {
  void operator()(X509* x) const { X509_free(x); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;

inline std::string temp_path(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

inline pkey_ptr new_key() { return pkey_ptr(EVP_EC_gen("P-256")); }

// A certificate for `key` named CN=`cn`, signed by `issuer_key` (self-signed when `issuer` is null).
inline x509_ptr new_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key, long serial) {
  x509_ptr x(X509_new());
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 3600);
  X509_set_pubkey(x.get(), key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(x.get()));
  X509_sign(x.get(), issuer_key ? issuer_key : key, EVP_sha256());
  return x;
}

inline bool write_cert(const std::string& path, X509* x) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  const bool ok = PEM_write_X509(f, x) == 1;
  std::fclose(f);
  return ok;
}

// PEM private key, encrypted with AES-256-CBC when `password` is not empty.
inline bool write_key(const std::string& path, EVP_PKEY* k, const std::string& password) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  const bool ok =
      password.empty()
          ? PEM_write_PrivateKey(f, k, nullptr, nullptr, 0, nullptr, nullptr) == 1
          : PEM_write_PKCS8PrivateKey(f, k, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                      const_cast<char*>(password.c_str())) == 1;
  std::fclose(f);
  return ok;
}

inline bool write_text(const std::string& path, const std::string& text) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return true;
}

// The CA key and certificate from a PKCS#12 store (tools/broker's ca.p12).
inline bool read_p12(const std::string& path, const std::string& password, pkey_ptr& key, x509_ptr& cert) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  PKCS12* p12 = d2i_PKCS12_fp(f, nullptr);
  std::fclose(f);
  if (!p12) return false;
  EVP_PKEY* k = nullptr;
  X509* c = nullptr;
  const bool ok = PKCS12_parse(p12, password.c_str(), &k, &c, nullptr) == 1;
  PKCS12_free(p12);
  key.reset(k);
  cert.reset(c);
  return ok && k && c;
}

}  // namespace kwire::test
