#pragma once
// What kwire-dump prints: one line per exchange (the default), the full field tree (-v) or JSON
// Lines (--json); the filters that pick exchanges; the per-API totals printed at the end.
// Sans-I/O: text goes to a callback.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tools/dump/session.hpp"

namespace kwire::dump {

enum class output_format { line, verbose, json };

struct filters {
  std::vector<std::int16_t> apis;  // keys; empty: all
  std::vector<std::string> topics;
  std::vector<std::string> groups;
  std::vector<std::string> client_ids;
  bool errors_only = false;
};

// What the one-line form shows, read off the decoded trees (the same for every API).
struct exchange_facts {
  std::vector<std::string> topics;      // "name[0,1]" (or a topic id when no name is known)
  std::vector<std::string> topic_names; // plain names, for --topic
  std::vector<std::string> groups;
  std::vector<std::string> errors;      // "NOT_LEADER_OR_FOLLOWER(6)" and record-batch problems
};

class reporter {
 public:
  reporter(output_format format, filters f, std::function<void(const std::string&)> write)
      : format_(format), filters_(std::move(f)), write_(std::move(write)) {}

  void on_exchange(const exchange& x);
  void on_garbage(const garbage& g);
  // Frames per API and the undecoded count; call once at the end.
  void print_summary();

  exchange_facts facts(const exchange& x);
  std::size_t undecoded() const { return undecoded_; }
  std::size_t frames() const { return frames_; }
  // Frames decoded only in part (a version newer than kwire knows).
  std::size_t partly_decoded() const { return partly_; }

 private:
  bool selected(const exchange& x, const exchange_facts& f) const;
  void learn_topic_ids(const node& n);

  struct api_count {
    std::size_t requests = 0;
    std::size_t responses = 0;
    std::size_t undecoded = 0;
  };

  output_format format_;
  filters filters_;
  std::function<void(const std::string&)> write_;
  std::map<std::string, std::string> topic_names_;  // topic id -> name, from responses seen
  std::map<std::string, api_count> per_api_;
  std::size_t frames_ = 0;
  std::size_t undecoded_ = 0;
  std::size_t garbage_ = 0;
  std::size_t partly_ = 0;
  std::size_t exchanges_ = 0;
};

// "13:55:01.123456" (UTC) for seconds since the epoch.
std::string clock_text(double time);
// Parses "Metadata", "metadata", "3" into a key; -1 if it names no API.
std::int16_t parse_api(const std::string& text);

}  // namespace kwire::dump
