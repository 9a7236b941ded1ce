#pragma once
// OAUTHBEARER tokens from an OAuth 2.0 / OIDC token endpoint with the client credentials grant
// (KIP-768: sasl.oauthbearer.token.endpoint.url with clientId/clientSecret/scope).
//
// One oauth_token_source per client (all its connections share it): it keeps the last token and
// fetches a new one when a connection needs a token past the refresh time (the Java client's
// sasl.login.refresh.* rule below). The fetch is an HTTP/1.1 POST over Boost.Beast on the
// executor of the connection that asked, never blocking it; connections asking while a fetch
// runs wait for that one fetch. A connection asks before it connects and before each KIP-368
// re-authentication, so the handshake machine (net/handshake.hpp) stays sans-I/O: it receives
// the token through its oauth_token_callback.
//
// Failures complete with client_errc::invalid_config and a detail naming the endpoint and the
// cause (connection refused, HTTP status with the endpoint's error/error_description, a body
// that is not JSON, no access_token, a token that is not a JWT or has expired). Connect failures,
// timeouts and HTTP 5xx are tried again with backoff from sasl.login.retry.backoff.ms doubling
// to sasl.login.retry.backoff.max.ms, the last wait ending the attempts; 4xx answers are not.
// The client secret and the tokens are never part of any detail or log line.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include <kwire/net/config.hpp>

namespace kwire::net {

struct oauth_client_credentials {
  std::string token_endpoint_url;     // sasl.oauthbearer.token.endpoint.url: http:// or https://
  std::string client_id;              // sasl.jaas.config OAuthBearerLoginModule clientId
  std::string client_secret;          // ... clientSecret
  std::string scope;                  // ... scope (optional)
  std::string sub_claim = "sub";      // sasl.oauthbearer.sub.claim.name
  std::string scope_claim = "scope";  // sasl.oauthbearer.scope.claim.name
  double refresh_window_factor = 0.8;               // sasl.login.refresh.window.factor
  double refresh_window_jitter = 0.05;              // sasl.login.refresh.window.jitter
  std::chrono::seconds refresh_min_period{60};      // sasl.login.refresh.min.period.seconds
  std::chrono::seconds refresh_buffer{300};         // sasl.login.refresh.buffer.seconds
  milliseconds connect_timeout{10000};              // sasl.login.connect.timeout.ms
  milliseconds read_timeout{10000};                 // sasl.login.read.timeout.ms
  milliseconds retry_backoff{100};                  // sasl.login.retry.backoff.ms
  milliseconds retry_backoff_max{10000};            // sasl.login.retry.backoff.max.ms
  tls_config tls;  // for https: whom to trust (the login module's ssl.truststore.* options; empty: system store)
};

// The parts of a token endpoint URL; false with `why` when it is not http(s)://host[:port]/path.
struct http_url {
  bool https = false;
  std::string host, port, target;
};
bool parse_http_url(const std::string& url, http_url& out, std::string& why);

// What kwire reads from a token endpoint's JSON answer and the JWT inside (sans-I/O, tested with
// bytes): the token, its subject and expiry. False with `why` (no secret in it).
struct oauth_token_info {
  std::string token;
  std::string subject;
  std::chrono::system_clock::time_point expires;
  std::chrono::system_clock::time_point issued;  // iat, else the time of the answer
};
bool parse_token_response(const std::string& body, const oauth_client_credentials& cfg,
                          std::chrono::system_clock::time_point now, oauth_token_info& out, std::string& why);

// When to fetch the next token for one issued at `issued` expiring at `expires`: at
// factor (+ up to jitter, `unit_random` in [0, 1)) of its lifetime, but no sooner than the minimum
// period and no later than the buffer before expiry; a lifetime too short for both follows the
// factor alone (as Java's ExpiringCredentialRefreshingLogin does).
std::chrono::system_clock::time_point oauth_refresh_time(const oauth_client_credentials& cfg,
                                                         std::chrono::system_clock::time_point issued,
                                                         std::chrono::system_clock::time_point expires,
                                                         double unit_random);

class oauth_token_source : public std::enable_shared_from_this<oauth_token_source> {
 public:
  // void(std::error_code, std::string detail, std::string token)
  using handler = std::function<void(std::error_code, std::string, std::string)>;

  static std::shared_ptr<oauth_token_source> create(oauth_client_credentials cfg);

  // A token for a new (re-)authentication: the cached one before its refresh time, else a new one
  // from the endpoint, fetched on `ex`. `h` runs on `ex`, never inline.
  void async_token(boost::asio::any_io_executor ex, handler h);

  const oauth_client_credentials& settings() const { return cfg_; }
  // Tokens fetched so far (tests count them against re-authentications).
  std::size_t fetches() const;

  struct state;  // oauth.cpp

 private:
  explicit oauth_token_source(oauth_client_credentials cfg);
  oauth_client_credentials cfg_;
  std::shared_ptr<state> st_;
};

}  // namespace kwire::net
