#pragma once
// SASL mechanisms as small sans-I/O objects: the handshake (net/handshake.hpp) hands each one
// the server's bytes from a SaslAuthenticate response and sends what it returns. The client
// speaks first in every mechanism Kafka offers, so start() always yields the first message.
//
//   PLAIN        RFC 4616: one message, "authzid NUL authcid NUL password" (empty authzid).
//   SCRAM-SHA-*  RFC 5802 / RFC 7677: client-first, server-first, client-final, server-final;
//                the server's signature is verified before the exchange counts as done.
//   OAUTHBEARER  RFC 7628 / KIP-255: the user's callback supplies the token (and KIP-342
//                extensions); an error challenge from the broker is answered with 0x01 and
//                the exchange fails with the broker's message (RFC 7628 §3.2.3).

#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include <kwire/net/config.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::net {

struct sasl_step {
  enum class kind { send, done, failed } type = kind::failed;
  protocol::bytes out;  // send: the next client message
  std::error_code ec;   // failed
  std::string detail;   // failed
};

class sasl_mechanism {
 public:
  virtual ~sasl_mechanism() = default;
  virtual std::string_view name() const = 0;
  // The first client message (or failed, e.g. the token callback refused).
  virtual sasl_step start() = 0;
  // The server's bytes from a successful (error code 0) SaslAuthenticate response.
  virtual sasl_step on_challenge(protocol::byte_view server) = 0;
  // What the mechanism learnt that explains a failure the broker reports next (e.g. the
  // OAUTHBEARER error challenge); empty when nothing.
  virtual std::string failure_context() const { return {}; }
};

// A mechanism for cfg.mechanism, or null with ec/detail when the name or settings are bad.
std::unique_ptr<sasl_mechanism> make_sasl_mechanism(const sasl_config& cfg, std::error_code& ec,
                                                    std::string& detail);

std::unique_ptr<sasl_mechanism> make_plain(std::string username, std::string password);

enum class scram_hash { sha256, sha512 };
// `client_nonce` empty = a fresh random one (tests inject a fixed nonce for RFC vectors). The
// nonce must be printable ASCII without ','.
std::unique_ptr<sasl_mechanism> make_scram(scram_hash hash, std::string username, std::string password,
                                           std::string client_nonce = {});

// A SCRAM credential as the broker stores it (what AlterUserScramCredentials sends): the
// salted password Hi(password, salt, iterations) of RFC 5802, i.e. PBKDF2 with the hash's HMAC,
// as Kafka's ScramFormatter.saltedPassword computes it; empty when OpenSSL fails.
protocol::bytes scram_salted_password(scram_hash hash, std::string_view password, protocol::byte_view salt,
                                      int iterations);
// `n` bytes from OpenSSL's RAND_bytes (a CSPRNG); empty when it fails.
protocol::bytes secure_random_bytes(std::size_t n);

std::unique_ptr<sasl_mechanism> make_oauthbearer(oauth_token_callback callback);

// Strict base64 (RFC 4648 §4, with padding), as SCRAM uses it. decode: false on any bad
// character, wrong padding or a length that is not a multiple of 4.
std::string base64_encode(protocol::byte_view in);
bool base64_decode(std::string_view in, protocol::bytes& out);

}  // namespace kwire::net
