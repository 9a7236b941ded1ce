#pragma once
// One Kafka connection seen from the side: bytes of each direction in, decoded exchanges out.
// It pairs each response with its request by correlation id (a response carries no API key, so
// the request says how to read it), remembers the broker's ApiVersions answer, and decodes a
// response whose request it never saw under an assumption it states. Sans-I/O: the proxy and
// the pcap reader both feed it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <kwire/protocol/wire.hpp>
#include "tools/dump/decode.hpp"
#include "tools/dump/frames.hpp"
#include "tools/dump/tree.hpp"

namespace kwire::dump {

// One frame of an exchange.
struct half {
  bool present = false;
  double time = 0;           // seconds since the epoch
  std::size_t bytes = 0;     // on the wire, size prefix included
  bool decoded = false;
  std::string error;         // why the body (or header) did not decode
  std::string partial;       // decoded only in part (a version newer than kwire): which part not
  node body;                 // decoded fields
  protocol::bytes raw;       // the frame, kept when it did not decode
};

struct exchange {
  std::string connection;
  std::int16_t key = -1;
  std::int16_t version = -1;
  std::int32_t correlation_id = 0;
  std::optional<std::string> client_id;
  half request;
  half response;
  std::string assumption;  // set when the response was read without its request
  std::string note;        // e.g. "no response expected (acks=0)"
};

// Bytes that are not a frame (see frames.hpp).
struct garbage {
  std::string connection;
  double time = 0;
  bool to_server = true;
  std::size_t bytes = 0;
  std::string reason;
  protocol::bytes head;
};

struct session_sink {
  std::function<void(exchange&&)> on_exchange;
  std::function<void(garbage&&)> on_garbage;
};

class session {
 public:
  // `synced`: the capture saw the connection start (false: it joins mid-stream).
  session(std::string connection, session_sink sink, bool synced = true);

  void client_bytes(double time, protocol::byte_view data);  // client -> broker
  void server_bytes(double time, protocol::byte_view data);  // broker -> client
  void gap(bool to_server);                                  // bytes of that direction were lost
  void finish(double time);                                  // connection closed / capture ended

  // The request awaiting this correlation id (the proxy asks before forwarding a response).
  struct pending_info {
    std::int16_t key;
    std::int16_t version;
  };
  std::optional<pending_info> pending(std::int32_t correlation_id) const;

  const std::string& connection() const { return connection_; }

 private:
  void on_request_frame(double time, split_item&& f);
  void on_response_frame(double time, split_item&& f);
  bool decode_response(exchange& x, protocol::byte_view frame);
  // The body of a request into `out` (decoded, body, partial, or error); false: not decoded.
  static bool decode_request_body(const request_frame& rf, protocol::byte_view body, half& out);
  void assume_and_decode(exchange& x, protocol::byte_view frame);
  void emit_garbage(double time, bool to_server, split_item&& f);
  verdict request_head_ok(protocol::byte_view head, bool weak) const;
  verdict response_head_ok(protocol::byte_view head, bool weak) const;

  std::string connection_;
  session_sink sink_;
  frame_splitter to_server_;
  frame_splitter to_client_;
  std::map<std::int32_t, exchange> pending_;
  // The broker's ApiVersions answer on this connection: key -> (min, max).
  std::map<std::int16_t, std::pair<std::int16_t, std::int16_t>> broker_versions_;
  std::optional<std::pair<std::int16_t, std::int16_t>> last_api_;  // (key, version) last paired
};

}  // namespace kwire::dump
