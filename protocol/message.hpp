#pragma once
// Whole messages: body encode/decode for any declared message at a version, and the request
// and response headers that frame them.

#include <cstdint>
#include <optional>
#include <string>

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/codec.hpp>

namespace kwire::protocol {

inline codec_ctx context_for(api_key key, std::int16_t version) {
  return {version, is_flexible(key, version)};
}

template <message_type M>
codec_result check_version(std::int16_t version) {
  const auto& facts = info(M::api);
  if (facts.supported.contains(version)) return {};
  return {client_errc::unsupported_version,
          std::string(M::schema_name) + " v" + std::to_string(version) + " is outside the versions kwire implements" +
              (facts.supported.empty() ? std::string(" (none yet)")
                                      : " (" + std::to_string(facts.supported.lo) + "-" +
                                            std::to_string(facts.supported.hi) + ")")};
}

// Appends the body of `m` at `version` to `out`. On failure `out` may hold a partial body.
template <message_type M>
codec_result encode(const M& m, std::int16_t version, bytes& out) {
  if (auto r = check_version<M>(version); !r) return r;
  writer w(out);
  write_value(w, m, context_for(M::api, version));
  if (w.ok()) return {};
  return {w.error(), std::string(M::schema_name) + " v" + std::to_string(version) + ": " + w.detail()};
}

template <message_type M>
std::size_t encoded_size(const M& m, std::int16_t version) {
  size_counter w;
  write_value(w, m, context_for(M::api, version));
  return w.position();
}

// Decodes a body that must span `in` exactly. `out` is reset first: fields the version lacks
// take their defaults, whatever it held before.
template <message_type M>
codec_result decode(byte_view in, std::int16_t version, M& out) {
  if (auto r = check_version<M>(version); !r) return r;
  out = M{};
  reader r(in);
  read_value(r, out, context_for(M::api, version));
  r.expect_end(std::string(M::schema_name));
  if (r.ok()) return {};
  return {r.error(), std::string(M::schema_name) + " v" + std::to_string(version) + ": " + r.detail()};
}

// Each message's encode/decode/size is instantiated once, in protocol/message_codecs/<family>.cpp
// (KWIRE_INSTANTIATE_FAMILY, from message_catalog.hpp), and declared extern in its header: a
// test or tool that handles every message then compiles in seconds instead of re-instantiating
// the whole codec for all of them in one unit.
#define KWIRE_MESSAGE_CODEC(prefix, M)                                              \
  prefix template codec_result encode<M>(const M&, std::int16_t, bytes&);          \
  prefix template codec_result decode<M>(byte_view, std::int16_t, M&);             \
  prefix template std::size_t encoded_size<M>(const M&, std::int16_t);
#define KWIRE_EXTERN_MESSAGE_CODEC(M) KWIRE_MESSAGE_CODEC(extern, M)
#define KWIRE_INSTANTIATE_MESSAGE_CODEC(M) KWIRE_MESSAGE_CODEC(, M)

// Request header v0-v2. The client id stays a classic (non-compact) string even in v2.
struct request_header {
  api_key key{};
  std::int16_t version = 0;
  std::int32_t correlation_id = 0;
  std::optional<std::string> client_id;
  tagged_fields unknown_tags;
  bool operator==(const request_header&) const = default;
};

struct response_header {
  std::int32_t correlation_id = 0;
  tagged_fields unknown_tags;
  bool operator==(const response_header&) const = default;
};

void write_request_header(writer& w, const request_header& h, std::int16_t header_version);
void read_request_header(reader& r, request_header& h, std::int16_t header_version);
void write_response_header(writer& w, const response_header& h, std::int16_t header_version);
void read_response_header(reader& r, response_header& h, std::int16_t header_version);

// A complete request frame: int32 size, header, body.
template <message_type M>
codec_result frame_request(const M& m, std::int16_t version, std::int32_t correlation_id,
                           const std::optional<std::string>& client_id, bytes& out) {
  static_assert(M::is_request);
  const auto start = out.size();
  writer w(out);
  w.i32(0);
  write_request_header(w, {M::api, version, correlation_id, client_id, {}},
                       request_header_version(M::api, version));
  if (!w.ok()) {
    out.resize(start);
    return {w.error(), "request header: " + w.detail()};
  }
  auto r = encode(m, version, out);
  if (!r) {
    out.resize(start);
    return r;
  }
  w.patch_u32(start, static_cast<std::uint32_t>(out.size() - start - 4));
  return {};
}

// Decodes a response frame without its size prefix: header, then body of type M.
template <message_type M>
codec_result parse_response(byte_view frame, std::int16_t version, response_header& header, M& out) {
  static_assert(!M::is_request);
  reader r(frame);
  read_response_header(r, header, response_header_version(M::api, version));
  if (!r.ok()) return {r.error(), "response header: " + r.detail()};
  return decode(frame.subspan(r.offset()), version, out);
}

}  // namespace kwire::protocol
