#pragma once
// Java-named properties ("linger.ms" = "5") → typed settings. One table per client kind lists
// each key once with its type, default, allowed range or values and a one-line doc; one parser
// checks user text against it, and the typed structs (net::cluster_config, producer_config,
// consumer_config) are filled from the checked values. Every failure names the key:
// an unknown key (with a "did you mean" suggestion), a bad value, a value out of range, or a
// conflict between keys. Defaults are the Java 4.x client's and go through the same parser, so
// a table cannot hold a default its own rules reject (tests parse every default).
//
// Accepted common keys (every client kind): see common_keys() in config.cpp, or
// describe_keys(). TLS material is PEM only:
//   ssl.truststore.location   PEM bundle of CA certificates (alias: ssl.ca.location)
//   ssl.keystore.location     one PEM file holding the client certificate chain and its key
//   ssl.certificate.location  PEM client certificate chain (librdkafka's name), with
//   ssl.key.location          its PEM private key; ssl.key.password if that key is encrypted
//   ssl.endpoint.identification.algorithm   "https" (default: check the host name) or ""
// SASL credentials come from sasl.username/sasl.password (librdkafka's names) or from
// sasl.jaas.config in the Java syntax, e.g.
//   org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <kwire/error.hpp>
#include <kwire/net/config.hpp>
#include <kwire/properties.hpp>

namespace kwire::client {

// What the user hands over. "key=value" strings (as `-X key=value` gives) go through
// parse_assignments first.
using kwire::properties;

struct config_result {
  std::error_code ec;   // client_errc::invalid_config
  std::string key;      // the key at fault (for a conflict: the one to change)
  std::string detail;   // starts with the key: "linger.ms: expected ..., got 'abc'"
  // On success: the Java client's keys the user set that kwire accepted and does not use
  // (java_only_keys()), sorted; ignored_warning() words them for the user.
  std::vector<std::string> ignored;
  explicit operator bool() const { return !ec; }
};
config_result config_error(std::string_view key, std::string what);

enum class config_type {
  integer,       // int32
  long_integer,  // int64
  boolean,       // true / false (any case)
  string,
  password,      // a string never echoed back in errors
  list,          // comma-separated, entries trimmed, none empty
  enumeration,   // one of `allowed` (any case; stored in the table's spelling)
  milliseconds,  // an integer number of milliseconds
  bytes,         // an integer number of bytes
};

inline constexpr std::int64_t no_limit_min = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t no_limit_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t int32_max = std::numeric_limits<std::int32_t>::max();

struct config_key {
  std::string_view name;
  config_type type;
  bool has_default;                 // false: absent unless the user sets it (e.g. group.id)
  std::string_view default_value;   // text, parsed like a user's value
  std::int64_t min = 0;             // numeric types only (inclusive)
  std::int64_t max = no_limit_max;
  std::span<const std::string_view> allowed = {};  // enumeration/list values; empty = any
  std::string_view doc = {};
};

using config_table = std::span<const config_key>;

// Parsed values of one client kind: defaults plus what the user set.
using config_value = std::variant<std::monostate, std::int64_t, bool, std::string, std::vector<std::string>>;
class config_values {
 public:
  // The user gave this key (as opposed to it holding its default or nothing).
  bool user_set(std::string_view name) const;
  // A value is present (set or defaulted).
  bool has(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;   // integer, long, milliseconds, bytes
  std::chrono::milliseconds ms(std::string_view name) const { return std::chrono::milliseconds(integer(name)); }
  bool boolean(std::string_view name) const;
  const std::string& string(std::string_view name) const;  // "" when absent
  const std::vector<std::string>& list(std::string_view name) const;

  struct entry {
    config_value value;
    bool user_set = false;
  };
  std::map<std::string, entry, std::less<>> entries;
};

// "key=value" strings → properties. A later assignment of the same key wins (as on a command
// line); a string without '=' or with an empty key is an error.
config_result parse_assignments(std::span<const std::string> assignments, properties& out);

// The Java client's keys that kwire does not implement (kafka-clients 4.4.0's ProducerConfig,
// ConsumerConfig and AdminClientConfig names that no kwire table holds). A user's
// client.properties written for Java carries them: each is accepted and named in
// config_result::ignored, unless its value asks for something kwire would silently not do (a
// custom serializer or partitioner, a restricted TLS version, a config provider): then it is an
// error saying so. Any other unknown key stays an error with "did you mean".
enum java_client : unsigned { java_producer = 1, java_consumer = 2, java_admin = 4 };
struct java_key {
  std::string_view name;
  unsigned clients;                                 // the Java clients that have it (java_client bits)
  std::span<const std::string_view> harmless = {};  // with a refusal: values ignored all the same (any case)
  std::string_view refusal = {};                    // empty: every value is ignored; else why others are refused
  // Whether `value` may be ignored: always without a refusal; else "" or one of `harmless`.
  bool harmless_value(std::string_view value) const;
};
std::span<const java_key> java_only_keys();
const java_key* find_java_key(std::string_view name);  // nullptr: not one of them
// "ignoring Java client settings kwire does not use: a, b" ("" when `ignored` is empty).
std::string ignored_warning(std::span<const std::string> ignored);

// Checks every user key against `tables` and parses every value (defaults included).
// `kind` ("producer", "consumer") words the errors; a key found only in `foreign` (another
// client kind's keys) gets "is a <foreign_kind> setting" instead of "unknown". A key of
// java_only_keys() is ignored (listed in the result's `ignored`); its refusal applies when
// `java` (the java_client bits of this kind) is one of its clients.
struct config_def {
  std::string_view kind;
  std::vector<config_table> tables;
  std::string_view foreign_kind = {};
  std::vector<config_table> foreign = {};
  unsigned java = 0;
};
config_result parse_config(const config_def& def, const properties& in, config_values& out);

// A client kind's typed settings, or kwire::error (client_errc::invalid_config, naming the key):
// what the blocking facades and the create(properties) overloads do with a bad configuration.
template <class Config>
Config parse_or_throw(const properties& props, config_result (*parse)(const properties&, Config&)) {
  Config cfg;
  if (auto r = parse(props, cfg); !r) throw error(r.ec, r.detail);
  return cfg;
}

// One value checked against one key (exposed for tests and for tools that set keys one by one).
config_result parse_value(const config_key& key, std::string_view text, config_value& out);

// The closest key name within a small edit distance, or "" when nothing is close.
std::string suggest_key(std::string_view unknown, std::span<const config_table> tables);

// The keys every client kind accepts (bootstrap.servers, client.id, security.*, ssl.*, sasl.*,
// timeouts, backoffs, ...).
config_table common_keys();
// common keys → net::cluster_config, with their cross-key rules (bootstrap.servers required,
// TLS keys only with an SSL protocol, SASL credentials for PLAIN/SCRAM, ...).
config_result to_cluster_config(const config_values& values, net::cluster_config& out);

// "name  type  default  doc" lines, for --help output.
std::string describe_keys(std::span<const config_table> tables);

}  // namespace kwire::client
