#pragma once
// A Kafka cluster of the test's own: tools/broker (a data dependency of the test) with a run root
// under TEST_TMPDIR, on the Kafka line of KWIRE_KAFKA_VERSION. The broker tools/test started for
// the other broker tests is never touched.
//
//   const auto* const env = ::testing::AddGlobalTestEnvironment(new kwire::test::own_cluster(3));
//   kwire::test::own_cluster::bootstrap_servers ...
//   kwire::test::broker_tool("kill-node 2", out);
//
// The nodes run in sessions of their own (setsid), so nothing ends them if the test dies: a crash,
// or Bazel's SIGTERM at the test timeout, stops them on the way out.

#include <gtest/gtest.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "tests/support/broker_env.hpp"

namespace kwire::test {

// Runs tools/broker with the test's run root; returns its exit status, its output in `out`.
inline int broker_tool(const std::string& args, std::string& out) {
  const std::string script = env_or_empty("TEST_SRCDIR") + "/" + env_or_empty("TEST_WORKSPACE") + "/tools/broker";
  const std::string cmd =
      "KWIRE_RUN_ROOT='" + env_or_empty("TEST_TMPDIR") + "/brokers' '" + script + "' " + args + " 2>&1";
  out.clear();
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  return pclose(p);
}

// NAME's value in `tools/broker env` output.
inline std::string exported(const std::string& env_text, const std::string& name) {
  const std::string key = "export " + name + "=";
  const auto at = env_text.find(key);
  if (at == std::string::npos) return "";
  return env_text.substr(at + key.size(), env_text.find('\n', at) - at - key.size());
}

class own_cluster : public ::testing::Environment {
 public:
  // `options`: more `tools/broker start` options, e.g. "--oauth".
  explicit own_cluster(int nodes, std::string options = {}) : nodes_(nodes), options_(std::move(options)) {}

  inline static std::string bootstrap_servers;  // the PLAINTEXT list of the nodes
  inline static std::string run_dir;            // KWIRE_BROKER_RUN_DIR of that cluster
  inline static std::string env;                // its whole `tools/broker env` text (exported() reads it)

  void SetUp() override {
    for (int sig : {SIGTERM, SIGINT, SIGABRT, SIGSEGV}) std::signal(sig, stop_on_signal);
    std::string out;
    ASSERT_EQ(broker_tool("start --nodes " + std::to_string(nodes_) + " " + options_, out), 0) << out;
    ASSERT_EQ(broker_tool("env", out), 0) << out;
    env = out;
    bootstrap_servers = exported(out, "KWIRE_BOOTSTRAP");
    run_dir = exported(out, "KWIRE_BROKER_RUN_DIR");
    ASSERT_FALSE(bootstrap_servers.empty()) << out;
    ASSERT_FALSE(run_dir.empty()) << out;
    // Helpers that read KWIRE_BOOTSTRAP (broker_env.hpp) find this cluster.
    setenv("KWIRE_BOOTSTRAP", bootstrap_servers.c_str(), 1);
  }
  // SIGKILL: the cluster is thrown away, and a clean shutdown with a node down waits a minute.
  void TearDown() override {
    std::string out;
    EXPECT_EQ(broker_tool("stop --kill", out), 0) << out;
  }

 private:
  static void stop_on_signal(int sig) {
    std::string out;
    broker_tool("stop --kill", out);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  int nodes_;
  std::string options_;
};

}  // namespace kwire::test
