// Auto-commit is at-least-once: `kwire consume` in a group, writing to a reader slower than the
// broker, with a short auto.commit.interval.ms, is killed with SIGKILL mid-way; a second run in
// the same group must start no later than the first record the first run did not write out.
// (Committing the positions of the batch poll just returned, as a timer once did, loses the
// part of that batch still waiting to be written when the process dies.)

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/producer_support.hpp"

extern char** environ;

namespace kwire::test {
namespace {

// The record numbers in `text`, one "n=<number> ..." line each; a partial last line is ignored.
void collect(const std::string& text, std::set<int>& into) {
  std::size_t at = 0;
  for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1)
    if (text.compare(at, 2, "n=") == 0) into.insert(std::stoi(text.substr(at + 2, nl - at - 2)));
}

// `kwire consume` with stdout on a pipe this test reads slowly: about `lines_per_second`
// lines, until `stop_after` lines were read; then SIGKILL, and what the process had already
// written into the pipe is read too (it did write it out before dying).
struct slow_run {
  std::string out;
  int signal = 0;
};

slow_run consume_slowly_then_kill(const std::vector<std::string>& args, std::size_t stop_after) {
  slow_run r;
  int fds[2];
  if (::pipe(fds) != 0) return r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string path = runfile("tools/kwire");
  std::vector<std::string> all{path};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    return r;
  }
  char buf[1024];
  std::size_t lines = 0;
  while (lines < stop_after) {
    const auto n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    r.out.append(buf, static_cast<std::size_t>(n));
    lines += static_cast<std::size_t>(std::count(buf, buf + n, '\n'));
    std::this_thread::sleep_for(std::chrono::milliseconds(4));  // ~5 lines per read: ~1200 lines/s
  }
  ::kill(pid, SIGKILL);
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return r;
}

class AtLeastOnceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = cluster_.start();
    ASSERT_TRUE(r) << r.detail;
  }
  net::blocking_cluster cluster_{cluster_settings()};
};

TEST_F(AtLeastOnceTest, KilledSlowConsumerLosesNothingOnRestart) {
  constexpr int total = 4000;
  const auto topic = unique_topic("at-least-once");
  ASSERT_TRUE(create_topic(cluster_, topic, 2));
  std::string input;
  const std::string padding(180, 'x');  // ~200-byte lines: the pipe holds a few hundred
  for (int i = 0; i < total; ++i) input += "n=" + std::to_string(i) + " " + padding + "\n";
  auto p = kwire({"produce", "-b", bootstrap(), "-t", topic}, input);
  ASSERT_EQ(p.status, 0) << p.err;
  const auto group = unique_topic("at-least-once-group");
  const std::vector<std::string> args{"consume", "-b", bootstrap(), "-t", topic, "-g", group, "-o", "beginning",
                                      "-f", "%s\\n", "-X", "auto.commit.interval.ms=100", "-X", "max.poll.records=500",
                                      "-X", "session.timeout.ms=6000"};  // the killed member leaves soon

  auto first = consume_slowly_then_kill(args, total / 2);
  EXPECT_EQ(first.signal, SIGKILL) << "the first run ended before it was killed";
  std::set<int> seen;
  collect(first.out, seen);
  ASSERT_GE(seen.size(), static_cast<std::size_t>(total / 2));
  ASSERT_LT(seen.size(), static_cast<std::size_t>(total)) << "the first run read everything: nothing to lose";

  auto rest = args;
  rest.push_back("-e");  // the second run ends at the end of the partitions
  auto second = kwire(rest);
  ASSERT_EQ(second.status, 0) << second.err;
  std::set<int> again;
  collect(second.out, again);
  // The first run committed while it read: the second starts past the beginning.
  EXPECT_LT(again.size(), static_cast<std::size_t>(total)) << "nothing was auto-committed";
  seen.insert(again.begin(), again.end());
  std::vector<int> lost;
  for (int i = 0; i < total; ++i)
    if (!seen.count(i)) lost.push_back(i);
  EXPECT_TRUE(lost.empty()) << lost.size() << " records lost, the first " << lost.front();
}

}  // namespace
}  // namespace kwire::test
