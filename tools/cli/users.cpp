// kwire users: SCRAM credentials (what kafka-configs.sh --entity-type users --add-config
// 'SCRAM-SHA-512=[...]' does).
//   kwire users list [USER...]
//   kwire users add USER [--mechanism SCRAM-SHA-256|SCRAM-SHA-512] [--iterations N]
//                        (--password P | --password-stdin)
//   kwire users remove USER [--mechanism M]   (without --mechanism: every mechanism it has)

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/admin_cli.hpp"
#include "tools/cli/settings.hpp"

namespace {

using namespace kwire;

constexpr const char* name = "users";

int usage(bool asked) {
  std::fprintf(asked ? stdout : stderr,
               "usage: kwire users list [USER...]\n"
               "       kwire users add USER [--mechanism SCRAM-SHA-256|SCRAM-SHA-512] [--iterations N]\n"
               "                            (--password P | --password-stdin)\n"
               "       kwire users remove USER [--mechanism SCRAM-SHA-256|SCRAM-SHA-512]\n"
               "add: the default mechanism is SCRAM-SHA-512 with 8192 iterations (Kafka takes 4096..16384);\n"
               "the password never leaves this process: only a salted hash (PBKDF2) is sent.\n"
               "--password-stdin reads the password from the first line of stdin (no prompt).\n"
               "remove without --mechanism removes every mechanism the user has.\n"
               "Common: -b HOST:PORT[,...] (default $KWIRE_BOOTSTRAP), -X key=value, --command-config FILE, --json\n");
  return asked ? 0 : 2;
}

int bad(const std::string& what) {
  std::fprintf(stderr, "kwire %s: %s\n", name, what.c_str());
  return 2;
}

// Prints the per-user outcomes; 1 when one failed.
int report(const cli::admin_command& cmd, const altered_users& out, const char* done) {
  int rc = 0;
  std::vector<std::pair<std::string, std::string>> fields;
  cli::table t({"USER", "RESULT"});
  for (const auto& [user, r] : out) {
    if (!r) rc = 1;
    fields.push_back({user, r ? "null" : cli::json_string(r.error.message())});
    t.add({user, r ? done : r.error.message()});
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"errors", cli::json_object(fields)}}).c_str());
  else t.print();
  return rc;
}

int list(cli::admin_command& cmd, std::vector<std::string> users) {
  auto admin = cmd.connect();
  if (!admin) return 2;
  user_scram_credentials got;
  try {
    got = admin->describe_user_scram_credentials(users);
  } catch (const kwire::error& e) {
    return cli::fail(name, "list", e);
  }
  int rc = 0;
  std::vector<std::string> items;
  cli::table t({"USER", "MECHANISM", "ITERATIONS"});
  for (const auto& [user, r] : got) {
    std::vector<std::string> creds;
    if (!r) {
      rc = 1;
      t.add({user, r.error.message(), ""});
    }
    for (const auto& c : r.value) {
      t.add({user, std::string(to_string(c.mechanism)), std::to_string(c.iterations)});
      creds.push_back(cli::json_object(
          {{"mechanism", cli::json_string(to_string(c.mechanism))}, {"iterations", std::to_string(c.iterations)}}));
    }
    items.push_back(cli::json_object({{"user", cli::json_string(user)},
                                      {"credentials", cli::json_list(creds)},
                                      {"error", r ? "null" : cli::json_string(r.error.message())}}));
  }
  if (cmd.json()) std::printf("%s\n", cli::json_object({{"users", cli::json_list(items)}}).c_str());
  else t.print();
  return rc;
}

}  // namespace

int users_main(int argc, char** argv) {
  cli::admin_command cmd(name, argc, argv);
  if (!cmd.error().empty()) return 2;
  if (cmd.help()) return usage(true);
  const auto& rest = cmd.rest();
  if (rest.empty()) return usage(false);
  const auto& action = rest[0];
  static const std::vector<std::string_view> actions = {"list", "add", "remove"};
  if (action != "list" && action != "add" && action != "remove") return cli::unknown_action(name, action, actions);

  std::vector<std::string> users;
  std::optional<scram_mechanism> mechanism;
  std::optional<std::string> password;
  bool password_stdin = false;
  std::int32_t iterations = 8192;
  for (std::size_t i = 1; i < rest.size(); ++i) {
    const auto& a = rest[i];
    const bool has_value = i + 1 < rest.size();
    if (a == "--mechanism" || a == "--password" || a == "--iterations") {
      if (!has_value) return bad(a + " needs a value");
      const auto& v = rest[++i];
      if (a == "--mechanism") {
        mechanism = parse_scram_mechanism(v);
        if (!mechanism || *mechanism == scram_mechanism::unknown)
          return bad("unknown mechanism '" + v + "' (SCRAM-SHA-256 or SCRAM-SHA-512)");
      } else if (a == "--password") {
        password = v;
      } else {
        try {
          std::size_t used = 0;
          iterations = std::stoi(v, &used);
          if (used != v.size()) throw std::invalid_argument(v);
        } catch (const std::exception&) {
          return bad("--iterations takes a number, not '" + v + "'");
        }
      }
    } else if (a == "--password-stdin") {
      password_stdin = true;
    } else if (a.starts_with("-")) {
      return bad("unknown flag '" + a + "' (kwire users --help)");
    } else {
      users.push_back(a);
    }
  }
  if (action == "list") {
    if (mechanism || password || password_stdin) return bad("list takes only user names");
    return list(cmd, users);
  }
  if (users.size() != 1) return bad(action + " takes one user name");
  const auto& user = users[0];
  if (action == "add") {
    if (password && password_stdin) return bad("give --password or --password-stdin, not both");
    if (password_stdin) {
      std::string line;
      if (!std::getline(std::cin, line)) return bad("--password-stdin: stdin is empty");
      if (!line.empty() && line.back() == '\r') line.pop_back();
      password = line;
    }
    if (!password) return bad("add needs --password P or --password-stdin");
    auto admin = cmd.connect();
    if (!admin) return 2;
    try {
      return report(cmd,
                    admin->alter_user_scram_credentials(
                        {{.user = user, .password = *password, .mechanism = mechanism.value_or(scram_mechanism::sha_512),
                          .iterations = iterations}},
                        {}),
                    "added");
    } catch (const kwire::error& e) {
      return cli::fail(name, "add", e);
    }
  }
  if (password || password_stdin) return bad("remove takes no password");
  auto admin = cmd.connect();
  if (!admin) return 2;
  try {
    std::vector<scram_deletion> deletions;
    if (mechanism) {
      deletions.push_back({user, *mechanism});
    } else {
      auto has = admin->describe_user_scram_credentials({user});
      if (!has.count(user))
        return cli::fail(name, "remove", kwire::error(client_errc::invalid_value, "the broker did not describe " + user));
      const auto& r = has.at(user);
      if (!r) return cli::fail(name, "remove", kwire::error(r.error));
      for (const auto& c : r.value) deletions.push_back({user, c.mechanism});
    }
    return report(cmd, admin->alter_user_scram_credentials({}, deletions), "removed");
  } catch (const kwire::error& e) {
    return cli::fail(name, "remove", e);
  }
}
