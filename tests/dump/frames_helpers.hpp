#pragma once
// Frames for the kwire-dump tests, built with kwire's own encoder: a request frame with its
// size prefix, and a response frame (header + body) at a version.

#include <string>

#include <kwire/protocol/message.hpp>

namespace kwire::test {

template <class Req>
protocol::bytes request_frame(const Req& r, std::int16_t version, std::int32_t cid, const std::string& client = "t") {
  protocol::bytes out;
  auto res = protocol::frame_request(r, version, cid, client, out);
  if (!res) throw std::runtime_error(res.detail);
  return out;
}

template <class Resp>
protocol::bytes response_frame(const Resp& r, std::int16_t version, std::int32_t cid) {
  protocol::bytes out;
  protocol::writer w(out);
  w.i32(0);
  protocol::write_response_header(w, {cid, {}}, protocol::response_header_version(Resp::api, version));
  auto res = protocol::encode(r, version, out);
  if (!res) throw std::runtime_error(res.detail);
  w.patch_u32(0, static_cast<std::uint32_t>(out.size() - 4));
  return out;
}

}  // namespace kwire::test
