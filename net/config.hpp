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

// ssl.* keys. Files are PEM.
struct tls_config {
  std::string ca_file;                 // ssl.truststore.location (PEM CA bundle); empty = system store
  bool verify_hostname = true;         // ssl.endpoint.identification.algorithm=https (Java default)
  std::string certificate_file;        // ssl.keystore.certificate.chain (client certificate, optional)
  std::string private_key_file;        // ssl.keystore.key
  std::string private_key_password;    // ssl.key.password
};

// An OAUTHBEARER token as a user's callback hands it over (KIP-255).
struct oauth_token {
  std::string value;                                // the compact JWS (or any bearer string)
  std::map<std::string, std::string> extensions;    // SASL extensions (KIP-342), optional
};
// Called on every (re-)authentication; an error aborts the handshake with that error.
using oauth_token_callback = std::function<std::error_code(oauth_token&)>;

// sasl.* keys.
struct sasl_config {
  std::string mechanism = "PLAIN";     // PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER
  std::string username;
  std::string password;
  oauth_token_callback token_callback; // OAUTHBEARER only
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

// What the cluster layer adds.
struct cluster_config {
  std::string bootstrap_servers;                         // bootstrap.servers, "host:port,..."
  milliseconds metadata_max_age{300000};                 // metadata.max.age.ms
  milliseconds retry_backoff{100};                       // retry.backoff.ms
  connection_config connection;
};

}  // namespace kwire::net
