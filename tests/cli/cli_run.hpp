#pragma once
// Runs the `kwire` binary (a data dependency of the test) and keeps its status, stdout and
// stderr apart.

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>
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

// `kwire ARGS` with stdin from `input`, watched: killed (SIGKILL) if still running after `limit`; how long
// it ran and its peak resident set (from wait4's rusage) kept beside its status and output.
struct watched_result : cli_result {
  bool killed = false;
  std::chrono::milliseconds took{};
  long peak_rss_kib = 0;
};
inline watched_result kwire_watched(const std::vector<std::string>& args, std::chrono::milliseconds limit,
                                    const std::string& input = "") {
  static int n = 0;
  const std::string in_path = temp_dir() + "/kwire-watched-in-" + std::to_string(n + 1);
  std::ofstream(in_path) << input;
  const std::string out_path = temp_dir() + "/kwire-watched-out-" + std::to_string(++n);
  const std::string err_path = temp_dir() + "/kwire-watched-err-" + std::to_string(n);
  const std::string binary = kwire_binary();
  std::vector<std::string> argv_text{binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  watched_result r;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return r;
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    const int in = ::open(in_path.c_str(), O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, WNOHANG, &usage) == 0) {
    if (std::chrono::steady_clock::now() - start > limit) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      r.killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_rss_kib = usage.ru_maxrss;
  std::ifstream out(out_path), err(err_path);
  r.out.assign(std::istreambuf_iterator<char>(out), {});
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
