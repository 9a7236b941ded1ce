#include <kwire/net/sasl.hpp>

#include <algorithm>
#include <array>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {
namespace {

using protocol::byte_view;
using protocol::bytes;

sasl_step send(bytes out) { return {sasl_step::kind::send, std::move(out), {}, {}}; }
sasl_step send(std::string_view text) { return send(bytes(text.begin(), text.end())); }
sasl_step failed(std::error_code ec, std::string detail) { return {sasl_step::kind::failed, {}, ec, std::move(detail)}; }

// ---- PLAIN ------------------------------------------------------------------------------

class plain final : public sasl_mechanism {
 public:
  plain(std::string user, std::string password) : user_(std::move(user)), password_(std::move(password)) {}
  std::string_view name() const override { return "PLAIN"; }

  sasl_step start() override {
    // NUL separates the fields, so neither may hold one; an empty user or password would only
    // earn a less helpful refusal from the broker.
    if (user_.empty() || user_.find('\0') != std::string::npos)
      return failed(client_errc::invalid_config, "SASL PLAIN: the username is empty or contains NUL");
    if (password_.empty() || password_.find('\0') != std::string::npos)
      return failed(client_errc::invalid_config, "SASL PLAIN: the password is empty or contains NUL");
    sent_ = true;
    std::string msg;
    msg += '\0';
    msg += user_;
    msg += '\0';
    msg += password_;
    return send(msg);
  }

  sasl_step on_challenge(byte_view server) override {
    // PLAIN has no challenges: the broker answers the one message with empty bytes.
    if (!sent_) return failed(broker_errc::illegal_sasl_state, "SASL PLAIN: server bytes before the client message");
    if (!server.empty())
      return failed(broker_errc::illegal_sasl_state,
                    "SASL PLAIN: the broker sent " + std::to_string(server.size()) +
                        " bytes after the only message (expected none)");
    return {sasl_step::kind::done, {}, {}, {}};
  }

 private:
  std::string user_, password_;
  bool sent_ = false;
};

// ---- OAUTHBEARER ------------------------------------------------------------------------

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

class oauthbearer final : public sasl_mechanism {
 public:
  explicit oauthbearer(oauth_token_callback cb) : callback_(std::move(cb)) {}
  std::string_view name() const override { return "OAUTHBEARER"; }

  sasl_step start() override {
    if (!callback_)
      return failed(client_errc::invalid_config, "SASL OAUTHBEARER: no token callback configured");
    oauth_token token;
    if (auto ec = callback_(token))
      return failed(ec, "SASL OAUTHBEARER: the token callback failed: " + ec.message());
    if (token.value.empty())
      return failed(client_errc::invalid_config, "SASL OAUTHBEARER: the token callback returned an empty token");
    // RFC 6750 b64token: visible ASCII without spaces; anything else would break the framing.
    for (unsigned char c : token.value)
      if (c <= 0x20 || c >= 0x7f)
        return failed(client_errc::invalid_config,
                      "SASL OAUTHBEARER: the token contains a character outside visible ASCII (code " +
                          std::to_string(c) + ")");
    // RFC 7628 §3.1: key = 1*(ALPHA), value = *(VCHAR / SP / HTAB / CR / LF); "auth" is the
    // token's own key (Kafka refuses it as an extension name).
    std::string ext;
    for (const auto& [key, value] : token.extensions) {
      if (key.empty() || !std::all_of(key.begin(), key.end(), is_alpha))
        return failed(client_errc::invalid_config,
                      "SASL OAUTHBEARER: extension name '" + key + "' must be letters only (RFC 7628)");
      if (key == "auth")
        return failed(client_errc::invalid_config, "SASL OAUTHBEARER: 'auth' is reserved, not an extension name");
      for (unsigned char c : value)
        if (!((c >= 0x21 && c <= 0x7e) || c == ' ' || c == '\t' || c == '\r' || c == '\n'))
          return failed(client_errc::invalid_config, "SASL OAUTHBEARER: extension '" + key +
                                                         "' has a value with a character outside RFC 7628 (code " +
                                                         std::to_string(c) + ")");
      ext += '\x01' + key + '=' + value;
    }
    state_ = state::sent_initial;
    return send("n,,\x01" "auth=Bearer " + token.value + ext + "\x01\x01");
  }

  sasl_step on_challenge(byte_view server) override {
    switch (state_) {
      case state::sent_initial:
        if (server.empty()) {
          state_ = state::done;
          return {sasl_step::kind::done, {}, {}, {}};
        }
        // RFC 7628 §3.2.3: a non-empty answer is an error JSON; the client must send a lone
        // 0x01 so that the server can end the exchange with its failure.
        error_json_.assign(server.begin(), server.end());
        state_ = state::sent_dummy;
        return send(bytes{0x01});
      case state::sent_dummy:
        // A broker that accepts after its own error challenge is not following RFC 7628.
        return failed(broker_errc::sasl_authentication_failed,
                      "SASL OAUTHBEARER: the broker rejected the token: " + error_json_);
      default:
        return failed(broker_errc::illegal_sasl_state, "SASL OAUTHBEARER: server bytes in an unexpected state");
    }
  }

  std::string failure_context() const override {
    return error_json_.empty() ? std::string() : "broker's error challenge: " + error_json_;
  }

 private:
  enum class state { initial, sent_initial, sent_dummy, done };
  oauth_token_callback callback_;
  state state_ = state::initial;
  std::string error_json_;
};

constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::unique_ptr<sasl_mechanism> make_plain(std::string username, std::string password) {
  return std::make_unique<plain>(std::move(username), std::move(password));
}

std::unique_ptr<sasl_mechanism> make_oauthbearer(oauth_token_callback callback) {
  return std::make_unique<oauthbearer>(std::move(callback));
}

std::unique_ptr<sasl_mechanism> make_sasl_mechanism(const sasl_config& cfg, std::error_code& ec,
                                                    std::string& detail) {
  if (cfg.mechanism == "PLAIN") return make_plain(cfg.username, cfg.password);
  if (cfg.mechanism == "SCRAM-SHA-256") return make_scram(scram_hash::sha256, cfg.username, cfg.password);
  if (cfg.mechanism == "SCRAM-SHA-512") return make_scram(scram_hash::sha512, cfg.username, cfg.password);
  if (cfg.mechanism == "OAUTHBEARER") return make_oauthbearer(cfg.token_callback);
  ec = client_errc::invalid_config;
  detail = "sasl.mechanism '" + cfg.mechanism +
           "' is not one kwire implements (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER)";
  return nullptr;
}

std::string base64_encode(byte_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = std::uint32_t(in[i]) << 16 | std::uint32_t(in[i + 1]) << 8 | in[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += base64_alphabet[(v >> s) & 63];
  }
  if (const auto rest = in.size() - i; rest > 0) {
    std::uint32_t v = std::uint32_t(in[i]) << 16;
    if (rest == 2) v |= std::uint32_t(in[i + 1]) << 8;
    out += base64_alphabet[(v >> 18) & 63];
    out += base64_alphabet[(v >> 12) & 63];
    out += rest == 2 ? base64_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool base64_decode(std::string_view in, bytes& out) {
  out.clear();
  if (in.size() % 4 != 0) return false;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=' && in[i + 3] == '=') : 0;
    std::array<int, 4> v{};
    for (int k = 0; k < 4 - pad; ++k)
      if ((v[k] = value(in[i + k])) < 0) return false;
    const std::uint32_t n = std::uint32_t(v[0]) << 18 | std::uint32_t(v[1]) << 12 | std::uint32_t(v[2]) << 6 | v[3];
    // Canonical form only: the bits a padded group drops must be zero.
    if ((pad == 1 && (n & 0xff)) || (pad == 2 && (n & 0xffff))) return false;
    out.push_back(static_cast<std::uint8_t>(n >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>(n >> 8));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(n));
  }
  return true;
}

}  // namespace kwire::net
