#pragma once
// Decoding of one frame's body for any API kwire declares (protocol/message_catalog.hpp), and of the
// request/response headers around it. Sans-I/O: bytes in, node tree out.

#include <cstdint>
#include <optional>
#include <string>

#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/wire.hpp>
#include "tools/dump/tree.hpp"

namespace kwire::dump {

// Decodes the body of (key, version) as a request or a response into `out`. The result says
// why not: a key or version kwire does not implement, or the exact field that failed.
protocol::codec_result decode_body(std::int16_t key, std::int16_t version, bool is_request,
                                   protocol::byte_view body, node& out);

// A version newer than kwire implements, of an API it knows (a client or broker newer than kwire).
bool newer_than_known(std::int16_t key, std::int16_t version);

// For such a version: the body read with the newest layout kwire knows, as far as it goes.
// body_decoded: it read to the last byte, `out` holds the fields; otherwise `out` is untouched.
// `note` says what was and what was not decoded, naming both versions.
struct newer_result {
  bool body_decoded = false;
  std::string note;
};
newer_result decode_newer(std::int16_t key, std::int16_t version, bool is_request, protocol::byte_view body,
                          node& out);

// Replaces secrets (SASL tokens, delegation-token HMACs, SCRAM salted passwords) with a note
// of their size, anywhere in the tree.
void redact_secrets(node& n);

// A request frame (without its size prefix): header fields, then the body.
struct request_frame {
  std::int16_t key = -1;
  std::int16_t version = -1;
  std::int32_t correlation_id = 0;
  std::optional<std::string> client_id;
  std::size_t header_size = 0;  // where the body starts
};
// Reads the request header; the error names what was wrong (unknown key, truncated header).
protocol::codec_result read_request_frame(protocol::byte_view frame, request_frame& out);

// The response header for (key, version); returns where the body starts.
protocol::codec_result read_response_header(protocol::byte_view frame, std::int16_t key, std::int16_t version,
                                            std::size_t& body_offset);

// "Metadata" or "Key(1234)" for a key Kafka never defined.
std::string api_name(std::int16_t key);

}  // namespace kwire::dump
