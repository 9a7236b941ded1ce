#pragma once
// TLS through OpenSSL (Boost.Asio ssl): one client context per configuration, and per stream the
// peer's name for SNI and certificate verification. Verification failures are explained with
// OpenSSL's verify result ("unable to get local issuer certificate", "hostname mismatch"), not
// only Asio's generic "certificate verify failed".

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/system/error_code.hpp>
#include <memory>
#include <string>
#include <system_error>

#include <kwire/net/config.hpp>

namespace kwire::net {

// A TLS 1.2+ client context that verifies the peer against cfg.ca_file (or the system store when
// empty) and presents cfg.certificate_file / private_key_file when given. Null with
// ec = client_errc::invalid_config and a detail naming the file and OpenSSL's reason on failure.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const tls_config& cfg, std::error_code& ec,
                                                            std::string& detail);

// Sets SNI (for DNS names only: RFC 6066 forbids IP literals there) and, with verify_hostname,
// makes OpenSSL check the certificate's SAN (DNS or IP, as `host` is) during the handshake.
// Call before async_handshake. False with ec/detail if OpenSSL refuses the name.
// (OpenSSL's own X509_VERIFY_PARAM check rather than Asio's host_name_verification callback:
// same check, but a mismatch is then recorded as the verify result that tls_failure_detail reads,
// "hostname mismatch" / "IP address mismatch", instead of a bare "certificate verify failed".)
bool prepare_tls_peer(SSL* ssl, const std::string& host, bool verify_hostname, std::error_code& ec,
                      std::string& detail);

template <class NextLayer>
bool prepare_tls_peer(boost::asio::ssl::stream<NextLayer>& stream, const std::string& host,
                      bool verify_hostname, std::error_code& ec, std::string& detail) {
  return prepare_tls_peer(stream.native_handle(), host, verify_hostname, ec, detail);
}

// A readable reason for a failed TLS handshake (or a failed first read: TLS 1.3 servers report
// a refused client certificate only then): Asio's message plus, when certificate verification
// failed, OpenSSL's verify result, e.g. "certificate verify failed (SSL routines) (certificate
// verification: hostname mismatch)". The caller adds which peer and step.
std::string tls_failure_detail(SSL* ssl, const boost::system::error_code& ec);

template <class NextLayer>
std::string tls_failure_detail(boost::asio::ssl::stream<NextLayer>& stream, const boost::system::error_code& ec) {
  return tls_failure_detail(stream.native_handle(), ec);
}

}  // namespace kwire::net
