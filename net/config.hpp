#pragma once
// Typed settings of net/. Nothing here parses text: client/ maps the Java-named properties
// (`request.timeout.ms`, `sasl.mechanism`, ...) onto these structs and validates them, so net/
// only ever sees values that were already checked. Defaults are the Java client's.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>

#include <kwire/protocol/api.hpp>

namespace kwire::net {

using std::chrono::milliseconds;

// security.protocol
enum class security_protocol { plaintext, ssl, sasl_plaintext, sasl_ssl };

inline bool uses_tls(security_protocol p) {
  return p == security_protocol::ssl || p == security_protocol::sasl_ssl;
}
inline bool uses_sasl(security_protocol p) {
  return p == security_protocol::sasl_plaintext || p == security_protocol::sasl_ssl;
}

// How a key store or trust store is held: PEM (files or text) or a PKCS#12 file with a password,
// as Java's keytool writes them (ssl.keystore.type / ssl.truststore.type).
enum class store_type { pem, pkcs12 };

// ssl.* keys. Each source is optional; client/config allows one per role.
struct tls_config {
  // Whom to trust. ca_pem (ssl.truststore.certificates: the certificates as PEM text) wins;
  // else ca_file (ssl.truststore.location / ssl.ca.location) as truststore_type says; else the
  // system store.
  std::string ca_file;
  store_type truststore_type = store_type::pem;
  std::string truststore_password;     // ssl.truststore.password (PKCS#12 only)
  std::string ca_pem;
  bool verify_hostname = true;         // ssl.endpoint.identification.algorithm=https (Java default)
  // The client certificate (mTLS), optional. One of: a PKCS#12 key store (keystore_file with
  // keystore_type pkcs12: key, certificate, chain); PEM text (certificate_pem and
  // private_key_pem: ssl.keystore.certificate.chain / ssl.keystore.key); PEM files
  // (certificate_file and private_key_file, the same file when it holds both).
  store_type keystore_type = store_type::pem;
  std::string keystore_file;           // ssl.keystore.location when keystore_type is pkcs12
  std::string keystore_password;       // ssl.keystore.password
  std::string certificate_pem;
  std::string private_key_pem;
  std::string certificate_file;
  std::string private_key_file;
  std::string private_key_password;    // ssl.key.password (an encrypted PEM key)
};

// An OAUTHBEARER token as a user's callback hands it over (KIP-255).
struct oauth_token {
  std::string value;                                // the compact JWS (or any bearer string)
  std::map<std::string, std::string> extensions;    // SASL extensions (KIP-342), optional
};
// Called on every (re-)authentication; an error aborts the handshake with that error.
using oauth_token_callback = std::function<std::error_code(oauth_token&)>;

class oauth_token_source;  // net/oauth.hpp: tokens from a token endpoint (KIP-768)

// sasl.* keys.
struct sasl_config {
  std::string mechanism = "PLAIN";     // PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER
  std::string username;
  std::string password;
  // OAUTHBEARER only, one of the two: the embedder's callback, or a token endpoint whose tokens
  // the connection fetches (without blocking its executor) before each (re-)authentication.
  oauth_token_callback token_callback;
  std::shared_ptr<oauth_token_source> token_source;
};

enum class log_level { trace, debug, info, warn, error };
using log_callback = std::function<void(log_level, const std::string&)>;

// What one connection to one broker needs.
struct connection_config {
  std::string client_id = "kwire";                       // client.id
  std::string software_name = "kwire";                   // client.software.name (KIP-511)
  std::string software_version = "0.1.0";                // client.software.version
  milliseconds request_timeout{30000};                   // request.timeout.ms
  milliseconds connection_setup_timeout{10000};          // socket.connection.setup.timeout.ms
  milliseconds connections_max_idle{540000};             // connections.max.idle.ms
  milliseconds reconnect_backoff{50};                    // reconnect.backoff.ms
  milliseconds reconnect_backoff_max{1000};              // reconnect.backoff.max.ms
  int max_in_flight = 5;                                 // max.in.flight.requests.per.connection
  security_protocol security = security_protocol::plaintext;
  tls_config tls;
  sasl_config sasl;
  // Highest version to use per API (a user pin); absent = the highest both sides speak.
  std::map<protocol::api_key, std::int16_t> version_pins;
  log_callback log;                                      // null = silent
};

// metadata.recovery.strategy (KIP-899): what the cluster does when no broker it learned from
// the metadata answers any more. none: keep trying them; rebootstrap: go back to
// bootstrap.servers (see net/rebootstrap.hpp). Java's default since Kafka 4.0 is rebootstrap.
enum class metadata_recovery { none, rebootstrap };

// What the cluster layer adds.
struct cluster_config {
  std::string bootstrap_servers;                         // bootstrap.servers, "host:port,..."
  milliseconds metadata_max_age{300000};                 // metadata.max.age.ms
  milliseconds retry_backoff{100};                       // retry.backoff.ms
  metadata_recovery recovery = metadata_recovery::rebootstrap;  // metadata.recovery.strategy
  milliseconds rebootstrap_trigger{300000};              // metadata.recovery.rebootstrap.trigger.ms (KIP-1102)
  connection_config connection;
};

}  // namespace kwire::net
