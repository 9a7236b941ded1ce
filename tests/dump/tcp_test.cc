// Packets to sessions: Ethernet/IPv4/IPv6 parsing and TCP reassembly with out-of-order
// segments, retransmissions, a capture that starts mid-stream and lost segments.
#include "tools/dump/core/tcp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <kwire/protocol/messages.hpp>
#include "tests/dump/frames_helpers.hpp"
#include "tests/support/hex.hpp"

namespace kwire::dump {
namespace {

using namespace protocol;
using test::hex;

// An Ethernet + IPv4 + TCP packet (checksums are not checked by the decoder, so left zero).
bytes packet(bool to_server, std::uint32_t seq, const bytes& payload, bool syn = false) {
  bytes p = hex("000000000000 000000000000 0800");
  const std::size_t total = 20 + 20 + payload.size();
  bytes ip = hex("45 00 0000 0000 4000 40 06 0000 7f000001 7f000002");
  ip[2] = static_cast<std::uint8_t>(total >> 8);
  ip[3] = static_cast<std::uint8_t>(total);
  if (!to_server) std::swap_ranges(ip.begin() + 12, ip.begin() + 16, ip.begin() + 16);
  bytes tcp = hex("c350 2384 00000000 00000000 50 18 ffff 0000 0000");  // 50000 -> 9092
  if (!to_server) std::swap_ranges(tcp.begin(), tcp.begin() + 2, tcp.begin() + 2);
  for (int i = 0; i < 4; ++i) tcp[4 + i] = static_cast<std::uint8_t>(seq >> (24 - 8 * i));
  if (syn) tcp[13] = 0x02;
  p.insert(p.end(), ip.begin(), ip.end());
  p.insert(p.end(), tcp.begin(), tcp.end());
  p.insert(p.end(), payload.begin(), payload.end());
  return p;
}

struct collected {
  std::vector<exchange> exchanges;
  std::vector<garbage> garbage_runs;
  session_sink sink() {
    return {[this](exchange&& x) { exchanges.push_back(std::move(x)); },
            [this](garbage&& g) { garbage_runs.push_back(std::move(g)); }};
  }
};

TEST(ParsePacket, EthernetIpv4Tcp) {
  tcp_segment s;
  std::string why;
  const auto p = packet(true, 1234, hex("010203"));
  ASSERT_TRUE(parse_packet(link_ethernet, p, s, why)) << why;
  EXPECT_EQ(s.src, "127.0.0.1");
  EXPECT_EQ(s.dst, "127.0.0.2");
  EXPECT_EQ(s.sport, 50000);
  EXPECT_EQ(s.dport, 9092);
  EXPECT_EQ(s.seq, 1234u);
  EXPECT_EQ(bytes(s.payload.begin(), s.payload.end()), hex("010203"));
}

TEST(ParsePacket, RawIpv6) {
  bytes p = hex("60000000 0014 06 40") ;
  bytes addr(16, 0);
  addr[15] = 1;
  p.insert(p.end(), addr.begin(), addr.end());
  p.insert(p.end(), addr.begin(), addr.end());
  const auto tcp = hex("c350 2384 00000001 00000000 50 10 ffff 0000 0000");
  p.insert(p.end(), tcp.begin(), tcp.end());
  tcp_segment s;
  std::string why;
  ASSERT_TRUE(parse_packet(link_raw, p, s, why)) << why;
  EXPECT_EQ(s.src, "::1");
  EXPECT_EQ(s.dport, 9092);
  EXPECT_TRUE(s.payload.empty());
}

TEST(ParsePacket, RejectsWithAReason) {
  const std::vector<std::tuple<std::string, int, bytes, std::string>> cases{
      {"short ethernet", link_ethernet, hex("0000"), "Ethernet header truncated"},
      {"arp", link_ethernet, hex("000000000000 000000000000 0806 0000"), "not IP"},
      {"udp", link_raw, hex("45000014 00004000 4011 0000 7f000001 7f000001"), "not TCP"},
      {"ipv4 length beyond capture", link_raw, hex("450000ff 00004000 4006 0000 7f000001 7f000001"),
       "IPv4 lengths out of range"},
      {"link type", 999, hex("00"), "link type 999 is not supported"},
  };
  for (const auto& [name, link, p, reason] : cases) {
    tcp_segment s;
    std::string why;
    EXPECT_FALSE(parse_packet(link, p, s, why)) << name;
    EXPECT_NE(why.find(reason), std::string::npos) << name << ": " << why;
  }
}

// A conversation: three metadata round trips, sent as packets.
struct conversation {
  bytes c2s, s2c;
  conversation() {
    for (int cid = 1; cid <= 3; ++cid) {
      const auto q = test::request_frame(metadata_request{}, 12, cid);
      metadata_response m;
      m.brokers.push_back({1, "b", 9092, std::nullopt, {}});
      const auto r = test::response_frame(m, 12, cid);
      c2s.insert(c2s.end(), q.begin(), q.end());
      s2c.insert(s2c.end(), r.begin(), r.end());
    }
  }
};

// Cuts `data` into segments of `size` bytes starting at sequence `isn` + 1.
std::vector<std::pair<std::uint32_t, bytes>> segments(const bytes& data, std::uint32_t isn, std::size_t size) {
  std::vector<std::pair<std::uint32_t, bytes>> out;
  for (std::size_t i = 0; i < data.size(); i += size)
    out.push_back({isn + 1 + static_cast<std::uint32_t>(i),
                   bytes(data.begin() + static_cast<std::ptrdiff_t>(i),
                         data.begin() + static_cast<std::ptrdiff_t>(std::min(data.size(), i + size)))});
  return out;
}

TEST(CaptureDecoder, ReordersDuplicatesAndWrapsAround) {
  const conversation conv;
  std::mt19937 rng(7);
  // The client's initial sequence number is close to 2^32: the stream wraps.
  const std::uint32_t isn_c = 0xffffff00u, isn_s = 1000;
  for (int round = 0; round < 20; ++round) {
    collected got;
    capture_decoder d({9092}, got.sink());
    d.packet(0, link_ethernet, packet(true, isn_c, {}, true));
    d.packet(0, link_ethernet, packet(false, isn_s, {}, true));
    auto cs = segments(conv.c2s, isn_c, 1 + round * 3);
    auto ss = segments(conv.s2c, isn_s, 1 + round * 5);
    // Retransmit some segments and shuffle each direction (requests still precede responses).
    for (std::size_t i = 0; i < cs.size(); i += 3) cs.push_back(cs[i]);
    for (std::size_t i = 0; i < ss.size(); i += 2) ss.push_back(ss[i]);
    std::shuffle(cs.begin(), cs.end(), rng);
    std::shuffle(ss.begin(), ss.end(), rng);
    for (const auto& [seq, data] : cs) d.packet(1, link_ethernet, packet(true, seq, data));
    for (const auto& [seq, data] : ss) d.packet(2, link_ethernet, packet(false, seq, data));
    d.finish(3);
    ASSERT_EQ(got.exchanges.size(), 3u) << round;
    EXPECT_TRUE(got.garbage_runs.empty()) << got.garbage_runs[0].reason;
    for (const auto& x : got.exchanges) {
      EXPECT_TRUE(x.request.decoded && x.response.decoded) << round;
      EXPECT_EQ(x.connection, "127.0.0.1:50000>127.0.0.2:9092");
    }
  }
}

TEST(CaptureDecoder, JoinsMidStream) {
  const conversation conv;
  collected got;
  capture_decoder d({9092}, got.sink());
  // No SYN: the capture starts halfway through the first request.
  const auto cs = segments(conv.c2s, 5000, conv.c2s.size() / 3);  // cut at frame boundaries
  const auto ss = segments(conv.s2c, 9000, conv.s2c.size() / 3);
  auto first = cs[0];
  first.second.erase(first.second.begin(), first.second.begin() + 5);
  d.packet(1, link_ethernet, packet(true, first.first + 5, first.second));
  for (std::size_t i = 1; i < 3; ++i) d.packet(1, link_ethernet, packet(true, cs[i].first, cs[i].second));
  for (std::size_t i = 0; i < 3; ++i) d.packet(2, link_ethernet, packet(false, ss[i].first, ss[i].second));
  d.finish(3);
  // The cut request is skipped (reported), its response is read under an assumption, the
  // other two pair normally.
  ASSERT_EQ(got.exchanges.size(), 3u);
  ASSERT_EQ(got.garbage_runs.size(), 1u);
  EXPECT_EQ(got.garbage_runs[0].bytes, first.second.size());
  EXPECT_FALSE(got.exchanges[0].request.present);
  EXPECT_TRUE(got.exchanges[0].response.decoded);
  EXPECT_NE(got.exchanges[0].assumption.find("request not seen"), std::string::npos);
  EXPECT_TRUE(got.exchanges[1].request.decoded && got.exchanges[1].response.decoded);
  EXPECT_TRUE(got.exchanges[2].request.decoded && got.exchanges[2].response.decoded);
}

TEST(CaptureDecoder, LostSegmentIsAGapAndTheStreamGoesOn) {
  const conversation conv;
  collected got;
  capture_decoder d({9092}, got.sink());
  d.packet(0, link_ethernet, packet(true, 100, {}, true));
  d.packet(0, link_ethernet, packet(false, 200, {}, true));
  const auto cs = segments(conv.c2s, 100, conv.c2s.size() / 3);
  const auto ss = segments(conv.s2c, 200, conv.s2c.size() / 3);
  // The middle request is lost from the capture; a part of it lands in a later segment.
  d.packet(1, link_ethernet, packet(true, cs[0].first, cs[0].second));
  bytes tail(cs[1].second.begin() + 10, cs[1].second.end());
  d.packet(1, link_ethernet, packet(true, cs[1].first + 10, tail));
  d.packet(1, link_ethernet, packet(true, cs[2].first, cs[2].second));
  for (const auto& [seq, data] : ss) d.packet(2, link_ethernet, packet(false, seq, data));
  d.finish(3);
  ASSERT_EQ(got.exchanges.size(), 3u);
  EXPECT_TRUE(got.exchanges[0].request.decoded && got.exchanges[0].response.decoded);
  EXPECT_FALSE(got.exchanges[1].request.present);  // its response read under an assumption
  EXPECT_TRUE(got.exchanges[1].response.decoded);
  EXPECT_TRUE(got.exchanges[2].request.decoded && got.exchanges[2].response.decoded);
  ASSERT_FALSE(got.garbage_runs.empty());
}

}  // namespace
}  // namespace kwire::dump
