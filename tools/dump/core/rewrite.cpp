#include "tools/dump/core/rewrite.hpp"

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/describe_cluster.hpp>
#include <kwire/protocol/messages/find_coordinator.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::dump {

using protocol::api_key;

bool carries_addresses(std::int16_t key) {
  const auto k = static_cast<api_key>(key);
  return k == api_key::metadata || k == api_key::find_coordinator || k == api_key::describe_cluster;
}

namespace {

// Replaces one (host, port) pair; an error answer (empty host, port -1) is left alone.
void swap_address(const address_map& map, std::string& host, std::int32_t& port, bool& changed) {
  if (host.empty() || port <= 0) return;
  std::string h;
  std::int32_t p = 0;
  if (!map(host, port, h, p)) return;
  if (h == host && p == port) return;
  host = std::move(h);
  port = p;
  changed = true;
}

void apply(protocol::metadata_response& m, const address_map& map, bool& changed) {
  for (auto& b : m.brokers) swap_address(map, b.host, b.port, changed);
}
void apply(protocol::find_coordinator_response& m, const address_map& map, bool& changed) {
  swap_address(map, m.host, m.port, changed);
  for (auto& c : m.coordinators) swap_address(map, c.host, c.port, changed);
}
void apply(protocol::describe_cluster_response& m, const address_map& map, bool& changed) {
  for (auto& b : m.brokers) swap_address(map, b.host, b.port, changed);
}

template <class M>
protocol::codec_result rewrite_as(std::int16_t version, protocol::byte_view frame, const address_map& map,
                                  protocol::bytes& out, bool& changed) {
  protocol::reader r(frame);
  protocol::response_header header;
  protocol::read_response_header(r, header, protocol::response_header_version(M::api, version));
  if (!r.ok()) return {r.error(), "response header: " + r.detail()};
  const auto header_size = r.offset();
  M m;
  if (auto res = protocol::decode(frame.subspan(header_size), version, m); !res) return res;
  changed = false;
  apply(m, map, changed);
  if (!changed) return {};
  out.clear();
  protocol::writer w(out);
  w.i32(0);
  w.raw(frame.first(header_size));
  if (auto res = protocol::encode(m, version, out); !res) return res;
  w.patch_u32(0, static_cast<std::uint32_t>(out.size() - 4));
  return {};
}

}  // namespace

protocol::codec_result rewrite_addresses(std::int16_t key, std::int16_t version, protocol::byte_view frame,
                                         const address_map& map, protocol::bytes& out, bool& changed) {
  changed = false;
  switch (static_cast<api_key>(key)) {
    case api_key::metadata: return rewrite_as<protocol::metadata_response>(version, frame, map, out, changed);
    case api_key::find_coordinator:
      return rewrite_as<protocol::find_coordinator_response>(version, frame, map, out, changed);
    case api_key::describe_cluster:
      return rewrite_as<protocol::describe_cluster_response>(version, frame, map, out, changed);
    default: return {};
  }
}

}  // namespace kwire::dump
