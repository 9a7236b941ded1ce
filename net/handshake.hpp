#pragma once
// The conversation a connection has before it carries requests, as a sans-I/O state machine:
// ApiVersions (with the UNSUPPORTED_VERSION fallback), then, for SASL listeners, SaslHandshake
// and SaslAuthenticate rounds driven by a mechanism from net/sasl.hpp. The same machine runs a
// KIP-368 re-authentication on a live connection (SASL steps only). One Asio composed operation
// in net/connection_session.cpp drives it; the tests drive it with scripted bytes.
//
// Differences from the sketch in the net/ plan (briefs/net.md), on purpose:
// - action::kind has no `read`: every request the handshake writes gets exactly one response
//   (SaslHandshake v1+ frames all SASL tokens as Kafka requests), so `write` means "write this
//   frame, then read one response frame and hand it to on_frame()".
// - The constructors take the first correlation id to use; a re-authentication must continue the
//   live connection's sequence, so there it is a required argument.
// - use_mechanism() lets a test inject a mechanism (SCRAM with a fixed nonce).
//
// Driver loop:
//   auto a = hs.start();
//   while (a.type == handshake::action::kind::write) {
//     write(a.frame);                          // a.frame includes the 4-byte size prefix
//     frame = read one response (size prefix stripped);
//     a = hs.on_frame(frame);
//   }
//   a.type == done: hs.versions(), hs.session_lifetime(), hs.next_correlation_id()
//   a.type == failed: a.ec + a.detail

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <kwire/net/config.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::net {

class sasl_mechanism;  // net/sasl.hpp

// Selects the re-authentication constructor.
struct reauth_tag {
  explicit reauth_tag() = default;
};
inline constexpr reauth_tag reauth{};

class handshake {
 public:
  struct action {
    enum class kind { write, done, failed } type = kind::failed;
    protocol::byte_view frame;  // write: one complete request frame incl. the 4-byte size;
                                // valid until the next call on the handshake
    std::error_code ec;         // failed
    std::string detail;         // failed: human-readable (API, mechanism, broker message)
  };

  // Full handshake on a fresh connection.
  explicit handshake(const connection_config& cfg, std::int32_t first_correlation_id = 0);
  // Re-authentication (KIP-368) on a live connection whose broker versions are known: skips
  // ApiVersions. `next_correlation_id` continues the connection's own sequence.
  handshake(const connection_config& cfg, const protocol::api_versions_response& known, reauth_tag,
            std::int32_t next_correlation_id);
  ~handshake();
  handshake(handshake&&) noexcept;
  handshake& operator=(handshake&&) noexcept;

  // Tests: use this mechanism instead of one made from cfg.sasl. Call before start().
  void use_mechanism(std::unique_ptr<sasl_mechanism> mechanism);

  action start();                              // first action (a write, or failed on bad config)
  action on_frame(protocol::byte_view frame);  // one complete response frame WITHOUT the size prefix

  const protocol::api_versions_response& versions() const { return versions_; }  // after done
  // KIP-368: the broker's session lifetime from the last SaslAuthenticate (v1+); absent when
  // it sent 0 (connections.max.reauth.ms unset) or the listener has no SASL.
  std::optional<std::chrono::milliseconds> session_lifetime() const { return session_lifetime_; }
  std::int32_t next_correlation_id() const { return next_correlation_id_; }
  // The correlation id of the request whose response on_frame() waits for (-1 when none).
  // During a re-authentication the connection routes only this id's frame here.
  std::int32_t awaited_correlation_id() const { return awaited_correlation_id_; }

 private:
  enum class state { initial, api_versions, sasl_handshake, sasl_authenticate, done, failed };

  action fail(std::error_code ec, std::string detail);
  action send_api_versions(std::int16_t version);
  action begin_sasl();
  action send_sasl_authenticate(const protocol::bytes& token);
  action on_api_versions(protocol::byte_view body);
  action on_sasl_handshake(protocol::byte_view body);
  action on_sasl_authenticate(protocol::byte_view body);
  template <class Req>
  action write(const Req& req, std::int16_t version);

  connection_config cfg_;
  std::unique_ptr<sasl_mechanism> mechanism_;
  state state_ = state::initial;
  bool reauth_ = false;
  bool fell_back_ = false;          // ApiVersions already retried at the broker's version
  std::int16_t sent_version_ = -1;  // version of the request awaiting its response
  std::int16_t sasl_auth_version_ = -1;
  int sasl_rounds_ = 0;
  std::int32_t next_correlation_id_ = 0;
  std::int32_t awaited_correlation_id_ = -1;
  protocol::bytes out_;
  protocol::api_versions_response versions_;
  std::optional<std::chrono::milliseconds> session_lifetime_;
};

// When to re-authenticate a session of `lifetime`: at a random 85-95% of it, as the Java client
// does, so that many connections opened together do not all re-authenticate at once.
// `unit_random` is uniform in [0, 1).
std::chrono::milliseconds reauthentication_delay(std::chrono::milliseconds lifetime, double unit_random);

}  // namespace kwire::net
