// The sans-I/O parts of net/oauth.hpp: token endpoint URLs, the endpoint's JSON answer with the
// JWT inside (bytes in, token or a named error out), and the refresh rule of sasl.login.refresh.*.

#include <gtest/gtest.h>

#include <kwire/net/oauth.hpp>
#include <kwire/net/sasl.hpp>

namespace kwire::net {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(OauthUrl, PartsAndMistakes) {
  http_url u;
  std::string why;
  ASSERT_TRUE(parse_http_url("https://idp.example/oauth2/v1/token?x=1", u, why)) << why;
  EXPECT_TRUE(u.https);
  EXPECT_EQ(u.host, "idp.example");
  EXPECT_EQ(u.port, "443");
  EXPECT_EQ(u.target, "/oauth2/v1/token?x=1");
  ASSERT_TRUE(parse_http_url("http://127.0.0.1:8080", u, why)) << why;
  EXPECT_FALSE(u.https);
  EXPECT_EQ(u.port, "8080");
  EXPECT_EQ(u.target, "/");
  ASSERT_TRUE(parse_http_url("http://[::1]:9/t", u, why)) << why;
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "9");
  EXPECT_FALSE(parse_http_url("file:///etc/token", u, why));
  EXPECT_EQ(why, "is not an http:// or https:// URL");
  EXPECT_FALSE(parse_http_url("http://:80/t", u, why));
  EXPECT_EQ(why, "has no host");
  EXPECT_FALSE(parse_http_url("http://h:70000/t", u, why));
  EXPECT_EQ(why, "has an invalid port (1..65535)");
  EXPECT_FALSE(parse_http_url("http://id:s3cr3t@h/t", u, why));
  EXPECT_NE(why.find("user information"), std::string::npos);
  EXPECT_EQ(why.find("s3cr3t"), std::string::npos) << why;
}

std::string b64url(const std::string& s) {
  auto b = base64_encode(protocol::byte_view(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
  for (auto& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

std::string jwt(const std::string& claims) { return b64url(R"({"alg":"RS256"})") + "." + b64url(claims) + ".c2ln"; }

const auto now = system_clock::time_point(seconds(1'800'000'000));

TEST(OauthTokenResponse, TokenSubjectAndTimes) {
  oauth_client_credentials cfg;
  oauth_token_info info;
  std::string why;
  const auto token = jwt(R"({"sub":"app","iat":1799999990,"exp":1800003600,"scope":["a","b"]})");
  ASSERT_TRUE(parse_token_response(R"({"access_token":")" + token + R"(","token_type":"Bearer","expires_in":3600})", cfg,
                                   now, info, why))
      << why;
  EXPECT_EQ(info.token, token);
  EXPECT_EQ(info.subject, "app");
  EXPECT_EQ(info.expires, system_clock::time_point(seconds(1'800'003'600)));
  EXPECT_EQ(info.issued, system_clock::time_point(seconds(1'799'999'990)));
  // Another claim names the principal (sasl.oauthbearer.sub.claim.name).
  cfg.sub_claim = "client_id";
  EXPECT_FALSE(parse_token_response(R"({"access_token":")" + token + R"("})", cfg, now, info, why));
  EXPECT_EQ(why, "the access_token has no 'client_id' claim (sasl.oauthbearer.sub.claim.name)");
}

TEST(OauthTokenResponse, NamedMistakes) {
  oauth_client_credentials cfg;
  oauth_token_info info;
  std::string why;
  const auto answer = [](const std::string& token) { return R"({"access_token":")" + token + R"("})"; };
  EXPECT_FALSE(parse_token_response("<html>gateway</html>", cfg, now, info, why));
  EXPECT_NE(why.find("the answer is not a JSON object"), std::string::npos) << why;
  EXPECT_NE(why.find("'<html>gateway</html>'"), std::string::npos) << why;
  EXPECT_FALSE(parse_token_response(R"(["a"])", cfg, now, info, why));
  EXPECT_NE(why.find("not a JSON object"), std::string::npos) << why;
  EXPECT_FALSE(parse_token_response(R"({"error":"invalid_scope"})", cfg, now, info, why));
  EXPECT_EQ(why, "the answer has no access_token (error: invalid_scope)");
  EXPECT_FALSE(parse_token_response(answer("opaque-token"), cfg, now, info, why));
  EXPECT_EQ(why, "the access_token is not a JWT (three base64url parts separated by '.')");
  EXPECT_FALSE(parse_token_response(answer("a.b!.c"), cfg, now, info, why));
  EXPECT_EQ(why, "the access_token is not a JWT (three base64url parts separated by '.')");
  EXPECT_FALSE(parse_token_response(answer(jwt(R"({"sub":"app"})")), cfg, now, info, why));
  EXPECT_EQ(why, "the access_token has no numeric 'exp' claim");
  EXPECT_FALSE(parse_token_response(answer(jwt(R"({"sub":"app","exp":1800003600,"scope":7})")), cfg, now, info, why));
  EXPECT_NE(why.find("'scope' claim is neither a string nor a list of strings"), std::string::npos) << why;
  EXPECT_FALSE(parse_token_response(answer(jwt(R"({"sub":"app","exp":1799999880})")), cfg, now, info, why));
  EXPECT_EQ(why, "the access_token (sub 'app') expired 120 s before it was received ('exp' claim 1799999880)");
  // Nothing of the token itself in any of these.
  EXPECT_EQ(why.find("eyJ"), std::string::npos);
}

TEST(OauthRefresh, JavasRule) {
  oauth_client_credentials cfg;  // factor 0.8, jitter 0.05, min period 60 s, buffer 300 s
  const auto t0 = system_clock::time_point(seconds(1000));
  // One hour: 80% (+ jitter up to 5%), inside [t0 + 60 s, exp - 300 s].
  EXPECT_EQ(oauth_refresh_time(cfg, t0, t0 + seconds(3600), 0.0), t0 + seconds(2880));
  EXPECT_EQ(oauth_refresh_time(cfg, t0, t0 + seconds(3600), 0.5), t0 + seconds(2970));
  // Ten minutes: 80% would leave less than the buffer: exp - 300 s.
  EXPECT_EQ(oauth_refresh_time(cfg, t0, t0 + seconds(600), 0.0), t0 + seconds(300));
  // Six seconds: too short for 60 s + 300 s, the factor alone.
  EXPECT_EQ(oauth_refresh_time(cfg, t0, t0 + seconds(6), 0.0), t0 + std::chrono::milliseconds(4800));
  cfg.refresh_window_factor = 0.5;
  cfg.refresh_window_jitter = 0;
  EXPECT_EQ(oauth_refresh_time(cfg, t0, t0 + seconds(6), 0.9), t0 + seconds(3));
}

}  // namespace
}  // namespace kwire::net
