#pragma once
// What the security and transactions tests run beside the admin client: the `kwire` CLI (data
// //tools:kwire), Java peers from the Kafka distribution tools/broker runs, and kwire's own
// clients logged in as a SCRAM user over SASL_PLAINTEXT.

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <kwire/admin/admin_blocking.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include "tests/support/broker_env.hpp"

namespace kwire::test {

inline std::string unique(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  return prefix + "-" + std::to_string(rng() % 1000000000);
}

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

inline std::string runfile(const std::string& path) {
  if (const char* srcdir = std::getenv("TEST_SRCDIR"); srcdir && *srcdir) {
    const std::string p = std::string(srcdir) + "/kwire/" + path;
    if (std::ifstream(p).good()) return p;
  }
  return path;
}

inline std::string kafka_libs() {
  std::string cache = env_or_empty("KWIRE_CACHE");
  if (cache.empty()) cache = env_or_empty("HOME") + "/.cache/kwire";
  std::string version = kafka_version();
  if (version.empty()) version = "4.4.0";
  return cache + "/kafka-" + version + "/libs";
}

struct run_result {
  int status = -1;
  std::string out, err;
};

// `command` through the shell with `input` on stdin; stdout and stderr kept apart.
inline run_result run(const std::string& command, const std::string& input = "") {
  const std::string dir = env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : env_or_empty("TEST_TMPDIR");
  static int n = 0;
  const std::string in_path = dir + "/kwire-sec-in-" + std::to_string(++n);
  const std::string err_path = dir + "/kwire-sec-err-" + std::to_string(n);
  std::ofstream(in_path) << input;
  run_result r;
  if (FILE* p = ::popen((command + " <" + shell_quote(in_path) + " 2>" + shell_quote(err_path)).c_str(), "r")) {
    char buf[65536];
    for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, k);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ifstream err(err_path);
  r.err.assign(std::istreambuf_iterator<char>(err), {});
  return r;
}

// The kwire CLI against the PLAINTEXT broker.
inline run_result kwire_cli(std::vector<std::string> args, const std::string& input = "") {
  std::string command = shell_quote(runfile("tools/kwire"));
  for (const auto& a : args) command += " " + shell_quote(a);
  if (args.size() > 1) command += " -b " + shell_quote(bootstrap());
  return run(command, input);
}

inline std::string sasl_bootstrap() {
  const auto b = env_or_empty("KWIRE_BOOTSTRAP_SASL");
  if (b.empty()) ADD_FAILURE() << "KWIRE_BOOTSTRAP_SASL is not set (tools/broker env exports it)";
  return b;
}

inline properties scram_login(const std::string& mechanism, const std::string& user, const std::string& password) {
  return {{"bootstrap.servers", sasl_bootstrap()},
          {"security.protocol", "SASL_PLAINTEXT"},
          {"sasl.mechanism", mechanism},
          {"sasl.username", user},
          {"sasl.password", password}};
}

// Logs in as `user` with kwire's admin and lists topics: what it threw, if anything.
inline std::optional<kwire::error> try_login(const std::string& mechanism, const std::string& user,
                                             const std::string& password) {
  try {
    auto props = scram_login(mechanism, user, password);
    props["request.timeout.ms"] = "5000";
    props["default.api.timeout.ms"] = "5000";
    kwire::blocking_admin a(props);
    a.list_topics();
    return std::nullopt;
  } catch (const kwire::error& e) {
    return e;
  }
}

// One record from `user` (SCRAM-SHA-512) with kwire's producer: the delivery's error, clear
// when it went in.
inline kwire::error_info produce_as(const std::string& user, const std::string& password, const std::string& topic) {
  try {
    auto props = scram_login("SCRAM-SHA-512", user, password);
    props.insert({{"enable.idempotence", "false"},
                  {"acks", "all"},
                  {"delivery.timeout.ms", "4000"},
                  {"request.timeout.ms", "2000"},
                  {"linger.ms", "0"}});
    kwire::blocking_producer p(props);
    p.send(topic, "v").get();
    return {};
  } catch (const kwire::error& e) {
    return e.info();
  }
}

// Credentials and ACLs reach a broker through its metadata log, a moment after the controller
// accepted them: try again until the outcome is the one wanted (about 5 s at most).
template <class Try>
auto until(bool want_ok, Try attempt) {
  auto last = attempt();
  for (int i = 0; i < 20 && last.failed() == want_ok; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    last = attempt();
  }
  return last;
}

}  // namespace kwire::test
