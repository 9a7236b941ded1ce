// The connection handshake (net/handshake.hpp: ApiVersions, SaslHandshake, SaslAuthenticate
// rounds) and the SASL mechanisms it drives (net/sasl.hpp: PLAIN, SCRAM-SHA-256/512,
// OAUTHBEARER), fed scripted server frames.
//   input = mode (1 byte), then server frames, each a 2-byte length and that many bytes, answered
//           one per request the handshake writes.
//   modes: 0 SCRAM-SHA-256, 1 SCRAM-SHA-512 (fixed client nonces, so that a scripted server-first
//   message can extend them), 2 PLAIN, 3 OAUTHBEARER, 4 no SASL, 5 a SCRAM-SHA-256
//   re-authentication, 6 the SCRAM-SHA-256 mechanism alone (server-first, then server-final).
// Properties: the machine ends in done or failed, never loops past the frames given, and a
// failure carries a detail.

#include <cstdint>
#include <string>

#include <kwire/net/handshake.hpp>
#include <kwire/net/sasl.hpp>
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace kwire;
using kind = net::handshake::action::kind;

// The client nonces of tests/net/sasl_test.cc's vectors (RFC 7677's for SHA-256, user "user",
// password "pencil"; Python's for SHA-512, "kwire", "kwire-secret"): the seeds replay them.
constexpr const char* nonce = "rOprNGfwEbeRWgbNEkqO";
constexpr const char* nonce512 = "fyko+d2lbbFgONRv9qkxdawL";

net::connection_config config(std::string mechanism) {
  net::connection_config cfg;
  cfg.security = net::security_protocol::sasl_plaintext;
  cfg.sasl.mechanism = std::move(mechanism);
  cfg.sasl.username = "user";
  cfg.sasl.password = "pencil";
  cfg.sasl.token_callback = [](net::oauth_token& t) {
    t.value = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJrd2lyZSJ9.";
    return std::error_code();
  };
  return cfg;
}

protocol::bytes frame(fuzz::input& in) {
  const auto v = in.take(in.u16());
  return protocol::bytes(v.begin(), v.end());  // exact size, for ASan
}

void mechanism_alone(fuzz::input& in) {
  auto m = net::make_scram(net::scram_hash::sha256, "user", "pencil", nonce);
  auto step = m->start();
  while (step.type == net::sasl_step::kind::send && !in.empty()) step = m->on_challenge(frame(in));
  KWIRE_FUZZ_CHECK(step.type != net::sasl_step::kind::failed || !step.detail.empty(), "a failure without a detail");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const int mode = in.u8() % 7;
  if (mode == 6) {
    mechanism_alone(in);
    return 0;
  }
  static const char* const mechanisms[] = {"SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN", "OAUTHBEARER", "", "SCRAM-SHA-256"};
  auto cfg = config(mechanisms[mode]);
  if (mode == 4) cfg.security = net::security_protocol::plaintext;
  protocol::api_versions_response known;
  known.api_keys = {{17, 0, 1, {}}, {18, 0, 4, {}}, {36, 0, 2, {}}};
  auto hs = mode == 5 ? net::handshake(cfg, known, net::reauth, 100) : net::handshake(cfg);
  if (mode == 0 || mode == 5) hs.use_mechanism(net::make_scram(net::scram_hash::sha256, "user", "pencil", nonce));
  if (mode == 1) hs.use_mechanism(net::make_scram(net::scram_hash::sha512, "kwire", "kwire-secret", nonce512));
  auto a = hs.start();
  int rounds = 0;
  while (a.type == kind::write && !in.empty()) {
    KWIRE_FUZZ_CHECK(a.frame.size() >= 4, "a request frame without its size");
    KWIRE_FUZZ_CHECK(++rounds < 1000, "the handshake goes on and on");
    a = hs.on_frame(frame(in));
  }
  KWIRE_FUZZ_CHECK(a.type != kind::failed || !a.detail.empty(), "a failure without a detail");
  return 0;
}
