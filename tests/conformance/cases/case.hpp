#pragma once
// What the conformance exchange sends for each API, and which error codes the answer may carry.
//
// For every declared request type R there is one specialization of conformance_case<R>:
//
//   template <> struct conformance_case<produce_request> {
//     static produce_request request(std::int16_t version, const exchange_env& env);
//     static std::set<broker_errc> allowed_errors(std::int16_t version, const exchange_env& env);
//     // optional: the listener to use ("plaintext" default, or "sasl")
//     static constexpr const char* listener = "plaintext";
//     // optional: versions the broker lists but closes the connection on (documented why)
//     static bool refused(std::int16_t version, const exchange_env& env);
//     // optional: run each version on a fresh connection after this step (SASL handshakes)
//     static codec_result prepare(net::blocking_node&, std::int16_t version, const exchange_env&);
//   };
//
// The request must be valid and harmless on a shared test broker: it may create and delete
// its own resources (names start with env.prefix), never the broker's or other tests'.

#include <unistd.h>

#include <set>
#include <string>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/messages.hpp>
#include <kwire/protocol/record_batch.hpp>

namespace kwire::conformance {

using namespace protocol;

struct exchange_env {
  std::string kafka_version;   // "4.4.0", "3.9.2", or "" for an external broker
  std::string prefix;          // unique per run, for resources a case creates
  std::string topic;           // exists: 3 partitions, 10 records in partition 0
  uuid topic_id;
  std::int32_t node_id = -1;   // the broker this connection talks to
  api_versions_response broker_versions;  // the broker's ApiVersions answer (plaintext listener)
  std::string cluster_id;
  std::string sasl_user, sasl_password;

  bool kafka3() const { return kafka_version.starts_with("3."); }
};

template <class Request>
struct conformance_case {
  static constexpr bool defined = false;
};

using errs = std::set<broker_errc>;

// Repeats `attempt` (true: done) every 100 ms for up to `seconds`; false if it never was done.
template <class F>
bool retry(int seconds, F&& attempt) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (attempt()) return true;
    ::usleep(100000);
  }
  return false;
}

}  // namespace kwire::conformance
