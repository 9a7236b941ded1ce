#include "tools/dump/core/hex.hpp"

#include "tools/dump/decode.hpp"

namespace kwire::dump {

bool parse_hex(std::string_view text, protocol::bytes& out, std::string& why) {
  int hi = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') && hi < 0) {
      ++i;
      continue;
    }
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':') continue;
    else {
      why = "character '" + std::string(1, c) + "' at offset " + std::to_string(i) + " is not a hex digit";
      return false;
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  if (hi >= 0) {
    why = "odd number of hex digits";
    return false;
  }
  return true;
}

bool decode_hex_frame(protocol::byte_view frame, const hex_options& options, reporter& report) {
  const std::size_t wire = frame.size();
  // A leading size prefix that matches the rest is dropped: both forms are accepted.
  if (frame.size() >= 4) {
    const std::uint32_t size = static_cast<std::uint32_t>(frame[0]) << 24 | frame[1] << 16 | frame[2] << 8 | frame[3];
    if (size == frame.size() - 4) frame = frame.subspan(4);
  }
  auto fail = [&](std::string reason) {
    garbage g;
    g.connection = "hex";
    g.to_server = !options.response;
    g.bytes = wire;
    g.reason = std::move(reason);
    g.head.assign(frame.begin(), frame.end());
    report.on_garbage(g);
    return false;
  };
  exchange x;
  x.connection = "hex";
  auto& h = options.response ? x.response : x.request;
  h.present = true;
  h.bytes = wire;
  if (!options.response) {
    request_frame rf;
    if (auto r = read_request_frame(frame, rf); !r) return fail("request header did not decode: " + r.detail);
    if (options.api && *options.api != rf.key)
      return fail("the header names API key " + std::to_string(rf.key) + ", not " + std::to_string(*options.api));
    if (options.version && *options.version != rf.version)
      return fail("the header names version " + std::to_string(rf.version) + ", not " +
                  std::to_string(*options.version));
    x.key = rf.key;
    x.version = rf.version;
    x.correlation_id = rf.correlation_id;
    x.client_id = rf.client_id;
    if (auto r = decode_body(rf.key, rf.version, true, frame.subspan(rf.header_size), h.body); r) h.decoded = true;
    else h.error = r.detail;
  } else {
    if (!options.api || !options.version)
      return fail("a response carries no API key or version: give --api and --version");
    x.key = *options.api;
    x.version = *options.version;
    std::size_t off = 0;
    if (frame.size() >= 4)
      x.correlation_id = static_cast<std::int32_t>(static_cast<std::uint32_t>(frame[0]) << 24 | frame[1] << 16 |
                                                   frame[2] << 8 | frame[3]);
    if (auto r = read_response_header(frame, x.key, x.version, off); !r) h.error = r.detail;
    else if (auto r2 = decode_body(x.key, x.version, false, frame.subspan(off), h.body); r2) h.decoded = true;
    else h.error = r2.detail;
  }
  if (!h.decoded) h.raw.assign(frame.begin(), frame.end());
  report.on_exchange(x);
  return h.decoded;
}

}  // namespace kwire::dump
