#pragma once
// Child processes for the kwire-dump broker tests: start a command with its output in files,
// signal it, wait for it, and wait for a line in its output.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace kwire::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class child {
 public:
  // Starts argv[0] (searched in PATH) with stdin from `in` (or /dev/null), stdout and stderr
  // into the given files.
  child(std::vector<std::string> argv, const std::string& out, const std::string& err,
        const std::string& in = "/dev/null")
      : out_(out), err_(err) {
    // Old output must not be mistaken for this run's (the child truncates only once it runs).
    unlink(out.c_str());
    unlink(err.c_str());
    pid_ = fork();
    if (pid_ == 0) {
      const int i = open(in.c_str(), O_RDONLY);
      const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(i, 0);
      dup2(o, 1);
      dup2(e, 2);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
  }
  ~child() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  child(const child&) = delete;

  bool started() const { return pid_ > 0; }
  void signal(int sig) {
    if (pid_ > 0 && !waited_) kill(pid_, sig);
  }
  // Exit status (128 + signal when killed), or -1 on timeout (the child is then killed).
  int wait(std::chrono::seconds limit = std::chrono::seconds(60)) {
    if (waited_) return status_;
    const auto end = std::chrono::steady_clock::now() + limit;
    int st = 0;
    for (;;) {
      const auto r = waitpid(pid_, &st, WNOHANG);
      if (r == pid_) break;
      if (std::chrono::steady_clock::now() > end) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &st, 0);
        waited_ = true;
        return status_ = -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    waited_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return status_;
  }
  // Waits until `text` appears in the child's stderr (or stdout); false on timeout or exit.
  bool wait_for(const std::string& text, std::chrono::seconds limit = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (read_file(err_).find(text) != std::string::npos || read_file(out_).find(text) != std::string::npos)
        return true;
      int st = 0;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        waited_ = true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  // Whether the child has not ended yet (collects its status once it has).
  bool running() {
    if (pid_ <= 0 || waited_) return false;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) != pid_) return true;
    waited_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return false;
  }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  pid_t pid_ = -1;
  bool waited_ = false;
  int status_ = 0;
  std::string out_, err_;
};

// Runs a command to completion; returns its exit status.
inline int run(std::vector<std::string> argv, const std::string& out, const std::string& err,
               const std::string& in = "/dev/null", std::chrono::seconds limit = std::chrono::seconds(60)) {
  child c(std::move(argv), out, err, in);
  return c.wait(limit);
}

}  // namespace kwire::test
