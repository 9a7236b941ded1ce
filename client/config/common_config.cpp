// The keys every client kind shares, and their mapping onto net::cluster_config.

#include <charconv>
#include <fstream>

#include <kwire/config/config.hpp>

namespace kwire::client {
namespace {

using enum config_type;

constexpr std::string_view security_protocols[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
constexpr std::string_view sasl_mechanisms[] = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"};
constexpr std::string_view pem_only[] = {"PEM"};
constexpr std::string_view endpoint_algorithms[] = {"https", ""};

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
    {"security.protocol", enumeration, true, "PLAINTEXT", 0, 0, security_protocols, "how to talk to brokers"},
    {"ssl.truststore.location", string, false, "", 0, 0, {}, "PEM file of CA certificates (empty: system store)"},
    {"ssl.ca.location", string, false, "", 0, 0, {}, "librdkafka's name for ssl.truststore.location"},
    {"ssl.truststore.type", enumeration, true, "PEM", 0, 0, pem_only, "only PEM files are read"},
    {"ssl.keystore.location", string, false, "", 0, 0, {}, "PEM file with the client certificate chain and key"},
    {"ssl.keystore.type", enumeration, true, "PEM", 0, 0, pem_only, "only PEM files are read"},
    {"ssl.certificate.location", string, false, "", 0, 0, {}, "PEM client certificate chain (with ssl.key.location)"},
    {"ssl.key.location", string, false, "", 0, 0, {}, "PEM private key of the client certificate"},
    {"ssl.key.password", password, false, "", 0, 0, {}, "password of an encrypted private key"},
    {"ssl.endpoint.identification.algorithm", enumeration, true, "https", 0, 0, endpoint_algorithms,
     "https: check the broker's host name against its certificate; empty: don't"},
    {"sasl.mechanism", enumeration, true, "PLAIN", 0, 0, sasl_mechanisms, "SASL mechanism"},
    {"sasl.username", string, false, "", 0, 0, {}, "SASL user (PLAIN, SCRAM)"},
    {"sasl.password", password, false, "", 0, 0, {}, "SASL password (PLAIN, SCRAM)"},
    {"sasl.jaas.config", password, false, "", 0, 0, {},
     "Java JAAS line: PlainLoginModule/ScramLoginModule required username=\"..\" password=\"..\";"},
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
  if (path.empty()) return config_error(key, "is empty (give a PEM file path)");
  std::ifstream f(path);
  if (!f) return config_error(key, "cannot open '" + path + "'");
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

config_result sasl_credentials(const config_values& v, net::sasl_config& sasl) {
  const bool oauth = sasl.mechanism == "OAUTHBEARER";
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
    }
    return {};
  }
  if (oauth) {
    for (auto k : {"sasl.username", "sasl.password"})
      if (v.has(k)) return config_error(k, "is not used by OAUTHBEARER (tokens come from the token callback)");
    return {};
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
  static constexpr const char* tls_keys[] = {"ssl.truststore.location", "ssl.ca.location", "ssl.keystore.location",
                                             "ssl.certificate.location", "ssl.key.location", "ssl.key.password",
                                             "ssl.endpoint.identification.algorithm", "ssl.truststore.type",
                                             "ssl.keystore.type"};
  if (!net::uses_tls(c.security)) {
    for (auto k : tls_keys)
      if (v.user_set(k))
        return config_error(k, "set, but security.protocol=" + proto + " does not use TLS (use SSL or SASL_SSL)");
  } else {
    if (v.has("ssl.truststore.location") && v.has("ssl.ca.location"))
      return config_error("ssl.ca.location", "set together with ssl.truststore.location; give the CA file once");
    c.tls.ca_file = v.has("ssl.ca.location") ? v.string("ssl.ca.location") : v.string("ssl.truststore.location");
    if (v.has("ssl.truststore.location") || v.has("ssl.ca.location")) {
      if (auto res = check_readable(v.has("ssl.ca.location") ? "ssl.ca.location" : "ssl.truststore.location",
                                    c.tls.ca_file);
          !res)
        return res;
    }
    c.tls.verify_hostname = v.string("ssl.endpoint.identification.algorithm") == "https";
    if (v.has("ssl.keystore.location")) {
      for (auto k : {"ssl.certificate.location", "ssl.key.location"})
        if (v.has(k)) return config_error(k, "set together with ssl.keystore.location; give the client key once");
      if (auto res = check_readable("ssl.keystore.location", v.string("ssl.keystore.location")); !res) return res;
      c.tls.certificate_file = c.tls.private_key_file = v.string("ssl.keystore.location");
    } else if (v.has("ssl.certificate.location") || v.has("ssl.key.location")) {
      if (!v.has("ssl.key.location")) return config_error("ssl.key.location", "required with ssl.certificate.location");
      if (!v.has("ssl.certificate.location"))
        return config_error("ssl.certificate.location", "required with ssl.key.location");
      for (auto k : {"ssl.certificate.location", "ssl.key.location"})
        if (auto res = check_readable(k, v.string(k)); !res) return res;
      c.tls.certificate_file = v.string("ssl.certificate.location");
      c.tls.private_key_file = v.string("ssl.key.location");
    }
    if (v.has("ssl.key.password")) {
      if (c.tls.private_key_file.empty())
        return config_error("ssl.key.password", "set without a private key (ssl.keystore.location or ssl.key.location)");
      c.tls.private_key_password = v.string("ssl.key.password");
    }
  }

  static constexpr const char* sasl_keys[] = {"sasl.mechanism", "sasl.username", "sasl.password", "sasl.jaas.config"};
  if (!net::uses_sasl(c.security)) {
    for (auto k : sasl_keys)
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
