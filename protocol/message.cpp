#include <kwire/protocol/message.hpp>

namespace kwire::protocol {
namespace {

// Headers declare no known tags: every entry of their tag section is kept as unknown.
void read_tags(reader& r, tagged_fields& tags) {
  read_tag_section(r, "", [&](std::uint32_t tag, byte_view data) {
    tags.push_back({tag, bytes(data.begin(), data.end())});
  });
}

constexpr codec_ctx classic{0, false};

}  // namespace

void write_request_header(writer& w, const request_header& h, std::int16_t header_version) {
  w.i16(static_cast<std::int16_t>(h.key));
  w.i16(h.version);
  w.i32(h.correlation_id);
  if (header_version >= 1) write_value(w, h.client_id, classic);
  if (header_version >= 2) write_tag_section(w, h.unknown_tags);
}

void read_request_header(reader& r, request_header& h, std::int16_t header_version) {
  h.key = static_cast<api_key>(r.i16());
  h.version = r.i16();
  h.correlation_id = r.i32();
  if (header_version >= 1) read_value(r, h.client_id, classic);
  if (header_version >= 2) read_tags(r, h.unknown_tags);
}

void write_response_header(writer& w, const response_header& h, std::int16_t header_version) {
  w.i32(h.correlation_id);
  if (header_version >= 1) write_tag_section(w, h.unknown_tags);
}

void read_response_header(reader& r, response_header& h, std::int16_t header_version) {
  h.correlation_id = r.i32();
  if (header_version >= 1) read_tags(r, h.unknown_tags);
}

}  // namespace kwire::protocol
