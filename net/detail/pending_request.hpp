#pragma once
// A request as the multiplexer sees it: type-erased until it is written. The connection makes
// one per async_request (net/connection.hpp, typed_request); the multiplexer tests make their own.
// No Asio here: the multiplexer stays plain C++.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::net::detail {

using clock = std::chrono::steady_clock;

class pending_request {
 public:
  virtual ~pending_request() = default;

  virtual protocol::api_key api() const = 0;
  // Appends the complete frame (4-byte size, header, body) at `version` to `out`.
  virtual protocol::codec_result encode(std::int16_t version, std::int32_t correlation_id,
                                        const std::optional<std::string>& client_id, protocol::bytes& out) = 0;
  // Called exactly once. On success `frame` is the response frame without its size prefix
  // (header + body; empty for a request that expects no response) and the request decodes it.
  virtual void complete(std::error_code ec, std::string detail, protocol::byte_view frame) = 0;

  // Set by the caller before enqueueing.
  std::optional<std::int16_t> version_pin;  // exact version for this request (request_options)
  bool expect_response = true;
  clock::time_point deadline = clock::time_point::max();

  // Set by the multiplexer.
  std::int16_t version = -1;
  std::int32_t correlation_id = -1;
  std::uint64_t sequence = 0;       // order of enqueueing on this connection
  protocol::bytes frame;            // the encoded frame while it is being written
  clock::time_point written_at{};   // for the round-trip time
};

}  // namespace kwire::net::detail
