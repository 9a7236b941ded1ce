// OAUTHBEARER tokens from a token endpoint (net/oauth.hpp): the HTTP exchange over Boost.Beast,
// the JSON and JWT reading (Boost.JSON, header-only: its sources are compiled here, once), the
// refresh rule and the shared cache.

#include <kwire/net/oauth.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/src.hpp>  // Boost.JSON header-only: in this one .cpp of the library only
#include <algorithm>
#include <cmath>
#include <mutex>
#include <random>
#include <vector>

#include <kwire/net/sasl.hpp>
#include <kwire/net/tls.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using asio::awaitable;
using std::chrono::system_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool parse_http_url(const std::string& url, http_url& out, std::string& why) {
  out = {};
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    out.https = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    why = "is not an http:// or https:// URL";
    return false;
  }
  const auto slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const auto hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
  if (out.target.front() != '/') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    why = "holds user information before '@'; give the client's id and secret in sasl.jaas.config instead";
    return false;
  }
  std::string_view port;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "has an IPv6 host without ']'";
      return false;
    }
    out.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        why = "has text after the IPv6 host";
        return false;
      }
      port = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) {
    why = "has no host";
    return false;
  }
  if (port.empty()) {
    out.port = out.https ? "443" : "80";
  } else {
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || p > 65535) {
        p = -1;
        break;
      }
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) {
      why = "has an invalid port (1..65535)";
      return false;
    }
    out.port = std::string(port);
  }
  return true;
}

namespace {

// RFC 4648 §5 (no padding, as JWTs use it) through the strict decoder of net/sasl.hpp.
bool base64url_decode(std::string_view in, protocol::bytes& out) {
  std::string s(in);
  for (char& c : s) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/' || c == '=') return false;
  }
  while (s.size() % 4) s += '=';
  return base64_decode(s, out);
}

std::optional<double> number_of(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  if (v->is_double()) return v->as_double();
  return std::nullopt;
}

std::string printable(std::string_view s, std::size_t limit = 200) {
  std::string out;
  for (unsigned char c : s.substr(0, limit)) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  if (s.size() > limit) out += "...";
  return out;
}

system_clock::time_point from_seconds(double s) {
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(std::chrono::duration<double>(s)));
}

}  // namespace

bool parse_token_response(const std::string& body, const oauth_client_credentials& cfg, system_clock::time_point now,
                          oauth_token_info& out, std::string& why) {
  out = {};
  boost::system::error_code ec;
  const json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object()) {
    why = "the answer is not a JSON object (" + (ec ? ec.message() : std::string("JSON of another kind")) + "): '" +
          printable(body) + "'";
    return false;
  }
  const auto* token = doc.as_object().if_contains("access_token");
  if (!token || !token->is_string() || token->as_string().empty()) {
    why = "the answer has no access_token";
    if (const auto* e = doc.as_object().if_contains("error"); e && e->is_string())
      why += " (error: " + printable(e->as_string()) + ")";
    return false;
  }
  out.token = std::string(token->as_string());
  // A JWS in compact form: header.payload.signature, the claims in the payload.
  const auto dot1 = out.token.find('.');
  const auto dot2 = dot1 == std::string::npos ? std::string::npos : out.token.find('.', dot1 + 1);
  protocol::bytes payload;
  if (dot2 == std::string::npos || out.token.find('.', dot2 + 1) != std::string::npos ||
      !base64url_decode(std::string_view(out.token).substr(dot1 + 1, dot2 - dot1 - 1), payload)) {
    why = "the access_token is not a JWT (three base64url parts separated by '.')";
    return false;
  }
  const json::value claims = json::parse(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), ec);
  if (ec || !claims.is_object()) {
    why = "the access_token's payload is not a JSON object";
    return false;
  }
  const auto& c = claims.as_object();
  const auto exp = number_of(c.if_contains("exp"));
  if (!exp) {
    why = "the access_token has no numeric 'exp' claim";
    return false;
  }
  const auto* sub = c.if_contains(cfg.sub_claim);
  if (!sub || !sub->is_string() || sub->as_string().empty()) {
    why = "the access_token has no '" + cfg.sub_claim + "' claim (sasl.oauthbearer.sub.claim.name)";
    return false;
  }
  if (const auto* scope = c.if_contains(cfg.scope_claim)) {
    bool ok = scope->is_string();
    if (scope->is_array())
      ok = std::all_of(scope->as_array().begin(), scope->as_array().end(), [](const json::value& v) { return v.is_string(); });
    if (!ok) {
      why = "the access_token's '" + cfg.scope_claim + "' claim is neither a string nor a list of strings "
            "(sasl.oauthbearer.scope.claim.name)";
      return false;
    }
  }
  out.subject = std::string(sub->as_string());
  out.expires = from_seconds(*exp);
  const auto iat = number_of(c.if_contains("iat"));
  out.issued = iat ? std::min(from_seconds(*iat), now) : now;
  if (out.expires <= now) {
    const auto ago = std::chrono::duration_cast<std::chrono::seconds>(now - out.expires).count();
    why = "the access_token (sub '" + printable(out.subject) + "') expired " + std::to_string(ago) +
          " s before it was received ('exp' claim " + std::to_string(static_cast<long long>(*exp)) + ")";
    return false;
  }
  return true;
}

system_clock::time_point oauth_refresh_time(const oauth_client_credentials& cfg, system_clock::time_point issued,
                                            system_clock::time_point expires, double unit_random) {
  const auto lifetime = expires - issued;
  const double factor = cfg.refresh_window_factor + cfg.refresh_window_jitter * unit_random;
  const auto by_factor =
      issued + std::chrono::duration_cast<system_clock::duration>(std::chrono::duration<double>(lifetime) * factor);
  // Too short a lifetime for the minimum period plus the buffer: the factor alone.
  if (lifetime < cfg.refresh_min_period + cfg.refresh_buffer) return by_factor;
  return std::clamp<system_clock::time_point>(by_factor, issued + cfg.refresh_min_period, expires - cfg.refresh_buffer);
}

// ---- the source ------------------------------------------------------------------------------

struct oauth_token_source::state {
  std::mutex m;
  bool fetching = false;
  std::string token;
  system_clock::time_point refresh_at{}, expires{};
  std::vector<std::pair<asio::any_io_executor, handler>> waiters;
  std::size_t fetches = 0;
  std::shared_ptr<asio::ssl::context> tls;
  std::mt19937_64 rng{std::random_device{}()};
};

namespace {

struct attempt {
  std::string why;     // empty: success
  bool retry = false;  // a failure another attempt may fix (connect, timeout, 5xx)
  int status = 0;
  std::string body;
};

std::string beast_why(const boost::system::error_code& ec, const char* step, milliseconds limit, const char* key) {
  if (ec == beast::error::timeout)
    return std::string(step) + " took longer than " + std::to_string(limit.count()) + " ms (" + key + ")";
  return std::string(step) + " failed: " + ec.message();
}

template <class Stream>
awaitable<attempt> exchange(Stream& stream, beast::tcp_stream& tcp, const http::request<http::string_body>& req,
                            milliseconds read_timeout) {
  attempt a;
  tcp.expires_after(read_timeout);
  auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
  if (wec) {
    a.why = beast_why(wec, "sending the request", read_timeout, "sasl.login.read.timeout.ms");
    a.retry = true;
    co_return a;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (rec) {
    a.why = beast_why(rec, "reading the answer", read_timeout, "sasl.login.read.timeout.ms");
    a.retry = rec != http::error::body_limit;
    co_return a;
  }
  a.status = static_cast<int>(parser.get().result_int());
  a.body = std::move(parser.get().body());
  co_return a;
}

std::string form_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

awaitable<attempt> post_once(const oauth_client_credentials& cfg, const http_url& u,
                             std::shared_ptr<asio::ssl::context> tls) {
  auto ex = co_await asio::this_coro::executor;
  attempt a;
  asio::ip::tcp::resolver resolver(ex);
  auto [dec, endpoints] = co_await resolver.async_resolve(u.host, u.port, use_tuple);
  if (dec) {
    a.why = "cannot resolve " + u.host + ": " + dec.message();
    a.retry = true;
    co_return a;
  }
  beast::tcp_stream tcp(ex);
  tcp.expires_after(cfg.connect_timeout);
  auto [cec, ep] = co_await tcp.async_connect(endpoints, use_tuple);
  if (cec) {
    a.why = beast_why(cec, "connecting", cfg.connect_timeout, "sasl.login.connect.timeout.ms");
    a.retry = true;
    co_return a;
  }
  // Java's HttpAccessTokenRetriever: the client authenticates with HTTP Basic over the
  // form-encoded id and secret; the form carries the grant type and the scope.
  http::request<http::string_body> req{http::verb::post, u.target, 11};
  const bool v6 = u.host.find(':') != std::string::npos;
  req.set(http::field::host, (v6 ? "[" + u.host + "]" : u.host) + ":" + u.port);
  req.set(http::field::user_agent, "kwire");
  req.set(http::field::accept, "application/json");
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  const std::string pair = form_encode(cfg.client_id) + ":" + form_encode(cfg.client_secret);
  req.set(http::field::authorization,
          "Basic " + base64_encode(protocol::byte_view(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size())));
  req.body() = "grant_type=client_credentials";
  if (!cfg.scope.empty()) req.body() += "&scope=" + form_encode(cfg.scope);
  req.prepare_payload();
  if (!u.https) co_return co_await exchange(tcp, tcp, req, cfg.read_timeout);

  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), *tls);
  std::error_code pec;
  std::string pwhy;
  if (!prepare_tls_peer(stream.native_handle(), u.host, cfg.tls.verify_hostname, pec, pwhy)) {
    a.why = "TLS: " + pwhy;
    co_return a;
  }
  beast::get_lowest_layer(stream).expires_after(cfg.connect_timeout);
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (hec) {
    a.why = hec == beast::error::timeout ? beast_why(hec, "the TLS handshake", cfg.connect_timeout, "sasl.login.connect.timeout.ms")
                                         : "TLS handshake failed: " + tls_failure_detail(stream.native_handle(), hec);
    a.retry = hec == beast::error::timeout;
    co_return a;
  }
  auto r = co_await exchange(stream, beast::get_lowest_layer(stream), req, cfg.read_timeout);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(1));
  co_await stream.async_shutdown(use_tuple);
  co_return r;
}

// The endpoint's own words for a refusal: error and error_description of RFC 6749 §5.2, else
// the start of the body.
std::string refusal_text(int status, const std::string& body) {
  std::string out = "HTTP " + std::to_string(status);
  boost::system::error_code ec;
  const json::value doc = json::parse(body, ec);
  if (!ec && doc.is_object()) {
    const auto& o = doc.as_object();
    const auto* e = o.if_contains("error");
    const auto* d = o.if_contains("error_description");
    if (e && e->is_string()) out += ": " + printable(e->as_string());
    if (d && d->is_string()) out += ": " + printable(d->as_string());
    if ((e && e->is_string()) || (d && d->is_string())) return out;
  }
  if (!body.empty()) out += ": '" + printable(body) + "'";
  return out;
}

}  // namespace

std::shared_ptr<oauth_token_source> oauth_token_source::create(oauth_client_credentials cfg) {
  return std::shared_ptr<oauth_token_source>(new oauth_token_source(std::move(cfg)));
}

oauth_token_source::oauth_token_source(oauth_client_credentials cfg)
    : cfg_(std::move(cfg)), st_(std::make_shared<state>()) {}

std::size_t oauth_token_source::fetches() const {
  std::lock_guard lock(st_->m);
  return st_->fetches;
}

void oauth_token_source::async_token(asio::any_io_executor ex, handler h) {
  {
    std::lock_guard lock(st_->m);
    if (!st_->token.empty() && system_clock::now() < st_->refresh_at) {
      asio::post(ex, [h = std::move(h), t = st_->token] { h({}, {}, t); });
      return;
    }
    st_->waiters.emplace_back(ex, std::move(h));
    if (st_->fetching) return;
    st_->fetching = true;
  }
  const std::string where = "OAUTHBEARER token endpoint " + cfg_.token_endpoint_url + " (sasl.oauthbearer.token.endpoint.url)";
  auto fetch = [](std::shared_ptr<oauth_token_source> self, std::string where) -> awaitable<void> {
    const auto& cfg = self->cfg_;
    auto& st = *self->st_;
    std::string why, token;
    oauth_token_info info;
    http_url u;
    if (!parse_http_url(cfg.token_endpoint_url, u, why)) {
      why = "the URL " + why;
    } else if (u.https && !st.tls) {
      std::error_code tec;
      std::string twhy;
      st.tls = make_tls_context(cfg.tls, tec, twhy);
      if (!st.tls) why = "TLS: " + twhy;
    }
    if (why.empty()) {
      auto backoff = cfg.retry_backoff;
      milliseconds waited{0};
      int tries = 0;
      for (;;) {
        ++tries;
        auto a = co_await post_once(cfg, u, st.tls);
        if (a.why.empty() && (a.status >= 500 && a.status <= 599)) {
          a.why = refusal_text(a.status, a.body);
          a.retry = true;
        }
        if (a.why.empty() && (a.status < 200 || a.status > 299)) a.why = refusal_text(a.status, a.body);
        if (a.why.empty()) {
          if (!parse_token_response(a.body, cfg, system_clock::now(), info, why)) why = "HTTP " + std::to_string(a.status) + " but " + why;
          break;
        }
        if (!a.retry || waited + backoff > cfg.retry_backoff_max || backoff.count() <= 0) {
          why = a.why;
          if (tries > 1)
            why += " (" + std::to_string(tries) + " attempts over " + std::to_string(waited.count()) +
                   " ms of backoff; sasl.login.retry.backoff.max.ms)";
          break;
        }
        asio::steady_timer timer(co_await asio::this_coro::executor, backoff);
        co_await timer.async_wait(use_tuple);
        waited += backoff;
        backoff = std::min(backoff * 2, cfg.retry_backoff_max);
      }
    }
    std::vector<std::pair<asio::any_io_executor, handler>> waiters;
    std::error_code ec;
    std::string detail;
    {
      std::lock_guard lock(st.m);
      st.fetching = false;
      waiters.swap(st.waiters);
      const auto now = system_clock::now();
      if (why.empty()) {
        ++st.fetches;
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        st.token = info.token;
        st.expires = info.expires;
        st.refresh_at = oauth_refresh_time(cfg, info.issued, info.expires, unit(st.rng));
        token = st.token;
      } else if (!st.token.empty() && now < st.expires) {
        token = st.token;  // the endpoint failed, but the last token is still valid: use it
        st.refresh_at = now + cfg.retry_backoff_max;
      } else {
        ec = client_errc::invalid_config;
        detail = where + ": " + why;
      }
    }
    for (auto& [wex, h] : waiters)
      asio::post(wex, [h = std::move(h), ec, detail, token] { h(ec, detail, ec ? std::string() : token); });
  };
  asio::co_spawn(ex, fetch(shared_from_this(), where), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
}

}  // namespace kwire::net
