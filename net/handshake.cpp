#include <kwire/net/handshake.hpp>

#include <algorithm>
#include <limits>

#include <kwire/net/sasl.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/sasl_authenticate.hpp>
#include <kwire/protocol/messages/sasl_handshake.hpp>
#include <kwire/protocol/versions.hpp>

namespace kwire::net {
namespace {

using protocol::api_key;

// A SASL exchange of more rounds than this is a broker (or mechanism) going in circles; the
// longest Kafka has (SCRAM, OAUTHBEARER's error path) takes two.
constexpr int max_sasl_rounds = 8;

// KIP-511: the broker refuses software names and versions outside this pattern with
// INVALID_REQUEST; saying so before connecting names the setting at fault.
bool valid_software_text(const std::string& s) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-' || c == '.'; });
}

std::string broker_text(std::int16_t code) {
  const std::error_code ec = static_cast<broker_errc>(code);
  return ec.message() + " (error " + std::to_string(code) + ")";
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

}  // namespace

handshake::handshake(const connection_config& cfg, std::int32_t first_correlation_id)
    : cfg_(cfg), next_correlation_id_(first_correlation_id) {}

handshake::handshake(const connection_config& cfg, const protocol::api_versions_response& known, reauth_tag,
                     std::int32_t next_correlation_id)
    : cfg_(cfg), reauth_(true), next_correlation_id_(next_correlation_id), versions_(known) {}

handshake::~handshake() = default;
handshake::handshake(handshake&&) noexcept = default;
handshake& handshake::operator=(handshake&&) noexcept = default;

void handshake::use_mechanism(std::unique_ptr<sasl_mechanism> mechanism) { mechanism_ = std::move(mechanism); }

handshake::action handshake::fail(std::error_code ec, std::string detail) {
  state_ = state::failed;
  awaited_correlation_id_ = -1;
  return {action::kind::failed, {}, ec, std::move(detail)};
}

template <class Req>
handshake::action handshake::write(const Req& req, std::int16_t version) {
  const auto id = next_correlation_id_;
  next_correlation_id_ = id == std::numeric_limits<std::int32_t>::max() ? 0 : id + 1;
  out_.clear();
  if (auto r = protocol::frame_request(req, version, id, cfg_.client_id, out_); !r)
    return fail(r.ec, "handshake: encoding " + std::string(Req::schema_name) + ": " + r.detail);
  sent_version_ = version;
  awaited_correlation_id_ = id;
  return {action::kind::write, out_, {}, {}};
}

handshake::action handshake::start() {
  if (state_ != state::initial) return fail(client_errc::invalid_value, "handshake: start() called twice");
  if (reauth_) {
    if (!uses_sasl(cfg_.security))
      return fail(client_errc::invalid_config, "handshake: re-authentication on a connection without SASL");
    return begin_sasl();
  }
  if (!valid_software_text(cfg_.software_name))
    return fail(client_errc::invalid_config,
                "client.software.name '" + cfg_.software_name +
                    "' must be letters, digits, '-' and '.', starting and ending with a letter or digit (KIP-511)");
  if (!valid_software_text(cfg_.software_version))
    return fail(client_errc::invalid_config,
                "client.software.version '" + cfg_.software_version +
                    "' must be letters, digits, '-' and '.', starting and ending with a letter or digit (KIP-511)");
  auto version = protocol::info(api_key::api_versions).supported.hi;
  if (auto pin = cfg_.version_pins.find(api_key::api_versions); pin != cfg_.version_pins.end())
    version = std::min(version, pin->second);
  return send_api_versions(version);
}

handshake::action handshake::send_api_versions(std::int16_t version) {
  state_ = state::api_versions;
  return write(protocol::api_versions_request{cfg_.software_name, cfg_.software_version, {}}, version);
}

handshake::action handshake::on_frame(protocol::byte_view frame) {
  api_key api;
  switch (state_) {
    case state::api_versions: api = api_key::api_versions; break;
    case state::sasl_handshake: api = api_key::sasl_handshake; break;
    case state::sasl_authenticate: api = api_key::sasl_authenticate; break;
    case state::failed: return {action::kind::failed, {}, client_errc::invalid_value, "handshake: already failed"};
    default: return fail(client_errc::invalid_value, "handshake: a response frame arrived when none was awaited");
  }
  const std::string api_name(protocol::info(api).name);
  protocol::reader r(frame);
  protocol::response_header header;
  protocol::read_response_header(r, header, protocol::response_header_version(api, sent_version_));
  if (!r.ok())
    return fail(r.error(), "handshake: " + api_name + " response header: " + r.detail());
  if (header.correlation_id != awaited_correlation_id_)
    return fail(client_errc::correlation_id_mismatch,
                "handshake: " + api_name + " response has correlation id " + std::to_string(header.correlation_id) +
                    ", expected " + std::to_string(awaited_correlation_id_));
  awaited_correlation_id_ = -1;
  const auto body = frame.subspan(r.offset());
  switch (state_) {
    case state::api_versions: return on_api_versions(body);
    case state::sasl_handshake: return on_sasl_handshake(body);
    default: return on_sasl_authenticate(body);
  }
}

handshake::action handshake::on_api_versions(protocol::byte_view body) {
  // A broker that does not speak the version we asked for answers with a v0 body carrying
  // UNSUPPORTED_VERSION and its own range (KIP-511), whatever version the request had: peek at
  // the error code to know which layout to decode.
  protocol::reader peek(body);
  const auto code = peek.i16();
  if (!peek.ok()) return fail(peek.error(), "handshake: ApiVersionsResponse: " + peek.detail());
  const bool unsupported = code == static_cast<std::int16_t>(broker_errc::unsupported_version);
  const std::int16_t layout = unsupported ? 0 : sent_version_;
  if (auto d = protocol::decode(body, layout, versions_); !d) return fail(d.ec, "handshake: " + d.detail);

  if (unsupported) {
    const auto ours = protocol::info(api_key::api_versions).supported;
    const auto* theirs = protocol::broker_range(versions_, api_key::api_versions);
    const std::string asked = "ApiVersions v" + std::to_string(sent_version_);
    if (!theirs)
      return fail(broker_errc::unsupported_version,
                  "handshake: the broker refused " + asked + " and listed no ApiVersions range");
    const auto v = std::min(theirs->max_version, ours.hi);
    const std::string ranges = "kwire v" + std::to_string(ours.lo) + "-" + std::to_string(ours.hi) + ", broker v" +
                               std::to_string(theirs->min_version) + "-" + std::to_string(theirs->max_version);
    if (fell_back_ || v >= sent_version_ || v < theirs->min_version || v < ours.lo)
      return fail(fell_back_ || v >= sent_version_ ? broker_errc::unsupported_version
                                                   : std::error_code(client_errc::no_compatible_version),
                  "handshake: the broker refused " + asked + " and offers no version to fall back to (" + ranges + ")");
    fell_back_ = true;
    return send_api_versions(v);
  }
  if (code != 0)
    return fail(static_cast<broker_errc>(code), "handshake: ApiVersions refused: " + broker_text(code));
  if (!uses_sasl(cfg_.security)) {
    state_ = state::done;
    return {action::kind::done, {}, {}, {}};
  }
  return begin_sasl();
}

handshake::action handshake::begin_sasl() {
  auto pin = [&](api_key k) -> std::optional<std::int16_t> {
    if (auto p = cfg_.version_pins.find(k); p != cfg_.version_pins.end()) return p->second;
    return std::nullopt;
  };
  const auto hs = protocol::choose_version(api_key::sasl_handshake, versions_, pin(api_key::sasl_handshake));
  if (!hs.status) return fail(hs.status.ec, "handshake: " + hs.status.detail);
  // SaslHandshake v0 sends the SASL tokens as raw frames outside the Kafka protocol; kwire only
  // speaks v1 (tokens inside SaslAuthenticate), which every broker since 1.0 offers.
  if (hs.version < 1)
    return fail(client_errc::no_compatible_version,
                "handshake: the broker offers only SaslHandshake v0 (raw SASL tokens); kwire needs v1+");
  const auto auth = protocol::choose_version(api_key::sasl_authenticate, versions_, pin(api_key::sasl_authenticate));
  if (!auth.status) return fail(auth.status.ec, "handshake: " + auth.status.detail);
  sasl_auth_version_ = auth.version;
  if (!mechanism_) {
    std::error_code ec;
    std::string detail;
    mechanism_ = make_sasl_mechanism(cfg_.sasl, ec, detail);
    if (!mechanism_) return fail(ec, "handshake: " + detail);
  }
  session_lifetime_.reset();
  sasl_rounds_ = 0;
  state_ = state::sasl_handshake;
  return write(protocol::sasl_handshake_request{std::string(mechanism_->name()), {}}, hs.version);
}

handshake::action handshake::on_sasl_handshake(protocol::byte_view body) {
  protocol::sasl_handshake_response resp;
  if (auto d = protocol::decode(body, sent_version_, resp); !d) return fail(d.ec, "handshake: " + d.detail);
  const std::string mech(mechanism_->name());
  if (resp.error_code == static_cast<std::int16_t>(broker_errc::unsupported_sasl_mechanism))
    return fail(broker_errc::unsupported_sasl_mechanism, "handshake: the broker does not enable SASL mechanism " +
                                                            mech + "; it offers: " + join(resp.mechanisms));
  if (resp.error_code != 0) {
    std::string detail = "handshake: SaslHandshake for " + mech + " refused: " + broker_text(resp.error_code);
    // Measured against Kafka 3.9 and 4.x: without a session lifetime the broker refuses a
    // second SaslHandshake on an authenticated connection with ILLEGAL_SASL_STATE.
    if (reauth_ && resp.error_code == static_cast<std::int16_t>(broker_errc::illegal_sasl_state))
      detail += " (re-authentication is only allowed when the broker sets connections.max.reauth.ms)";
    return fail(static_cast<broker_errc>(resp.error_code), std::move(detail));
  }
  auto step = mechanism_->start();
  if (step.type != sasl_step::kind::send) return fail(step.ec, "handshake: " + step.detail);
  return send_sasl_authenticate(step.out);
}

handshake::action handshake::send_sasl_authenticate(const protocol::bytes& token) {
  if (++sasl_rounds_ > max_sasl_rounds)
    return fail(broker_errc::illegal_sasl_state, "handshake: SASL " + std::string(mechanism_->name()) +
                                                     " did not finish within " + std::to_string(max_sasl_rounds) +
                                                     " rounds");
  state_ = state::sasl_authenticate;
  return write(protocol::sasl_authenticate_request{token, {}}, sasl_auth_version_);
}

handshake::action handshake::on_sasl_authenticate(protocol::byte_view body) {
  protocol::sasl_authenticate_response resp;
  if (auto d = protocol::decode(body, sent_version_, resp); !d) return fail(d.ec, "handshake: " + d.detail);
  const std::string mech(mechanism_->name());
  if (resp.error_code != 0) {
    std::string detail = "handshake: SASL " + mech + " authentication failed: " + broker_text(resp.error_code);
    if (resp.error_message && !resp.error_message->empty()) detail += ": " + *resp.error_message;
    if (auto extra = mechanism_->failure_context(); !extra.empty()) detail += " (" + extra + ")";
    return fail(static_cast<broker_errc>(resp.error_code), std::move(detail));
  }
  if (resp.session_lifetime_ms < 0)
    return fail(client_errc::invalid_value,
                "handshake: SaslAuthenticate session lifetime " + std::to_string(resp.session_lifetime_ms) + " ms");
  if (resp.session_lifetime_ms > 0) session_lifetime_ = std::chrono::milliseconds(resp.session_lifetime_ms);
  auto step = mechanism_->on_challenge(resp.auth_bytes);
  switch (step.type) {
    case sasl_step::kind::send: return send_sasl_authenticate(step.out);
    case sasl_step::kind::done: state_ = state::done; return {action::kind::done, {}, {}, {}};
    default: return fail(step.ec, "handshake: " + step.detail);
  }
}

std::chrono::milliseconds reauthentication_delay(std::chrono::milliseconds lifetime, double unit_random) {
  const double f = 0.85 + 0.10 * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(lifetime.count()) * f));
}

}  // namespace kwire::net
