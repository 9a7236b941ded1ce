// SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as Kafka uses them: no channel binding
// ("n,,"), no authorization id, the username escaped per RFC 5802 (no SASLprep, like the Java
// client). The crypto is OpenSSL's (PBKDF2, HMAC, SHA-2, RAND_bytes).

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <vector>

#include <kwire/net/sasl.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {
namespace {

using protocol::byte_view;
using protocol::bytes;

// Kafka's brokers store credentials with at least 4096 iterations and the Java client refuses
// fewer: a server asking for less is either broken or trying to make the proof cheap to crack.
constexpr long min_iterations = 4096;

sasl_step failed(std::error_code ec, std::string detail) { return {sasl_step::kind::failed, {}, ec, std::move(detail)}; }

std::string escape_username(const std::string& user) {
  std::string out;
  for (char c : user) {
    if (c == '=') out += "=3D";
    else if (c == ',') out += "=2C";
    else out += c;
  }
  return out;
}

std::string random_nonce() {
  unsigned char raw[24];
  if (RAND_bytes(raw, sizeof raw) != 1) return {};
  return base64_encode(byte_view(raw, sizeof raw));  // printable, never ','
}

// Splits "a=x,b=y" into attributes; false if one is not "<letter>=<value>".
bool split_attributes(std::string_view msg, std::vector<std::pair<char, std::string_view>>& out) {
  out.clear();
  while (true) {
    const auto comma = msg.find(',');
    const auto part = msg.substr(0, comma);
    if (part.size() < 2 || part[1] != '=' || !((part[0] >= 'a' && part[0] <= 'z') || (part[0] >= 'A' && part[0] <= 'Z')))
      return false;
    out.emplace_back(part[0], part.substr(2));
    if (comma == std::string_view::npos) return true;
    msg.remove_prefix(comma + 1);
  }
}

class scram final : public sasl_mechanism {
 public:
  scram(scram_hash hash, std::string user, std::string password, std::string nonce)
      : md_(hash == scram_hash::sha256 ? EVP_sha256() : EVP_sha512()),
        name_(hash == scram_hash::sha256 ? "SCRAM-SHA-256" : "SCRAM-SHA-512"),
        user_(std::move(user)),
        password_(std::move(password)),
        client_nonce_(std::move(nonce)) {}

  std::string_view name() const override { return name_; }

  sasl_step start() override {
    if (user_.empty()) return failed(client_errc::invalid_config, name_ + ": the username is empty");
    if (client_nonce_.empty()) client_nonce_ = random_nonce();
    if (client_nonce_.empty()) return failed(client_errc::invalid_value, name_ + ": RAND_bytes failed to make a nonce");
    for (unsigned char c : client_nonce_)
      if (c < 0x21 || c > 0x7e || c == ',')
        return failed(client_errc::invalid_config, name_ + ": the client nonce must be printable ASCII without ','");
    client_first_bare_ = "n=" + escape_username(user_) + ",r=" + client_nonce_;
    state_ = state::sent_first;
    const std::string msg = "n,," + client_first_bare_;
    return {sasl_step::kind::send, bytes(msg.begin(), msg.end()), {}, {}};
  }

  sasl_step on_challenge(byte_view server) override {
    const std::string_view text(reinterpret_cast<const char*>(server.data()), server.size());
    switch (state_) {
      case state::sent_first: return on_server_first(text);
      case state::sent_final: return on_server_final(text);
      default: return failed(broker_errc::illegal_sasl_state, name_ + ": server bytes in an unexpected state");
    }
  }

 private:
  enum class state { initial, sent_first, sent_final, done };

  sasl_step bad(const std::string& what, std::string_view msg) {
    state_ = state::done;
    return failed(client_errc::invalid_value, name_ + ": " + what + " (server sent '" + std::string(msg) + "')");
  }

  // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
  sasl_step on_server_first(std::string_view msg) {
    std::vector<std::pair<char, std::string_view>> attrs;
    if (!split_attributes(msg, attrs)) return bad("malformed server-first message", msg);
    if (attrs[0].first == 'm') return bad("the server requires an extension kwire does not know", msg);
    if (attrs.size() < 3 || attrs[0].first != 'r' || attrs[1].first != 's' || attrs[2].first != 'i')
      return bad("server-first message lacks r=, s=, i= in that order", msg);
    const auto nonce = attrs[0].second;
    if (!nonce.starts_with(client_nonce_) || nonce.size() == client_nonce_.size())
      return bad("the server nonce does not extend the client nonce '" + client_nonce_ + "'", msg);
    for (unsigned char c : nonce)
      if (c < 0x21 || c > 0x7e) return bad("the server nonce has a non-printable character", msg);
    bytes salt;
    if (!base64_decode(attrs[1].second, salt) || salt.empty()) return bad("the salt is not valid base64", msg);
    long iterations = 0;
    const auto it = attrs[2].second;
    const auto [end, err] = std::from_chars(it.data(), it.data() + it.size(), iterations);
    if (it.empty() || it[0] < '0' || it[0] > '9' || err != std::errc() || end != it.data() + it.size() ||
        iterations > 0x7fffffff)
      return bad("the iteration count is not a 31-bit decimal number", msg);
    if (iterations < min_iterations)
      return bad("iteration count " + std::to_string(iterations) + " is below the minimum " +
                     std::to_string(min_iterations),
                 msg);

    const std::string without_proof = "c=biws,r=" + std::string(nonce);  // biws = base64("n,,")
    auth_message_ = client_first_bare_ + "," + std::string(msg) + "," + without_proof;

    const auto size = static_cast<std::size_t>(EVP_MD_get_size(md_));
    salted_.assign(size, 0);
    if (PKCS5_PBKDF2_HMAC(password_.data(), static_cast<int>(password_.size()), salt.data(),
                          static_cast<int>(salt.size()), static_cast<int>(iterations), md_,
                          static_cast<int>(size), salted_.data()) != 1)
      return failed(client_errc::invalid_value, name_ + ": PBKDF2 failed in OpenSSL");
    const bytes client_key = hmac(salted_, "Client Key");
    bytes stored_key(size);
    unsigned int n = 0;
    EVP_Digest(client_key.data(), client_key.size(), stored_key.data(), &n, md_, nullptr);
    const bytes signature = hmac(stored_key, auth_message_);
    bytes proof(size);
    for (std::size_t k = 0; k < size; ++k) proof[k] = client_key[k] ^ signature[k];

    state_ = state::sent_final;
    const std::string out = without_proof + ",p=" + base64_encode(proof);
    return {sasl_step::kind::send, bytes(out.begin(), out.end()), {}, {}};
  }

  // server-final-message = (server-error / verifier) ["," extensions]
  sasl_step on_server_final(std::string_view msg) {
    state_ = state::done;
    std::vector<std::pair<char, std::string_view>> attrs;
    if (!split_attributes(msg, attrs)) return bad("malformed server-final message", msg);
    if (attrs[0].first == 'e')
      return failed(broker_errc::sasl_authentication_failed,
                    name_ + ": the server reported '" + std::string(attrs[0].second) + "'");
    if (attrs[0].first != 'v') return bad("server-final message lacks v=", msg);
    bytes theirs;
    if (!base64_decode(attrs[0].second, theirs)) return bad("the server signature is not valid base64", msg);
    const bytes ours = hmac(hmac(salted_, "Server Key"), auth_message_);
    if (theirs.size() != ours.size() || CRYPTO_memcmp(theirs.data(), ours.data(), ours.size()) != 0)
      return failed(broker_errc::sasl_authentication_failed,
                    name_ + ": the server's signature does not match: the broker does not know this "
                            "password (or is not the broker it claims to be)");
    return {sasl_step::kind::done, {}, {}, {}};
  }

  bytes hmac(const bytes& key, std::string_view data) const {
    bytes out(static_cast<std::size_t>(EVP_MD_get_size(md_)));
    unsigned int n = 0;
    HMAC(md_, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out.data(), &n);
    return out;
  }

  const EVP_MD* md_;
  std::string name_;
  std::string user_, password_, client_nonce_;
  state state_ = state::initial;
  std::string client_first_bare_;
  std::string auth_message_;
  bytes salted_;
};

}  // namespace

bytes scram_salted_password(scram_hash hash, std::string_view password, byte_view salt, int iterations) {
  const EVP_MD* md = hash == scram_hash::sha256 ? EVP_sha256() : EVP_sha512();
  bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, md, static_cast<int>(out.size()), out.data()) != 1)
    return {};
  return out;
}

bytes secure_random_bytes(std::size_t n) {
  bytes out(n);
  if (n && RAND_bytes(out.data(), static_cast<int>(n)) != 1) return {};
  return out;
}

std::unique_ptr<sasl_mechanism> make_scram(scram_hash hash, std::string username, std::string password,
                                           std::string client_nonce) {
  return std::make_unique<scram>(hash, std::move(username), std::move(password), std::move(client_nonce));
}

}  // namespace kwire::net
