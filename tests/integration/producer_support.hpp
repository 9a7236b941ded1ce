#pragma once
// Helpers of the producer's broker tests: topics made to measure, records read back with a plain
// Fetch (no consumer of ours involved), the Java peer, and dropping our own TCP connections.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <kwire/net/blocking.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/support/broker_env.hpp"

namespace kwire::test {

inline std::string unique_topic(const std::string& what) {
  static std::mt19937_64 rng(std::random_device{}());
  return "kwire-producer-" + what + "-" + std::to_string(rng() % 1000000000);
}

inline net::cluster_config cluster_settings() {
  net::cluster_config cfg;
  cfg.bootstrap_servers = bootstrap();
  cfg.connection.client_id = "kwire-producer-test";
  return cfg;
}

// Creates `name` and waits until every partition has a leader.
inline ::testing::AssertionResult create_topic(net::blocking_cluster& c, const std::string& name, int partitions,
                                               std::map<std::string, std::string> configs = {},
                                               std::int16_t replication_factor = 1) {
  protocol::create_topics_request req;
  auto& t = req.topics.emplace_back();
  t.name = name;
  t.num_partitions = partitions;
  t.replication_factor = replication_factor;
  for (const auto& [k, v] : configs) {
    auto& cf = t.configs.emplace_back();
    cf.name = k;
    cf.value = v;
  }
  auto r = c.request(net::any_broker{}, req);
  if (!r) return ::testing::AssertionFailure() << "CreateTopics: " << r.detail;
  if (r.value.body.topics.size() != 1 || r.value.body.topics[0].error_code != 0)
    return ::testing::AssertionFailure() << "CreateTopics " << name << ": error "
                                         << (r.value.body.topics.empty() ? -1 : r.value.body.topics[0].error_code)
                                         << " " << r.value.body.topics[0].error_message.value_or("");
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto md = c.metadata({name});
    if (md) {
      const auto* ti = md.value->topic(name);
      if (ti && static_cast<int>(ti->partitions.size()) == partitions &&
          std::all_of(ti->partitions.begin(), ti->partitions.end(), [](const auto& p) { return p.leader >= 0; }))
        return ::testing::AssertionSuccess();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ::testing::AssertionFailure() << name << " has no leaders after 10 s";
}

// Every record of (topic, partition) from offset 0 until `want` records are in or `timeout` passes;
// `codecs` collects the compression codec of each batch read; with `markers`, transaction markers
// (control batches) go there instead of into the records.
inline std::vector<protocol::record> fetch_all(net::blocking_cluster& c, const std::string& topic,
                                               std::int32_t partition, std::size_t want,
                                               std::chrono::milliseconds timeout = std::chrono::seconds(20),
                                               std::set<int>* codecs = nullptr,
                                               std::vector<protocol::control_type>* markers = nullptr) {
  std::vector<protocol::record> out;
  std::int64_t next = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    auto md = c.metadata({topic});
    if (!md || !md.value->topic(topic)) {
      ADD_FAILURE() << "no metadata for " << topic << ": " << md.detail;
      return out;
    }
    protocol::fetch_request req;
    req.max_wait_ms = 200;
    req.min_bytes = 1;
    req.max_bytes = 16 << 20;
    auto& ft = req.topics.emplace_back();
    ft.topic = topic;
    ft.topic_id = md.value->topic(topic)->id;
    auto& fp = ft.partitions.emplace_back();
    fp.partition = partition;
    fp.fetch_offset = next;
    fp.partition_max_bytes = 8 << 20;
    auto r = c.request(net::leader{topic, partition}, req);
    if (!r) {
      ADD_FAILURE() << "Fetch: " << r.detail;
      return out;
    }
    for (const auto& t : r.value.body.responses)
      for (const auto& p : t.partitions) {
        if (p.error_code != 0) {
          ADD_FAILURE() << "Fetch " << topic << "-" << partition << ": error " << p.error_code;
          return out;
        }
        std::vector<protocol::record_batch> batches;
        if (auto d = protocol::decode_batches(p.records, batches); !d) {
          ADD_FAILURE() << "decoding fetched batches: " << d.detail;
          return out;
        }
        for (auto& b : batches) {
          if (codecs) codecs->insert(b.attributes & protocol::record_batch::compression_mask);
          for (auto& rec : b.records) {
            if (rec.offset < next) continue;
            next = rec.offset + 1;
            if (markers && b.is_control()) {
              protocol::control_record m;
              if (protocol::decode_control_record(rec, m)) markers->push_back(m.type);
              continue;
            }
            out.push_back(std::move(rec));
          }
        }
      }
  }
  return out;
}

inline std::string text_of(const std::optional<protocol::bytes>& b) {
  return b ? std::string(b->begin(), b->end()) : std::string("<null>");
}

// ---- the Java peer (tests/interop/JavaPeer.java) ------------------------------------------------

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

struct command_result {
  int status = -1;
  std::string out;
};

// Runs a shell command; stdout captured, stderr appended after a marker line.
inline command_result run_command(const std::string& command) {
  command_result r;
  if (FILE* p = ::popen((command + " 2>&1").c_str(), "r")) {
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  return r;
}

struct cli_result {
  int status = -1;
  std::string out, err;
};

// Runs the `kwire` CLI with ARGS and `input` on stdin; stdout and stderr kept apart.
inline cli_result kwire(const std::vector<std::string>& args, const std::string& input = "") {
  const std::string dir = env_or_empty("TEST_TMPDIR").empty() ? "/tmp" : env_or_empty("TEST_TMPDIR");
  static int n = 0;
  const std::string in_path = dir + "/kwire-cli-in-" + std::to_string(++n);
  const std::string err_path = dir + "/kwire-cli-err-" + std::to_string(n);
  std::ofstream(in_path) << input;
  std::string command = shell_quote(runfile("tools/kwire"));
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

inline command_result run_java_peer(const std::vector<std::string>& args) {
  std::string command = "java -cp " + shell_quote(kafka_libs() + "/*") + " " +
                        shell_quote(runfile("tests/interop/JavaPeer.java"));
  for (const auto& a : args) command += " " + shell_quote(a);
  return run_command(command);
}

// ---- dropping our own connections ------------------------------------------------------------

// The local ports of this process's TCP connections to `remote_port` (from /proc: our socket
// inodes matched against /proc/net/tcp{,6}).
inline std::vector<int> own_connections_to(int remote_port) {
  std::set<std::string> inodes;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (dirent* e = ::readdir(d)) {
      char target[256];
      const std::string link = std::string("/proc/self/fd/") + e->d_name;
      const auto n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n <= 0) continue;
      const std::string t(target, static_cast<std::size_t>(n));
      if (t.rfind("socket:[", 0) == 0) inodes.insert(t.substr(8, t.size() - 9));
    }
    ::closedir(d);
  }
  std::vector<int> ports;
  for (const char* table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream s(line);
      std::string sl, local, remote, st, queues, timer, retr, uid, timeout, inode;
      s >> sl >> local >> remote >> st >> queues >> timer >> retr >> uid >> timeout >> inode;
      if (st != "01" || !inodes.count(inode)) continue;  // 01: ESTABLISHED
      const int rport = std::stoi(remote.substr(remote.find(':') + 1), nullptr, 16);
      if (rport == remote_port) ports.push_back(std::stoi(local.substr(local.find(':') + 1), nullptr, 16));
    }
  }
  return ports;
}

// Kills (ss -K: the kernel aborts the socket, as a network failure would) every connection of this
// process to `remote_port`. Returns how many it killed.
inline int drop_own_connections(int remote_port) {
  int killed = 0;
  for (const int port : own_connections_to(remote_port)) {
    const auto r = run_command("ss -K -t 'sport = :" + std::to_string(port) + "' 'dport = :" +
                               std::to_string(remote_port) + "' >/dev/null");
    if (r.status == 0) ++killed;
  }
  return killed;
}

inline int port_of(const std::string& host_port) {
  const auto first = host_port.substr(0, host_port.find(','));
  return std::stoi(first.substr(first.rfind(':') + 1));
}

}  // namespace kwire::test
