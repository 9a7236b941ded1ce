#pragma once
// What every kwire subcommand does between its flags and its client: the -X key=value
// assignments applied over the properties its flags set, then the Java-named settings parsed
// and checked, each failure printed once as "kwire COMMAND: what was wrong".

#include <cstdio>
#include <string>
#include <vector>

#include <kwire/config/config.hpp>
#include "tools/cli/format.hpp"

namespace kwire::cli {

// s as a quoted, escaped JSON string (the same escaping as `kwire consume --json`).
inline std::string json_string(std::string_view s) {
  std::string out;
  client::append_json_string(out, s);
  return out;
}

// -b (or $KWIRE_BOOTSTRAP) is required by every command that talks to a broker.
inline bool require_broker(const char* command, const std::string& bootstrap) {
  if (bootstrap.empty())
    std::fprintf(stderr, "kwire %s: no broker: pass -b HOST:PORT or set KWIRE_BOOTSTRAP\n", command);
  return !bootstrap.empty();
}

template <class Config>
bool settings(const char* command, client::properties props, const std::vector<std::string>& assignments,
              client::config_result (*parse)(const client::properties&, Config&), Config& out) {
  auto r = client::parse_assignments(assignments, props);
  if (r) r = parse(props, out);
  if (!r) std::fprintf(stderr, "kwire %s: %s\n", command, r.detail.c_str());
  return static_cast<bool>(r);
}

}  // namespace kwire::cli
