#pragma once
// A snapshot of one connection's counters (issue #6: requests, bytes, in flight, round-trip time).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace kwire::net {

struct connection_stats {
  std::uint64_t requests = 0;           // requests accepted by async_request
  std::uint64_t requests_written = 0;   // request frames written (the handshake's not counted)
  std::uint64_t responses = 0;          // responses matched to a request
  std::uint64_t failed = 0;             // requests completed with an error (timeouts included)
  std::uint64_t timeouts = 0;           // requests completed with client_errc::timed_out
  std::uint64_t bytes_out = 0;          // every byte written, handshake included
  std::uint64_t bytes_in = 0;           // every byte read, handshake included
  std::size_t queued = 0;               // waiting to be written
  std::size_t in_flight = 0;            // written, response not yet read
  std::chrono::microseconds last_rtt{0};  // write completed -> response read, last response
  std::chrono::microseconds avg_rtt{0};   // mean over every response so far
  std::uint64_t connects = 0;           // handshakes completed
  std::uint64_t connect_failures = 0;   // connect/TLS/handshake attempts that failed
  std::uint64_t reauthentications = 0;  // KIP-368 re-authentications completed
  bool connected = false;               // a handshake completed and the connection is up
};

}  // namespace kwire::net
