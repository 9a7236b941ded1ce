#pragma once
// What every admin subcommand of the CLI shares (kwire topics|groups|configs|offsets|records|
// acls|users|quotas|cluster|transactions): the common flags, the admin client made from them,
// and the two outputs (a text table, or JSON with --json).
//
//   int topics_main(int argc, char** argv) {       // argv[0] = "topics"
//     cli::admin_command cmd("topics", argc, argv);  // -b, -X k=v, --command-config F, --json, -h
//     ... cmd.rest() holds what is left: the action and its own flags
//     auto admin = cmd.connect();                 // nullptr after printing why (exit 2)
//   }
//
// Common flags (settings.hpp common_flags; its common_flags_help is their usage text):
// -b/--bootstrap-server HOST:PORT[,...], -X key=value (any admin property; repeatable),
// --command-config FILE (a Java .properties file, as the Java tools take), --json, -h/--help.
// Precedence: the file, then -X, then -b; $KWIRE_BOOTSTRAP when none of them names a broker.
// On -h/--help a subcommand prints its usage to stdout and exits 0; on bad use, to stderr, exit 2.

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/config/admin_config.hpp>
#include "tools/cli/properties.hpp"

namespace kwire::cli {

// read_properties_file (a Java .properties file, for --command-config): tools/cli/properties.hpp.

class admin_command {
 public:
  // Takes the common flags out of argv[1..]; the rest stays in rest() in order.
  admin_command(const char* name, int argc, char** argv);

  const std::vector<std::string>& rest() const { return rest_; }
  bool json() const { return json_; }
  bool help() const { return help_; }
  const char* name() const { return name_; }
  // "" when the flags were fine; otherwise what was wrong (already printed).
  const std::string& error() const { return error_; }

  // Parses the settings (--command-config, then -X, then -b; else $KWIRE_BOOTSTRAP) and makes
  // the blocking admin; nullptr after printing "kwire NAME: ..." when the settings are wrong or
  // no broker is given.
  std::unique_ptr<blocking_admin> connect();

 private:
  const char* name_;
  std::string bootstrap_;
  std::vector<std::string> assignments_;
  std::optional<std::string> command_config_;
  std::vector<std::string> rest_;
  bool json_ = false;
  bool help_ = false;
  std::string error_;
};

// A text table: a header row, then rows; each column as wide as its widest cell.
class table {
 public:
  explicit table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::FILE* out = stdout) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Small JSON building: json_string (settings.hpp) for strings; these for the rest.
std::string json_list(const std::vector<std::string>& encoded_items);          // [a,b]
std::string json_object(const std::vector<std::pair<std::string, std::string>>& encoded_fields);  // {"k":v}
std::string json_ints(const std::vector<std::int32_t>& values);               // [1,2]

// Authorized operations (--include-authorized-operations on topics, cluster and groups
// describe): "DESCRIBE,READ" in a table cell ("-" when the broker gave none, "(none)" for an
// empty set), a JSON list of names (null when not given).
std::string operations_text(const std::optional<std::vector<std::string>>& ops);
std::string operations_json(const std::optional<std::vector<std::string>>& ops);

// "did you mean": the closest of `known` to `typo` within a small edit distance, or "".
std::string closest(std::string_view typo, const std::vector<std::string_view>& known);
// Prints "kwire NAME: unknown action 'X' (did you mean 'Y'?)" and returns 2.
int unknown_action(const char* name, std::string_view action, const std::vector<std::string_view>& known);

// Prints "kwire NAME: <what>: <error message>" and returns 1.
int fail(const char* name, const std::string& what, const kwire::error& e);

}  // namespace kwire::cli
