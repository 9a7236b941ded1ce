#include "tools/dump/decode.hpp"

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include "tools/dump/decode_families.hpp"

namespace kwire::dump {

using protocol::byte_view;
using kwire::client_errc;
using protocol::codec_result;

std::string api_name(std::int16_t key) {
  const auto* facts = protocol::find_api(key);
  return facts ? std::string(facts->name) : "Key(" + std::to_string(key) + ")";
}

codec_result decode_body(std::int16_t key, std::int16_t version, bool is_request, byte_view body, node& out) {
  const auto* facts = protocol::find_api(key);
  if (!facts) return {client_errc::unsupported_version, "API key " + std::to_string(key) + " is not a Kafka API"};
  if (!facts->supported.contains(version))
    return {client_errc::unsupported_version,
            std::string(facts->name) + " v" + std::to_string(version) + " is not implemented by kwire" +
                (facts->supported.empty() ? std::string(" (no version is)")
                                          : " (v" + std::to_string(facts->supported.lo) + "-v" +
                                                std::to_string(facts->supported.hi) + ")")};
  codec_result r;
  for (auto f : detail::family_decoders) {
    if (!f(key, version, is_request, body, out, r)) continue;
    if (r) redact_secrets(out);
    return r;
  }
  return {client_errc::unsupported_version, std::string(facts->name) + " has no message declaration in kwire"};
}

bool newer_than_known(std::int16_t key, std::int16_t version) {
  const auto* facts = protocol::find_api(key);
  return facts && !facts->supported.empty() && version > facts->supported.hi;
}

newer_result decode_newer(std::int16_t key, std::int16_t version, bool is_request, byte_view body, node& out) {
  const auto& facts = *protocol::find_api(key);
  const auto hi = facts.supported.hi;
  const auto newest = "v" + std::to_string(hi);
  const std::string what = std::string(facts.name) + " v" + std::to_string(version) +
                           " is newer than kwire knows (v" + std::to_string(facts.supported.lo) + "-" + newest +
                           "): header decoded; ";
  // A layout of the other encoding (classic vs flexible) cannot be right: do not try it.
  if (protocol::is_flexible(facts.key, hi) != protocol::is_flexible(facts.key, version))
    return {false, what + "the body (" + std::to_string(body.size()) + " bytes) is not decoded: v" +
                       std::to_string(version) + " is flexible and " + newest + " is not"};
  node tree;
  if (auto r = decode_body(key, hi, is_request, body, tree); !r)
    return {false, what + "the body (" + std::to_string(body.size()) + " bytes) is not decoded: read with the " +
                       newest + " layout, the newest kwire knows, it fails (" + r.detail + ")"};
  out = std::move(tree);
  return {true, what + "the body is read with the " + newest +
                    " layout, the newest kwire knows, to its last byte; what v" + std::to_string(version) +
                    " changed, if anything, kwire cannot tell"};
}

void redact_secrets(node& n) {
  for (auto& c : n.children) {
    if (c.type == node::kind::bytes &&
        (c.name == "AuthBytes" || c.name == "Hmac" || c.name == "SaltedPassword")) {
      const auto size = c.text.size();
      c = node::make_string(c.name, "<redacted " + std::to_string(size) + " bytes>");
    } else {
      redact_secrets(c);
    }
  }
}

codec_result read_request_frame(byte_view frame, request_frame& out) {
  protocol::reader r(frame);
  out.key = r.i16();
  out.version = r.i16();
  out.correlation_id = r.i32();
  if (!r.ok()) return {r.error(), "request header: " + r.detail()};
  const auto* facts = protocol::find_api(out.key);
  if (!facts)
    return {client_errc::unsupported_version, "request header names API key " + std::to_string(out.key) +
                                                  ", which is not a Kafka API"};
  if (out.version < 0)
    return {client_errc::unsupported_version, "request header gives a negative version " + std::to_string(out.version)};
  protocol::request_header h;
  protocol::reader hr(frame);
  protocol::read_request_header(hr, h, protocol::request_header_version(facts->key, out.version));
  if (!hr.ok()) return {hr.error(), "request header: " + hr.detail()};
  out.client_id = h.client_id;
  out.header_size = hr.offset();
  return {};
}

codec_result read_response_header(byte_view frame, std::int16_t key, std::int16_t version, std::size_t& body_offset) {
  const auto* facts = protocol::find_api(key);
  if (!facts) return {client_errc::unsupported_version, "API key " + std::to_string(key) + " is not a Kafka API"};
  protocol::response_header h;
  protocol::reader r(frame);
  protocol::read_response_header(r, h, protocol::response_header_version(facts->key, version));
  if (!r.ok()) return {r.error(), "response header: " + r.detail()};
  body_offset = r.offset();
  return {};
}

}  // namespace kwire::dump
