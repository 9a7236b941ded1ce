#pragma once
// Runs the `kwire` binary (a data dependency of the test) and keeps its status, stdout and
// stderr apart.

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kwire::test {

struct cli_result {
  int status = -1;
  std::string out, err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

inline std::string temp_dir() {
  const char* d = std::getenv("TEST_TMPDIR");
  return d && *d ? d : "/tmp";
}

inline std::string kwire_binary() {
  if (const char* srcdir = std::getenv("TEST_SRCDIR"); srcdir && *srcdir) {
    const std::string p = std::string(srcdir) + "/kwire/tools/kwire";
    if (std::ifstream(p).good()) return p;
  }
  return "tools/kwire";
}

// `kwire ARGS` with stdin from `input`; `env` is put before the command (e.g. "env -u X").
inline cli_result kwire(const std::vector<std::string>& args, const std::string& input = "",
                        const std::string& env = "") {
  static int n = 0;
  const std::string in_path = temp_dir() + "/kwire-cli-in-" + std::to_string(++n);
  const std::string err_path = temp_dir() + "/kwire-cli-err-" + std::to_string(n);
  std::ofstream(in_path) << input;
  std::string command = env + (env.empty() ? "" : " ") + shell_quote(kwire_binary());
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " <" + shell_quote(in_path) + " 2>" + shell_quote(err_path);
  cli_result r;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[65536];
    for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, k);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  return r;
}

// Writes `text` to a fresh file under the test's temporary directory; returns its path.
inline std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace kwire::test
