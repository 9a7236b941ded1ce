// One member of the fault suite's consumer group, in a process of its own so that the suite can
// SIGKILL it (tests/faults/fault_suite_test.cc). It consumes until SIGTERM (then it closes the
// consumer cleanly) and reports on stdout, one line each, flushed after every poll:
//
//   r PARTITION OFFSET VALUE     a record poll returned
//   c PARTITION OFFSET           a commit of OFFSET (the next record to read) succeeded
//   f WHAT MESSAGE               a call (poll, commit, close) threw
//
// After every non-empty poll it commits (commit(): the positions of every assigned partition),
// then reports, for each partition of the batch still assigned, its position: what the commit
// sent (no poll in between moves it; a partition revoked meanwhile is not reported, as it may
// have been left out). Then it sleeps 30 ms (paced: the fault lands in the middle of the run).
//
//   group_member BOOTSTRAP GROUP TOPIC PROTOCOL CLIENT_ID

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include <kwire/consumer/consumer_blocking.hpp>

namespace {

std::atomic<bool> stop{false};
void on_term(int) { stop = true; }

// A line of text without line breaks (an error message goes on one line).
std::string one_line(std::string s) {
  for (auto& ch : s)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s BOOTSTRAP GROUP TOPIC PROTOCOL CLIENT_ID\n", argv[0]);
    return 2;
  }
  std::signal(SIGTERM, on_term);
  const std::string topic = argv[3];
  kwire::blocking_consumer c(kwire::client::properties{{"bootstrap.servers", argv[1]},
                                                       {"group.id", argv[2]},
                                                       {"group.protocol", argv[4]},
                                                       {"client.id", argv[5]},
                                                       {"enable.auto.commit", "false"},
                                                       {"auto.offset.reset", "earliest"},
                                                       {"max.poll.records", "50"}});
  c.subscribe({topic});
  std::string out;
  while (!stop.load()) {
    out.clear();
    kwire::client::records batch;
    try {
      batch = c.poll(200ms);
    } catch (const kwire::error& e) {
      std::printf("f poll %s\n", one_line(e.what()).c_str());
      std::fflush(stdout);
      std::this_thread::sleep_for(100ms);
      continue;
    }
    if (batch.empty()) continue;
    std::set<kwire::topic_partition> partitions;
    for (const auto& r : batch) {
      out += "r " + std::to_string(r.partition()) + " " + std::to_string(r.offset()) + " ";
      out += r.value_text();
      out += "\n";
      partitions.insert({r.topic(), r.partition()});
    }
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
    out.clear();
    try {
      c.commit();
    } catch (const kwire::error& e) {
      out += "f commit " + one_line(e.what()) + "\n";
      partitions.clear();
    }
    for (const auto& tp : partitions) {
      const auto assigned = c.assignment();
      if (std::find(assigned.begin(), assigned.end(), tp) == assigned.end()) continue;
      try {
        out += "c " + std::to_string(tp.partition) + " " + std::to_string(c.position(tp)) + "\n";
      } catch (const kwire::error&) {  // revoked meanwhile: not reported
      }
    }
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
    std::this_thread::sleep_for(30ms);
  }
  try {
    c.close();
  } catch (const kwire::error& e) {
    std::printf("f close %s\n", one_line(e.what()).c_str());
  }
  std::fflush(stdout);
  return 0;
}
