#pragma once
// Address rewriting for the proxy: Metadata, FindCoordinator and DescribeCluster responses
// name brokers by host and port, and a client connects to what they say. The proxy replaces each
// address with one of its own listeners (decode -> modify -> re-encode at the same version,
// re-framed with a fresh size prefix); the response header's bytes are kept as they were.

#include <cstdint>
#include <functional>
#include <string>

#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::dump {

// Gives the proxy's address for a broker's advertised one; false if it cannot (the address is
// then left as the broker sent it).
using address_map = std::function<bool(const std::string& host, std::int32_t port, std::string& proxy_host,
                                       std::int32_t& proxy_port)>;

// Whether responses of this API carry broker addresses the proxy rewrites.
bool carries_addresses(std::int16_t key);

// Rewrites the addresses in a response `frame` (without its size prefix) of (key, version).
// On success `out` holds the new frame with its size prefix and `changed` says whether any
// address was replaced; unchanged frames should be forwarded as they came.
protocol::codec_result rewrite_addresses(std::int16_t key, std::int16_t version, protocol::byte_view frame,
                                         const address_map& map, protocol::bytes& out, bool& changed);

}  // namespace kwire::dump
