// The connection handshake as a sans-I/O machine: scripted expect-write / feed-response
// sequences. Every request it writes is decoded back (header + body) and checked; every
// response is built with the real codec and fed from an exact-size buffer.

#include <gtest/gtest.h>

#include <kwire/net/handshake.hpp>
#include <kwire/net/sasl.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/sasl_authenticate.hpp>
#include <kwire/protocol/messages/sasl_handshake.hpp>
#include "tests/support/hex.hpp"

namespace {

using namespace kwire;
using net::handshake;
using protocol::api_key;
using protocol::bytes;
using kind = handshake::action::kind;
using test::contains;

bytes b(std::string_view s) { return bytes(s.begin(), s.end()); }

// A response frame (without size prefix) for `resp` at `version`.
template <class Resp>
bytes response(const Resp& resp, std::int16_t version, std::int32_t correlation_id) {
  bytes out;
  protocol::writer w(out);
  protocol::write_response_header(w, {correlation_id, {}}, protocol::response_header_version(Resp::api, version));
  const auto r = protocol::encode(resp, version, out);
  EXPECT_TRUE(r) << r.detail;
  return out;
}

// Decodes a request frame the handshake wrote; checks the size prefix and header.
template <class Req>
Req request(const handshake::action& a, std::int16_t version, std::int32_t correlation_id) {
  EXPECT_EQ(a.type, kind::write) << a.detail;
  Req req;
  if (a.type != kind::write) return req;
  protocol::reader r(a.frame);
  EXPECT_EQ(r.u32(), a.frame.size() - 4) << "size prefix";
  protocol::request_header h;
  protocol::read_request_header(r, h, protocol::request_header_version(Req::api, version));
  EXPECT_TRUE(r.ok()) << r.detail();
  EXPECT_EQ(h.key, Req::api);
  EXPECT_EQ(h.version, version);
  EXPECT_EQ(h.correlation_id, correlation_id);
  EXPECT_EQ(h.client_id, std::optional<std::string>("kwire"));
  const auto d = protocol::decode(a.frame.subspan(r.offset()), version, req);
  EXPECT_TRUE(d) << d.detail;
  return req;
}

using av = protocol::api_versions_response;
// The ApiVersions version a handshake opens with: kwire's newest.
const std::int16_t av_hi = protocol::info(protocol::api_key::api_versions).supported.hi;

av broker_versions(std::int16_t sasl_handshake_max = 1) {
  av v;
  v.api_keys = {{0, 3, 12, {}}, {3, 0, 13, {}}, {17, 0, sasl_handshake_max, {}}, {18, 0, av_hi, {}}, {36, 0, 2, {}}};
  return v;
}

net::connection_config sasl_cfg(std::string mechanism) {
  net::connection_config cfg;
  cfg.security = net::security_protocol::sasl_plaintext;
  cfg.sasl.mechanism = std::move(mechanism);
  cfg.sasl.username = "kwire";
  cfg.sasl.password = "kwire-secret";
  return cfg;
}

protocol::sasl_handshake_response handshake_ok(std::vector<std::string> mechs) {
  return {0, std::move(mechs), {}};
}

protocol::sasl_authenticate_response auth_ok(std::string_view bytes_, std::int64_t lifetime = 0) {
  protocol::sasl_authenticate_response r;
  r.error_message = std::nullopt;
  r.auth_bytes = b(bytes_);
  r.session_lifetime_ms = lifetime;
  return r;
}

// ---- plaintext ApiVersions --------------------------------------------------------------------

TEST(Handshake, ApiVersionsNewestSuccess) {
  net::connection_config cfg;
  cfg.software_version = "1.2.3-rc1";
  handshake hs(cfg);
  auto a = hs.start();
  const auto req = request<protocol::api_versions_request>(a, av_hi, 0);
  EXPECT_EQ(req.client_software_name, "kwire");
  EXPECT_EQ(req.client_software_version, "1.2.3-rc1");
  EXPECT_EQ(hs.awaited_correlation_id(), 0);
  const auto frame = response(broker_versions(), av_hi, 0);
  a = hs.on_frame(frame);
  ASSERT_EQ(a.type, kind::done) << a.detail;
  EXPECT_EQ(hs.versions(), broker_versions());
  EXPECT_EQ(hs.next_correlation_id(), 1);
  EXPECT_FALSE(hs.session_lifetime());
  // Nothing more is expected after done.
  EXPECT_EQ(hs.on_frame(frame).type, kind::failed);
}

TEST(Handshake, UnsupportedVersionFallsBackToBrokerRange) {
  handshake hs(net::connection_config{}, 7);
  request<protocol::api_versions_request>(hs.start(), av_hi, 7);
  // An old broker answers a v0 body with UNSUPPORTED_VERSION and its own ApiVersions range.
  av refusal;
  refusal.error_code = static_cast<std::int16_t>(broker_errc::unsupported_version);
  refusal.api_keys = {{18, 0, 2, {}}};
  auto a = hs.on_frame(response(refusal, 0, 7));
  const auto again = request<protocol::api_versions_request>(a, 2, 8);
  EXPECT_EQ(again.client_software_name, "");  // v2 has no software fields
  av v2;
  v2.api_keys = {{18, 0, 2, {}}, {3, 0, 9, {}}};
  a = hs.on_frame(response(v2, 2, 8));
  ASSERT_EQ(a.type, kind::done) << a.detail;
  EXPECT_EQ(hs.versions(), v2);
  EXPECT_EQ(hs.next_correlation_id(), 9);
}

TEST(Handshake, FallbackFailures) {
  av refusal;
  refusal.error_code = static_cast<std::int16_t>(broker_errc::unsupported_version);
  {  // no range listed
    handshake hs(net::connection_config{});
    hs.start();
    auto a = hs.on_frame(response(refusal, 0, 0));
    EXPECT_EQ(a.type, kind::failed);
    EXPECT_EQ(a.ec, broker_errc::unsupported_version);
    EXPECT_TRUE(contains(a.detail, "listed no ApiVersions range")) << a.detail;
  }
  {  // refused twice
    refusal.api_keys = {{18, 0, 2, {}}};
    handshake hs(net::connection_config{});
    hs.start();
    hs.on_frame(response(refusal, 0, 0));
    auto a = hs.on_frame(response(refusal, 0, 1));
    EXPECT_EQ(a.type, kind::failed);
    EXPECT_TRUE(contains(a.detail, "no version to fall back to")) << a.detail;
    EXPECT_TRUE(contains(a.detail, "broker v0-2")) << a.detail;
  }
  {  // refused although it claims our version
    refusal.api_keys = {{18, 0, av_hi, {}}};
    handshake hs(net::connection_config{});
    hs.start();
    auto a = hs.on_frame(response(refusal, 0, 0));
    EXPECT_EQ(a.type, kind::failed);
    EXPECT_TRUE(contains(a.detail, "refused ApiVersions v" + std::to_string(av_hi))) << a.detail;
  }
}

TEST(Handshake, ApiVersionsErrorAndBadConfig) {
  {
    handshake hs(net::connection_config{});
    hs.start();
    av err;
    err.error_code = static_cast<std::int16_t>(broker_errc::invalid_request);
    auto a = hs.on_frame(response(err, av_hi, 0));
    EXPECT_EQ(a.ec, broker_errc::invalid_request);
    EXPECT_TRUE(contains(a.detail, "ApiVersions refused")) << a.detail;
  }
  for (const char* bad : {"", "-kwire", "kwire ", "kw_ire"}) {
    net::connection_config cfg;
    cfg.software_name = bad;
    handshake hs(cfg);
    auto a = hs.start();
    EXPECT_EQ(a.type, kind::failed) << bad;
    EXPECT_EQ(a.ec, client_errc::invalid_config);
    EXPECT_TRUE(contains(a.detail, "client.software.name")) << a.detail;
  }
}

TEST(Handshake, VersionPinOnApiVersions) {
  net::connection_config cfg;
  cfg.version_pins[api_key::api_versions] = 3;
  handshake hs(cfg);
  request<protocol::api_versions_request>(hs.start(), 3, 0);
  EXPECT_EQ(hs.on_frame(response(broker_versions(), 3, 0)).type, kind::done);
}

// ---- SASL -----------------------------------------------------------------------------------

TEST(Handshake, SaslPlainSuccess) {
  handshake hs(sasl_cfg("PLAIN"));
  request<protocol::api_versions_request>(hs.start(), av_hi, 0);
  auto a = hs.on_frame(response(broker_versions(), av_hi, 0));
  EXPECT_EQ(request<protocol::sasl_handshake_request>(a, 1, 1).mechanism, "PLAIN");
  a = hs.on_frame(response(handshake_ok({"PLAIN", "SCRAM-SHA-256"}), 1, 1));
  EXPECT_EQ(request<protocol::sasl_authenticate_request>(a, 2, 2).auth_bytes, b(std::string("\0kwire\0kwire-secret", 19)));
  a = hs.on_frame(response(auth_ok(""), 2, 2));
  ASSERT_EQ(a.type, kind::done) << a.detail;
  EXPECT_FALSE(hs.session_lifetime());
  EXPECT_EQ(hs.next_correlation_id(), 3);
  EXPECT_EQ(hs.versions(), broker_versions());
}

// The scripted SCRAM-SHA-256 exchange of RFC 7677, wrapped in Kafka frames. Responses are
// returned so that the robustness tests below can replay them.
struct scram_script {
  std::vector<bytes> responses;
  handshake make() const {
    handshake hs(sasl_cfg("SCRAM-SHA-256"));
    hs.use_mechanism(net::make_scram(net::scram_hash::sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO"));
    return hs;
  }
};

scram_script scram_responses(std::int64_t lifetime) {
  return {{
      response(broker_versions(), av_hi, 0),
      response(handshake_ok({"SCRAM-SHA-256"}), 1, 1),
      response(auth_ok("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"), 2, 2),
      response(auth_ok("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", lifetime), 2, 3),
  }};
}

TEST(Handshake, ScramFullExchangeCapturesSessionLifetime) {
  const auto script = scram_responses(3600000);
  auto hs = script.make();
  request<protocol::api_versions_request>(hs.start(), av_hi, 0);
  auto a = hs.on_frame(script.responses[0]);
  EXPECT_EQ(request<protocol::sasl_handshake_request>(a, 1, 1).mechanism, "SCRAM-SHA-256");
  a = hs.on_frame(script.responses[1]);
  EXPECT_EQ(request<protocol::sasl_authenticate_request>(a, 2, 2).auth_bytes, b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
  a = hs.on_frame(script.responses[2]);
  EXPECT_EQ(request<protocol::sasl_authenticate_request>(a, 2, 3).auth_bytes,
            b("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
  a = hs.on_frame(script.responses[3]);
  ASSERT_EQ(a.type, kind::done) << a.detail;
  EXPECT_EQ(hs.session_lifetime(), std::chrono::milliseconds(3600000));
  EXPECT_EQ(hs.next_correlation_id(), 4);
}

TEST(Handshake, AuthenticationFailureCarriesBrokerMessage) {
  handshake hs(sasl_cfg("SCRAM-SHA-512"));
  hs.start();
  hs.on_frame(response(broker_versions(), av_hi, 0));
  hs.on_frame(response(handshake_ok({"SCRAM-SHA-512"}), 1, 1));
  protocol::sasl_authenticate_response refused;
  refused.error_code = static_cast<std::int16_t>(broker_errc::sasl_authentication_failed);
  refused.error_message = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";
  auto a = hs.on_frame(response(refused, 2, 2));
  EXPECT_EQ(a.type, kind::failed);
  EXPECT_EQ(a.ec, broker_errc::sasl_authentication_failed);
  EXPECT_TRUE(contains(a.detail, "SASL SCRAM-SHA-512 authentication failed")) << a.detail;
  EXPECT_TRUE(contains(a.detail, "invalid credentials")) << a.detail;
}

TEST(Handshake, MechanismNotEnabledNamesWhatTheBrokerOffers) {
  handshake hs(sasl_cfg("OAUTHBEARER"));
  hs.start();
  hs.on_frame(response(broker_versions(), av_hi, 0));
  protocol::sasl_handshake_response r{static_cast<std::int16_t>(broker_errc::unsupported_sasl_mechanism),
                                      {"PLAIN", "SCRAM-SHA-256"}, {}};
  auto a = hs.on_frame(response(r, 1, 1));
  EXPECT_EQ(a.ec, broker_errc::unsupported_sasl_mechanism);
  EXPECT_TRUE(contains(a.detail, "does not enable SASL mechanism OAUTHBEARER; it offers: PLAIN, SCRAM-SHA-256"))
      << a.detail;
}

TEST(Handshake, OauthbearerErrorChallenge) {
  auto cfg = sasl_cfg("OAUTHBEARER");
  cfg.sasl.token_callback = [](net::oauth_token& t) {
    t.value = "expired.token.x";
    return std::error_code();
  };
  handshake hs(cfg);
  hs.start();
  hs.on_frame(response(broker_versions(), av_hi, 0));
  auto a = hs.on_frame(response(handshake_ok({"OAUTHBEARER"}), 1, 1));
  EXPECT_EQ(request<protocol::sasl_authenticate_request>(a, 2, 2).auth_bytes,
            b("n,,\x01" "auth=Bearer expired.token.x\x01\x01"));
  a = hs.on_frame(response(auth_ok(R"({"status":"invalid_token"})"), 2, 2));
  EXPECT_EQ(request<protocol::sasl_authenticate_request>(a, 2, 3).auth_bytes, bytes{0x01});
  protocol::sasl_authenticate_response refused;
  refused.error_code = static_cast<std::int16_t>(broker_errc::sasl_authentication_failed);
  refused.error_message = "Authentication failed: token expired";
  a = hs.on_frame(response(refused, 2, 3));
  EXPECT_EQ(a.ec, broker_errc::sasl_authentication_failed);
  EXPECT_TRUE(contains(a.detail, "token expired")) << a.detail;
  EXPECT_TRUE(contains(a.detail, "invalid_token")) << a.detail;
}

TEST(Handshake, OauthbearerCallbackErrorStopsBeforeSending) {
  auto cfg = sasl_cfg("OAUTHBEARER");
  const auto err = std::make_error_code(std::errc::timed_out);
  cfg.sasl.token_callback = [&](net::oauth_token&) { return err; };
  handshake hs(cfg);
  hs.start();
  hs.on_frame(response(broker_versions(), av_hi, 0));
  auto a = hs.on_frame(response(handshake_ok({"OAUTHBEARER"}), 1, 1));
  EXPECT_EQ(a.type, kind::failed);
  EXPECT_EQ(a.ec, err);
}

TEST(Handshake, BrokerWithoutFramedSasl) {
  handshake hs(sasl_cfg("PLAIN"));
  hs.start();
  auto a = hs.on_frame(response(broker_versions(0), av_hi, 0));
  EXPECT_EQ(a.ec, client_errc::no_compatible_version);
  EXPECT_TRUE(contains(a.detail, "SaslHandshake v0")) << a.detail;
}

TEST(Handshake, UnknownMechanismInConfig) {
  handshake hs(sasl_cfg("GSSAPI"));
  hs.start();
  auto a = hs.on_frame(response(broker_versions(), av_hi, 0));
  EXPECT_EQ(a.ec, client_errc::invalid_config);
  EXPECT_TRUE(contains(a.detail, "'GSSAPI'")) << a.detail;
}

TEST(Handshake, ReauthenticationSkipsApiVersions) {
  const auto known = broker_versions();
  handshake hs(sasl_cfg("PLAIN"), known, net::reauth, 1234);
  auto a = hs.start();
  EXPECT_EQ(request<protocol::sasl_handshake_request>(a, 1, 1234).mechanism, "PLAIN");
  EXPECT_EQ(hs.awaited_correlation_id(), 1234);
  a = hs.on_frame(response(handshake_ok({"PLAIN"}), 1, 1234));
  request<protocol::sasl_authenticate_request>(a, 2, 1235);
  a = hs.on_frame(response(auth_ok("", 60000), 2, 1235));
  ASSERT_EQ(a.type, kind::done) << a.detail;
  EXPECT_EQ(hs.session_lifetime(), std::chrono::milliseconds(60000));
  EXPECT_EQ(hs.next_correlation_id(), 1236);
  EXPECT_EQ(hs.versions(), known);

  handshake plain_listener(net::connection_config{}, known, net::reauth, 5);
  EXPECT_EQ(plain_listener.start().ec, client_errc::invalid_config);
}

// ---- robustness -----------------------------------------------------------------------------

// Feeds the first `n` responses of the script; all must be accepted.
void advance(handshake& hs, const scram_script& s, std::size_t n) {
  auto a = hs.start();
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(a.type, kind::write) << a.detail;
    a = hs.on_frame(s.responses[i]);
  }
  ASSERT_EQ(a.type, kind::write) << a.detail;
}

TEST(Handshake, EveryTruncatedResponseFails) {
  const auto script = scram_responses(1000);
  for (std::size_t step = 0; step < script.responses.size(); ++step) {
    const auto& full = script.responses[step];
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto hs = script.make();
      advance(hs, script, step);
      const auto a = hs.on_frame(test::exact(full, n));
      EXPECT_EQ(a.type, kind::failed) << "step " << step << " prefix " << n;
      EXPECT_FALSE(a.detail.empty());
      EXPECT_TRUE(contains(a.detail, "handshake: ")) << a.detail;
    }
    auto hs = script.make();
    advance(hs, script, step);
    auto longer = full;
    longer.push_back(0);
    const auto a = hs.on_frame(longer);
    EXPECT_EQ(a.ec, client_errc::extra_bytes) << "step " << step << ": " << a.detail;
  }
}

TEST(Handshake, EveryCorruptByteEndsCleanly) {
  // A corrupted byte may still spell a valid (different) answer, so the assertion is: the
  // machine never reads out of bounds (ASan), and every failure explains itself. Bytes that
  // hold lengths or the correlation id must fail.
  const auto script = scram_responses(1000);
  int failures = 0;
  for (std::size_t step = 0; step < script.responses.size(); ++step) {
    for (std::size_t i = 0; i < script.responses[step].size(); ++i) {
      auto hs = script.make();
      advance(hs, script, step);
      auto bad = script.responses[step];
      bad[i] ^= 0xff;
      const auto a = hs.on_frame(test::exact(bad, bad.size()));
      if (a.type == kind::failed) {
        ++failures;
        EXPECT_FALSE(a.detail.empty());
      }
      if (i < 4) {
        EXPECT_EQ(a.ec, client_errc::correlation_id_mismatch) << "step " << step << " byte " << i;
      }
    }
  }
  EXPECT_GT(failures, 40);
}

TEST(Handshake, CorrelationIdMismatchFails) {
  const auto script = scram_responses(0);
  for (std::size_t step = 0; step < script.responses.size(); ++step) {
    auto hs = script.make();
    advance(hs, script, step);
    auto wrong = script.responses[step];
    wrong[3] ^= 0x40;
    const auto a = hs.on_frame(wrong);
    EXPECT_EQ(a.ec, client_errc::correlation_id_mismatch);
    EXPECT_TRUE(contains(a.detail, "expected " + std::to_string(step))) << a.detail;
    // The machine stays failed.
    EXPECT_EQ(hs.on_frame(script.responses[step]).type, kind::failed);
  }
}

TEST(Handshake, FrameBeforeStartFails) {
  handshake hs(net::connection_config{});
  const auto frame = response(broker_versions(), av_hi, 0);
  EXPECT_EQ(hs.on_frame(frame).type, kind::failed);
}

TEST(Handshake, ReauthenticationDelay) {
  using std::chrono::milliseconds;
  EXPECT_EQ(net::reauthentication_delay(milliseconds(100000), 0.0), milliseconds(85000));
  EXPECT_EQ(net::reauthentication_delay(milliseconds(100000), 0.5), milliseconds(90000));
  EXPECT_EQ(net::reauthentication_delay(milliseconds(100000), 0.999999), milliseconds(94999));
}

}  // namespace
