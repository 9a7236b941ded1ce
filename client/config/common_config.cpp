// The keys every client kind shares, and their mapping onto net::cluster_config.

#include <algorithm>
#include <charconv>
#include <fstream>
#include <vector>

#include <kwire/config/config.hpp>
#include <kwire/net/oauth.hpp>

namespace kwire::client {
namespace {

using enum config_type;

constexpr std::string_view security_protocols[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
constexpr std::string_view sasl_mechanisms[] = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"};
constexpr std::string_view store_types[] = {"PEM", "PKCS12", "JKS"};
constexpr std::string_view endpoint_algorithms[] = {"https", ""};
constexpr std::string_view recovery_strategies[] = {"none", "rebootstrap"};

const config_key common[] = {
    {"bootstrap.servers", list, false, "", 0, 0, {}, "host:port of brokers to start from (required)"},
    {"client.id", string, true, "kwire", 0, 0, {}, "name sent with every request (broker logs, quotas)"},
    {"client.software.name", string, true, "kwire", 0, 0, {}, "KIP-511 client name sent in ApiVersions"},
    {"client.software.version", string, true, "0.1.0", 0, 0, {}, "KIP-511 client version sent in ApiVersions"},
    {"request.timeout.ms", milliseconds, true, "30000", 0, int32_max, {}, "how long to wait for a response"},
    {"socket.connection.setup.timeout.ms", milliseconds, true, "10000", 0, int32_max, {},
     "TCP + TLS + handshake time limit per connection attempt"},
    {"connections.max.idle.ms", milliseconds, true, "540000", 0, no_limit_max, {}, "close idle connections after this"},
    {"reconnect.backoff.ms", milliseconds, true, "50", 0, no_limit_max, {}, "first wait before reconnecting"},
    {"reconnect.backoff.max.ms", milliseconds, true, "1000", 0, no_limit_max, {},
     "longest wait before reconnecting (exponential backoff with jitter)"},
    {"max.in.flight.requests.per.connection", integer, true, "5", 1, int32_max, {},
     "requests sent on one connection without their answer yet"},
    {"metadata.max.age.ms", milliseconds, true, "300000", 0, no_limit_max, {}, "refresh metadata at least this often"},
    {"retry.backoff.ms", milliseconds, true, "100", 0, no_limit_max, {}, "wait before retrying a failed request"},
    {"metadata.recovery.strategy", enumeration, true, "rebootstrap", 0, 0, recovery_strategies,
     "rebootstrap: go back to bootstrap.servers when no known broker answers (KIP-899); none: keep trying them"},
    {"metadata.recovery.rebootstrap.trigger.ms", milliseconds, true, "300000", 0, no_limit_max, {},
     "rebootstrap after this long without a metadata answer (KIP-1102)"},
    {"security.protocol", enumeration, true, "PLAINTEXT", 0, 0, security_protocols, "how to talk to brokers"},
    {"ssl.truststore.location", string, false, "", 0, 0, {},
     "CA certificates: a PEM file, or a PKCS#12 trust store with ssl.truststore.type=PKCS12 (empty: system store)"},
    {"ssl.ca.location", string, false, "", 0, 0, {}, "librdkafka's name for a PEM ssl.truststore.location"},
    {"ssl.truststore.type", enumeration, true, "PEM", 0, 0, store_types, "PEM or PKCS12 (JKS: convert to PKCS12)"},
    {"ssl.truststore.password", password, false, "", 0, 0, {}, "password of a PKCS12 trust store"},
    {"ssl.truststore.certificates", string, false, "", 0, 0, {}, "CA certificates as PEM text (ssl.truststore.type=PEM)"},
    {"ssl.keystore.location", string, false, "", 0, 0, {},
     "the client certificate and key: one PEM file, or a PKCS#12 key store with ssl.keystore.type=PKCS12"},
    {"ssl.keystore.type", enumeration, true, "PEM", 0, 0, store_types, "PEM or PKCS12 (JKS: convert to PKCS12)"},
    {"ssl.keystore.password", password, false, "", 0, 0, {}, "password of a PKCS12 key store"},
    {"ssl.keystore.certificate.chain", string, false, "", 0, 0, {},
     "the client certificate chain as PEM text (with ssl.keystore.key)"},
    {"ssl.keystore.key", password, false, "", 0, 0, {}, "the client's private key as PEM text (with ssl.keystore.certificate.chain)"},
    {"ssl.certificate.location", string, false, "", 0, 0, {}, "PEM client certificate chain (with ssl.key.location)"},
    {"ssl.key.location", string, false, "", 0, 0, {}, "PEM private key of the client certificate"},
    {"ssl.key.password", password, false, "", 0, 0, {}, "password of an encrypted PEM private key"},
    {"ssl.endpoint.identification.algorithm", enumeration, true, "https", 0, 0, endpoint_algorithms,
     "https: check the broker's host name against its certificate; empty: don't"},
    {"sasl.mechanism", enumeration, true, "PLAIN", 0, 0, sasl_mechanisms, "SASL mechanism"},
    {"sasl.username", string, false, "", 0, 0, {}, "SASL user (PLAIN, SCRAM)"},
    {"sasl.password", password, false, "", 0, 0, {}, "SASL password (PLAIN, SCRAM)"},
    {"sasl.jaas.config", password, false, "", 0, 0, {},
     "Java JAAS line: PlainLoginModule/ScramLoginModule required username=\"..\" password=\"..\"; or "
     "OAuthBearerLoginModule required clientId=\"..\" clientSecret=\"..\" scope=\"..\";"},
    {"sasl.oauthbearer.token.endpoint.url", string, false, "", 0, 0, {},
     "OAUTHBEARER: http(s) URL of the OAuth token endpoint (client credentials grant, KIP-768)"},
    {"sasl.oauthbearer.sub.claim.name", string, true, "sub", 0, 0, {}, "OAUTHBEARER: the JWT claim naming the principal"},
    {"sasl.oauthbearer.scope.claim.name", string, true, "scope", 0, 0, {},
     "OAUTHBEARER: the JWT claim holding the scope (a string or a list of strings when present)"},
    {"sasl.login.refresh.window.factor", string, true, "0.8", 0, 0, {},
     "fetch a new token at this fraction of the token's lifetime (0.5-1.0)"},
    {"sasl.login.refresh.window.jitter", string, true, "0.05", 0, 0, {},
     "random fraction of the lifetime added to the refresh time (0-0.25)"},
    {"sasl.login.refresh.min.period.seconds", integer, true, "60", 0, 900, {},
     "fetch a new token no sooner than this after the last one"},
    {"sasl.login.refresh.buffer.seconds", integer, true, "300", 0, 3600, {},
     "fetch a new token at least this long before the token expires"},
    {"sasl.login.connect.timeout.ms", milliseconds, true, "10000", 1, int32_max, {},
     "time limit to connect to the token endpoint (TCP and TLS)"},
    {"sasl.login.read.timeout.ms", milliseconds, true, "10000", 1, int32_max, {},
     "time limit for the token endpoint's answer"},
    {"sasl.login.retry.backoff.ms", milliseconds, true, "100", 0, int32_max, {},
     "first wait before asking the token endpoint again (connect failure, timeout, HTTP 5xx)"},
    {"sasl.login.retry.backoff.max.ms", milliseconds, true, "10000", 0, int32_max, {},
     "longest wait between attempts; attempts stop once the waits would pass it"},
};

// "host:port" or "[v6]:port".
config_result check_server(std::string_view s) {
  const auto colon = s.rfind(':');
  const auto bad = [&](std::string why) {
    return config_error("bootstrap.servers", "'" + std::string(s) + "' " + why);
  };
  if (colon == std::string_view::npos) return bad("has no port (expected host:port)");
  const auto host = s.substr(0, colon);
  const auto port = s.substr(colon + 1);
  if (host.empty() || host == "[]") return bad("has no host (expected host:port)");
  if (host.front() == '[' ? host.back() != ']' : host.find(':') != std::string_view::npos)
    return bad("is not host:port (write IPv6 addresses as [addr]:port)");
  int p = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || p < 1 || p > 65535)
    return bad("has an invalid port (1..65535)");
  return {};
}

// KIP-511: names and versions the broker accepts.
bool software_token_ok(std::string_view s) {
  if (s.empty()) return false;
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-' || c == '.'; });
}

config_result check_readable(std::string_view key, const std::string& path) {
  if (path.empty()) return config_error(key, "is empty (give a file path)");
  std::ifstream f(path);
  if (!f) return config_error(key, "cannot open '" + path + "'");
  return {};
}

// JKS is Java's own format, which OpenSSL does not read.
config_result no_jks(std::string_view key, const std::string& type) {
  if (type != "JKS") return {};
  return config_error(key, "JKS stores are not read by kwire; convert the store with keytool -importkeystore "
                           "-srckeystore FILE.jks -destkeystore FILE.p12 -deststoretype PKCS12 and set PKCS12");
}

// The ssl.* keys (security.protocol uses TLS) onto net::tls_config: one source per role, the
// password keys only where they open something, files readable.
config_result tls_settings(const config_values& v, net::tls_config& t) {
  t = net::tls_config{};
  const auto& trust_type = v.string("ssl.truststore.type");
  const auto& key_type = v.string("ssl.keystore.type");
  if (auto r = no_jks("ssl.truststore.type", trust_type); !r) return r;
  if (auto r = no_jks("ssl.keystore.type", key_type); !r) return r;

  // Whom to trust.
  int trust_sources = 0;
  const char* trust_key = nullptr;
  for (auto k : {"ssl.truststore.location", "ssl.ca.location", "ssl.truststore.certificates"})
    if (v.has(k)) {
      if (trust_sources++) return config_error(k, std::string("set together with ") + trust_key + "; give the CA once");
      trust_key = k;
    }
  if (trust_type == "PKCS12") {
    t.truststore_type = net::store_type::pkcs12;
    if (!v.has("ssl.truststore.location"))
      return config_error("ssl.truststore.type", "PKCS12 needs ssl.truststore.location (the .p12 file)");
    t.truststore_password = v.string("ssl.truststore.password");
  } else if (v.has("ssl.truststore.password")) {
    return config_error("ssl.truststore.password", "set, but a PEM trust store has no password (ssl.truststore.type=PKCS12 "
                                                   "for a .p12 file)");
  }
  if (trust_key && std::string_view(trust_key) == "ssl.truststore.certificates") {
    t.ca_pem = v.string("ssl.truststore.certificates");
    if (t.ca_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return config_error("ssl.truststore.certificates", "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  } else if (trust_key) {
    t.ca_file = v.string(trust_key);
    if (auto res = check_readable(trust_key, t.ca_file); !res) return res;
  }
  t.verify_hostname = v.string("ssl.endpoint.identification.algorithm") == "https";

  // Who we are (optional).
  const bool location = v.has("ssl.keystore.location");
  const bool pem_text = v.has("ssl.keystore.certificate.chain") || v.has("ssl.keystore.key");
  const bool rdkafka_files = v.has("ssl.certificate.location") || v.has("ssl.key.location");
  {
    // One client certificate source: the first key set of one group against any of another.
    const std::vector<std::vector<const char*>> groups = {{"ssl.keystore.location"},
                                                          {"ssl.keystore.certificate.chain", "ssl.keystore.key"},
                                                          {"ssl.certificate.location", "ssl.key.location"}};
    const char* first = nullptr;
    std::size_t first_group = 0;
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (auto k : groups[g]) {
        if (!v.has(k)) continue;
        if (!first) {
          first = k;
          first_group = g;
        } else if (g != first_group) {
          return config_error(k, std::string("set together with ") + first + "; give the client certificate once");
        }
      }
  }
  if (key_type == "PKCS12") {
    if (!location) return config_error("ssl.keystore.type", "PKCS12 needs ssl.keystore.location (the .p12 file)");
    t.keystore_type = net::store_type::pkcs12;
    t.keystore_file = v.string("ssl.keystore.location");
    if (auto res = check_readable("ssl.keystore.location", t.keystore_file); !res) return res;
    t.keystore_password = v.string("ssl.keystore.password");
    // keytool gives the key the store's password unless told otherwise; OpenSSL opens both with one.
    if (v.has("ssl.key.password") && v.string("ssl.key.password") != t.keystore_password)
      return config_error("ssl.key.password", "differs from ssl.keystore.password; kwire opens a PKCS12 store's key with "
                                              "the store's password (a separate key password: not yet)");
    return {};
  }
  if (v.has("ssl.keystore.password"))
    return config_error("ssl.keystore.password", "set, but a PEM key store has no store password (ssl.key.password "
                                                 "opens an encrypted PEM key; ssl.keystore.type=PKCS12 for a .p12 file)");
  if (location) {
    if (auto res = check_readable("ssl.keystore.location", v.string("ssl.keystore.location")); !res) return res;
    t.certificate_file = t.private_key_file = v.string("ssl.keystore.location");
  } else if (pem_text) {
    if (!v.has("ssl.keystore.key")) return config_error("ssl.keystore.key", "required with ssl.keystore.certificate.chain");
    if (!v.has("ssl.keystore.certificate.chain"))
      return config_error("ssl.keystore.certificate.chain", "required with ssl.keystore.key");
    t.certificate_pem = v.string("ssl.keystore.certificate.chain");
    t.private_key_pem = v.string("ssl.keystore.key");
  } else if (rdkafka_files) {
    if (!v.has("ssl.key.location")) return config_error("ssl.key.location", "required with ssl.certificate.location");
    if (!v.has("ssl.certificate.location"))
      return config_error("ssl.certificate.location", "required with ssl.key.location");
    for (auto k : {"ssl.certificate.location", "ssl.key.location"})
      if (auto res = check_readable(k, v.string(k)); !res) return res;
    t.certificate_file = v.string("ssl.certificate.location");
    t.private_key_file = v.string("ssl.key.location");
  }
  if (v.has("ssl.key.password")) {
    if (!location && !pem_text && !rdkafka_files)
      return config_error("ssl.key.password", "set without a private key (ssl.keystore.location, ssl.keystore.key or "
                                              "ssl.key.location)");
    t.private_key_password = v.string("ssl.key.password");
  }
  return {};
}

// The single login module line Java's sasl.jaas.config holds:
//   <class> <required|requisite|sufficient|optional> name="value" ... ;
struct jaas_entry {
  std::string module;
  std::map<std::string, std::string> options;
};
config_result parse_jaas(std::string_view s, jaas_entry& out) {
  constexpr std::string_view key = "sasl.jaas.config";
  std::size_t i = 0;
  const auto skip_ws = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  const auto word = [&] {
    const std::size_t from = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '=' && s[i] != ';') ++i;
    return std::string(s.substr(from, i - from));
  };
  skip_ws();
  out.module = word();
  skip_ws();
  const std::string flag = word();
  if (out.module.empty() || (flag != "required" && flag != "requisite" && flag != "sufficient" && flag != "optional"))
    return config_error(key, "expected '<LoginModule class> required name=\"value\" ...;'");
  for (;;) {
    skip_ws();
    if (i < s.size() && s[i] == ';') break;
    if (i >= s.size()) return config_error(key, "missing ';' at the end");
    const std::string name = word();
    if (name.empty() || i >= s.size() || s[i] != '=')
      return config_error(key, "expected name=value after the module's flag, at character " + std::to_string(i));
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
      if (i >= s.size()) return config_error(key, "unterminated quoted value of option '" + name + "'");
      ++i;
    } else {
      value = word();
    }
    out.options[name] = std::move(value);
  }
  ++i;
  skip_ws();
  if (i != s.size()) return config_error(key, "holds more than one login module; kwire takes exactly one");
  return {};
}

// A fraction key (Java's double type) within [lo, hi].
config_result fraction(const config_values& v, const char* key, double lo, double hi, double& out) {
  const auto& text = v.string(key);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !(out >= lo && out <= hi))
    return config_error(key, "'" + text + "' must be a number from " + std::to_string(lo).substr(0, 4) + " to " +
                                 std::to_string(hi).substr(0, 4));
  return {};
}

// OAUTHBEARER: a token endpoint (KIP-768) with the client's credentials from the
// OAuthBearerLoginModule line, or nothing (the embedder's token callback).
config_result oauth_settings(const config_values& v, jaas_entry* jaas, net::sasl_config& sasl) {
  constexpr auto url_key = "sasl.oauthbearer.token.endpoint.url";
  if (!v.has(url_key)) {
    if (jaas)
      for (const auto& [name, value] : jaas->options)
        return config_error("sasl.jaas.config", "option '" + name + "' of OAuthBearerLoginModule needs " + url_key +
                                                    " (kwire fetches tokens only from a token endpoint, or takes them "
                                                    "from the token callback)");
    return {};
  }
  net::oauth_client_credentials c;
  c.token_endpoint_url = v.string(url_key);
  net::http_url u;
  std::string why;
  if (!net::parse_http_url(c.token_endpoint_url, u, why)) return config_error(url_key, "'" + c.token_endpoint_url + "' " + why);
  if (!jaas)
    return config_error(url_key, "needs sasl.jaas.config=org.apache.kafka.common.security.oauthbearer."
                                 "OAuthBearerLoginModule required clientId=\"...\" clientSecret=\"...\";");
  static constexpr std::string_view options[] = {"clientId", "clientSecret", "scope", "ssl.truststore.location",
                                                 "ssl.truststore.type", "ssl.truststore.password",
                                                 "ssl.endpoint.identification.algorithm"};
  for (const auto& [name, value] : jaas->options)
    if (std::find(std::begin(options), std::end(options), name) == std::end(options))
      return config_error("sasl.jaas.config", "option '" + name + "' of OAuthBearerLoginModule is not one kwire uses "
                                              "(clientId, clientSecret, scope, and ssl.truststore.location, "
                                              "ssl.truststore.type, ssl.truststore.password, "
                                              "ssl.endpoint.identification.algorithm for an https endpoint)");
  if (jaas->options["clientId"].empty() || jaas->options["clientSecret"].empty())
    return config_error("sasl.jaas.config", "needs clientId=\"...\" and clientSecret=\"...\" for " + std::string(url_key));
  c.client_id = jaas->options["clientId"];
  c.client_secret = jaas->options["clientSecret"];
  c.scope = jaas->options["scope"];
  c.sub_claim = v.string("sasl.oauthbearer.sub.claim.name");
  c.scope_claim = v.string("sasl.oauthbearer.scope.claim.name");
  if (auto r = fraction(v, "sasl.login.refresh.window.factor", 0.5, 1.0, c.refresh_window_factor); !r) return r;
  if (auto r = fraction(v, "sasl.login.refresh.window.jitter", 0.0, 0.25, c.refresh_window_jitter); !r) return r;
  c.refresh_min_period = std::chrono::seconds(v.integer("sasl.login.refresh.min.period.seconds"));
  c.refresh_buffer = std::chrono::seconds(v.integer("sasl.login.refresh.buffer.seconds"));
  c.connect_timeout = v.ms("sasl.login.connect.timeout.ms");
  c.read_timeout = v.ms("sasl.login.read.timeout.ms");
  c.retry_backoff = v.ms("sasl.login.retry.backoff.ms");
  c.retry_backoff_max = v.ms("sasl.login.retry.backoff.max.ms");
  // https: whom to trust comes from the login module's ssl.* options, as in Java
  // (JaasOptionsUtils); without them, the system's CA store.
  auto& o = jaas->options;
  const std::string type = o.contains("ssl.truststore.type") ? o["ssl.truststore.type"] : "PEM";
  if (type != "PEM" && type != "PKCS12")
    return config_error("sasl.jaas.config", "option ssl.truststore.type must be PEM or PKCS12 (a JKS store: convert it "
                                            "with keytool -importkeystore -deststoretype PKCS12)");
  if (o.contains("ssl.truststore.location")) {
    c.tls.ca_file = o["ssl.truststore.location"];
    if (auto r = check_readable("sasl.jaas.config option ssl.truststore.location", c.tls.ca_file); !r) return r;
  }
  if (type == "PKCS12") {
    if (c.tls.ca_file.empty())
      return config_error("sasl.jaas.config", "option ssl.truststore.type=PKCS12 needs ssl.truststore.location");
    c.tls.truststore_type = net::store_type::pkcs12;
    c.tls.truststore_password = o["ssl.truststore.password"];
  } else if (o.contains("ssl.truststore.password")) {
    return config_error("sasl.jaas.config", "option ssl.truststore.password is set, but a PEM trust store has none");
  }
  if (o.contains("ssl.endpoint.identification.algorithm")) {
    const auto& alg = o["ssl.endpoint.identification.algorithm"];
    if (alg != "https" && !alg.empty())
      return config_error("sasl.jaas.config", "option ssl.endpoint.identification.algorithm must be https or empty");
    c.tls.verify_hostname = alg == "https";
  }
  sasl.token_source = net::oauth_token_source::create(std::move(c));
  return {};
}

// The keys only OAUTHBEARER reads.
constexpr const char* oauth_keys[] = {"sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.sub.claim.name",
                                      "sasl.oauthbearer.scope.claim.name", "sasl.login.refresh.window.factor",
                                      "sasl.login.refresh.window.jitter", "sasl.login.refresh.min.period.seconds",
                                      "sasl.login.refresh.buffer.seconds", "sasl.login.connect.timeout.ms",
                                      "sasl.login.read.timeout.ms", "sasl.login.retry.backoff.ms",
                                      "sasl.login.retry.backoff.max.ms"};

config_result sasl_credentials(const config_values& v, net::sasl_config& sasl) {
  const bool oauth = sasl.mechanism == "OAUTHBEARER";
  if (!oauth)
    for (auto k : oauth_keys)
      if (v.user_set(k)) return config_error(k, "set, but sasl.mechanism=" + sasl.mechanism + " (it is for OAUTHBEARER)");
  if (v.has("sasl.jaas.config")) {
    for (auto k : {"sasl.username", "sasl.password"})
      if (v.has(k)) return config_error(k, "set together with sasl.jaas.config; give the credentials once");
    jaas_entry e;
    if (auto res = parse_jaas(v.string("sasl.jaas.config"), e); !res) return res;
    const auto ends = [&](std::string_view tail) { return e.module.ends_with(tail); };
    const bool ok = sasl.mechanism == "PLAIN" ? ends(".PlainLoginModule")
                    : oauth                   ? ends(".OAuthBearerLoginModule")
                                              : ends(".ScramLoginModule");
    if (!ok)
      return config_error("sasl.jaas.config", "login module " + e.module + " does not match sasl.mechanism=" +
                                                  sasl.mechanism);
    if (!oauth) {
      if (!e.options.contains("username") || !e.options.contains("password"))
        return config_error("sasl.jaas.config", "needs both username=\"...\" and password=\"...\"");
      sasl.username = e.options["username"];
      sasl.password = e.options["password"];
      return {};
    }
    return oauth_settings(v, &e, sasl);
  }
  if (oauth) {
    for (auto k : {"sasl.username", "sasl.password"})
      if (v.has(k))
        return config_error(k, "is not used by OAUTHBEARER (tokens come from sasl.oauthbearer.token.endpoint.url or "
                               "the token callback)");
    return oauth_settings(v, nullptr, sasl);
  }
  sasl.username = v.string("sasl.username");
  sasl.password = v.string("sasl.password");
  if (!v.has("sasl.username"))
    return config_error("sasl.username", "required for sasl.mechanism=" + sasl.mechanism + " (or give sasl.jaas.config)");
  if (!v.has("sasl.password"))
    return config_error("sasl.password", "required for sasl.mechanism=" + sasl.mechanism + " (or give sasl.jaas.config)");
  return {};
}

}  // namespace

config_table common_keys() { return common; }

config_result to_cluster_config(const config_values& v, net::cluster_config& out) {
  if (!v.has("bootstrap.servers") || v.list("bootstrap.servers").empty())
    return config_error("bootstrap.servers", "required (host:port of at least one broker)");
  out.bootstrap_servers.clear();
  for (const auto& s : v.list("bootstrap.servers")) {
    if (auto res = check_server(s); !res) return res;
    out.bootstrap_servers += (out.bootstrap_servers.empty() ? "" : ",") + s;
  }
  out.metadata_max_age = v.ms("metadata.max.age.ms");
  out.retry_backoff = v.ms("retry.backoff.ms");
  out.recovery = v.string("metadata.recovery.strategy") == "none" ? net::metadata_recovery::none
                                                                  : net::metadata_recovery::rebootstrap;
  out.rebootstrap_trigger = v.ms("metadata.recovery.rebootstrap.trigger.ms");

  auto& c = out.connection;
  c.client_id = v.string("client.id");
  c.software_name = v.string("client.software.name");
  c.software_version = v.string("client.software.version");
  for (auto k : {"client.software.name", "client.software.version"})
    if (!software_token_ok(v.string(k)))
      return config_error(k, "'" + v.string(k) + "' must be letters, digits, '-' and '.', starting and ending "
                                                  "with a letter or digit (KIP-511)");
  c.request_timeout = v.ms("request.timeout.ms");
  c.connection_setup_timeout = v.ms("socket.connection.setup.timeout.ms");
  c.connections_max_idle = v.ms("connections.max.idle.ms");
  c.reconnect_backoff = v.ms("reconnect.backoff.ms");
  c.reconnect_backoff_max = v.ms("reconnect.backoff.max.ms");
  c.max_in_flight = static_cast<int>(v.integer("max.in.flight.requests.per.connection"));

  const auto& proto = v.string("security.protocol");
  c.security = proto == "SSL"              ? net::security_protocol::ssl
               : proto == "SASL_PLAINTEXT" ? net::security_protocol::sasl_plaintext
               : proto == "SASL_SSL"       ? net::security_protocol::sasl_ssl
                                           : net::security_protocol::plaintext;

  // TLS keys with a protocol that does not use TLS would be silently ignored: refuse them.
  static constexpr const char* tls_keys[] = {
      "ssl.truststore.location", "ssl.ca.location",       "ssl.truststore.type",       "ssl.truststore.password",
      "ssl.truststore.certificates", "ssl.keystore.location", "ssl.keystore.type",   "ssl.keystore.password",
      "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.certificate.location", "ssl.key.location",
      "ssl.key.password",        "ssl.endpoint.identification.algorithm"};
  if (!net::uses_tls(c.security)) {
    for (auto k : tls_keys)
      if (v.user_set(k))
        return config_error(k, "set, but security.protocol=" + proto + " does not use TLS (use SSL or SASL_SSL)");
  } else if (auto res = tls_settings(v, c.tls); !res) {
    return res;
  }

  static constexpr const char* sasl_keys[] = {"sasl.mechanism", "sasl.username", "sasl.password", "sasl.jaas.config"};
  if (!net::uses_sasl(c.security)) {
    for (auto k : sasl_keys)
      if (v.user_set(k))
        return config_error(k, "set, but security.protocol=" + proto +
                                   " does not use SASL (use SASL_PLAINTEXT or SASL_SSL)");
    for (auto k : oauth_keys)
      if (v.user_set(k))
        return config_error(k, "set, but security.protocol=" + proto +
                                   " does not use SASL (use SASL_PLAINTEXT or SASL_SSL)");
  } else {
    c.sasl.mechanism = v.string("sasl.mechanism");
    if (auto res = sasl_credentials(v, c.sasl); !res) return res;
  }
  return {};
}

}  // namespace kwire::client
