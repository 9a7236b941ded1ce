#pragma once
// What every kwire subcommand does between its flags and its client: the common flags (-b, -X
// key=value, --command-config FILE), the properties they make (file, then the command's own
// flags, then -X, then -b), the Java-named settings parsed and checked, each failure printed once
// as "kwire COMMAND: what was wrong".

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/config/config.hpp>
#include "tools/cli/format.hpp"
#include "tools/cli/properties.hpp"

namespace kwire::cli {

// s as a quoted, escaped JSON string (the same escaping as `kwire consume --json`).
inline std::string json_string(std::string_view s) {
  std::string out;
  client::append_json_string(out, s);
  return out;
}

// The common flags' lines of every subcommand's usage.
inline constexpr const char* common_flags_help =
    "common flags:\n"
    "  -b, --bootstrap-server HOST:PORT[,...]  the brokers; wins over bootstrap.servers from -X or\n"
    "                             --command-config; without any of them, $KWIRE_BOOTSTRAP\n"
    "  -X key=value               any client property by its Java name (repeatable; wins over the file)\n"
    "  --command-config FILE      a Java .properties file (security.protocol, sasl.*, ssl.*, ...),\n"
    "                             as the Java tools' --command-config takes it\n"
    "  -h, --help                 this text\n";

// -b, -X and --command-config as one subcommand's argument loop meets them.
struct common_flags {
  std::string bootstrap;                      // -b as given ("" when absent)
  std::vector<std::string> assignments;       // -X key=value, in order
  std::optional<std::string> command_config;  // --command-config FILE

  enum class took { no, yes, missing_value };

  // Takes argv[i] and its value when argv[i] is a common flag (i then points at the value).
  took take(int argc, char** argv, int& i) {
    const std::string_view a = argv[i];
    const bool bootstrap_flag = a == "-b" || a == "--bootstrap" || a == "--bootstrap-server";
    if (!bootstrap_flag && a != "-X" && a != "--command-config") return took::no;
    if (i + 1 >= argc) return took::missing_value;
    const char* v = argv[++i];
    if (bootstrap_flag) bootstrap = v;
    else if (a == "-X") assignments.emplace_back(v);
    else command_config = v;
    return took::yes;
  }

  // The properties for COMMAND's client, lowest first: the --command-config file, `own` (what
  // the command's own flags set), -X, then -b for bootstrap.servers; when none names a broker,
  // $KWIRE_BOOTSTRAP; client.id is kwire-cli unless set. False after printing what was wrong
  // (unreadable file, malformed -X, no broker).
  bool properties(const char* command, const client::properties& own, client::properties& out) const {
    out.clear();
    if (command_config) {
      std::string why;
      if (!read_properties_file(*command_config, out, why)) {
        std::fprintf(stderr, "kwire %s: --command-config %s\n", command, why.c_str());
        return false;
      }
    }
    for (const auto& [k, v] : own) out[k] = v;
    if (auto r = client::parse_assignments(assignments, out); !r) {
      std::fprintf(stderr, "kwire %s: %s\n", command, r.detail.c_str());
      return false;
    }
    if (!bootstrap.empty()) out["bootstrap.servers"] = bootstrap;
    if (!out.count("bootstrap.servers")) {
      const char* env = std::getenv("KWIRE_BOOTSTRAP");
      if (!env || !*env) {
        std::fprintf(stderr,
                     "kwire %s: no broker: pass -b HOST:PORT, set bootstrap.servers (-X or --command-config) "
                     "or set KWIRE_BOOTSTRAP\n",
                     command);
        return false;
      }
      out["bootstrap.servers"] = env;
    }
    if (!out.count("client.id")) out["client.id"] = "kwire-cli";
    return true;
  }
};

// A log hook (net::connection_config::log) that prints error-level messages on stderr as
// "kwire COMMAND: message" when they happen, as kcat prints broker errors: what a client retries
// quietly (a bootstrap server refused or not resolved, a TLS file that does not load) is seen at
// once, not only when the wait ends. A message is "cause; what happens next" ("...; next attempt
// in 59 ms"): each cause is printed once, however often it is retried. Safe from any thread.
inline net::log_callback stderr_errors(const char* command) {
  struct seen {
    std::mutex mutex;
    std::set<std::string> texts;
  };
  return [command, s = std::make_shared<seen>()](net::log_level level, const std::string& text) {
    if (level < net::log_level::error) return;
    std::lock_guard lock(s->mutex);
    if (s->texts.insert(text.substr(0, text.find("; "))).second)
      std::fprintf(stderr, "kwire %s: %s\n", command, text.c_str());
  };
}

// Bad use of COMMAND's flags: "kwire COMMAND: unknown flag or missing value: 'ARG'"; the caller
// then prints its usage (exit 2).
inline void bad_argument(const char* command, std::string_view arg) {
  std::fprintf(stderr, "kwire %s: unknown flag or missing value: '%.*s'\n", command, static_cast<int>(arg.size()),
               arg.data());
}

// The common flags' properties parsed by `parse` (client::parse_producer_config and its kin)
// into `out`; false after printing what was wrong.
// The Java client's keys that kwire accepts and does not use are named on stderr, once:
// "kwire COMMAND: ignoring Java client settings kwire does not use: key.serializer, ...".
inline bool report(const char* command, const client::config_result& r) {
  if (!r) std::fprintf(stderr, "kwire %s: %s\n", command, r.detail.c_str());
  else if (!r.ignored.empty()) std::fprintf(stderr, "kwire %s: %s\n", command, client::ignored_warning(r.ignored).c_str());
  return static_cast<bool>(r);
}
template <class Config>
bool settings(const char* command, const common_flags& flags, const client::properties& own,
              client::config_result (*parse)(const client::properties&, Config&), Config& out) {
  client::properties props;
  if (!flags.properties(command, own, props)) return false;
  return report(command, parse(props, out));
}

// The older form: `props` (the command's own settings) with the -X assignments over them.
template <class Config>
bool settings(const char* command, client::properties props, const std::vector<std::string>& assignments,
              client::config_result (*parse)(const client::properties&, Config&), Config& out) {
  auto r = client::parse_assignments(assignments, props);
  if (r) r = parse(props, out);
  return report(command, r);
}

}  // namespace kwire::cli
