#include "tools/dump/core/tcp.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace kwire::dump {

using protocol::byte_view;

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

std::string address(int family, const std::uint8_t* p) {
  char buf[INET6_ADDRSTRLEN];
  return inet_ntop(family, p, buf, sizeof buf) ? buf : "?";
}

bool parse_tcp(byte_view p, tcp_segment& out, std::string& why) {
  if (p.size() < 20) return why = "TCP header truncated", false;
  const std::size_t header = static_cast<std::size_t>(p[12] >> 4) * 4;
  if (header < 20 || header > p.size()) return why = "TCP data offset out of range", false;
  out.sport = be16(p.data());
  out.dport = be16(p.data() + 2);
  out.seq = be32(p.data() + 4);
  out.fin = p[13] & 0x01;
  out.syn = p[13] & 0x02;
  out.rst = p[13] & 0x04;
  out.payload = p.subspan(header);
  return true;
}

bool parse_ip(byte_view p, tcp_segment& out, std::string& why) {
  if (p.empty()) return why = "empty packet", false;
  const int v = p[0] >> 4;
  if (v == 4) {
    if (p.size() < 20) return why = "IPv4 header truncated", false;
    const std::size_t ihl = static_cast<std::size_t>(p[0] & 15) * 4;
    const std::size_t total = be16(p.data() + 2);
    if (ihl < 20 || total < ihl || total > p.size()) return why = "IPv4 lengths out of range (snap length too short?)", false;
    if (p[9] != 6) return why = "not TCP", false;
    if ((be16(p.data() + 6) & 0x3fff) != 0) return why = "IPv4 fragment", false;
    out.src = address(AF_INET, p.data() + 12);
    out.dst = address(AF_INET, p.data() + 16);
    return parse_tcp(p.subspan(ihl, total - ihl), out, why);
  }
  if (v == 6) {
    if (p.size() < 40) return why = "IPv6 header truncated", false;
    const std::size_t payload = be16(p.data() + 4);
    if (40 + payload > p.size()) return why = "IPv6 payload length out of range (snap length too short?)", false;
    out.src = address(AF_INET6, p.data() + 8);
    out.dst = address(AF_INET6, p.data() + 24);
    int next = p[6];
    auto rest = p.subspan(40, payload);
    // Hop-by-hop, routing and destination options may precede TCP.
    while (next == 0 || next == 43 || next == 60) {
      if (rest.size() < 8) return why = "IPv6 extension header truncated", false;
      const std::size_t len = (static_cast<std::size_t>(rest[1]) + 1) * 8;
      if (len > rest.size()) return why = "IPv6 extension header truncated", false;
      next = rest[0];
      rest = rest.subspan(len);
    }
    if (next != 6) return why = "not TCP", false;
    return parse_tcp(rest, out, why);
  }
  return why = "not IP", false;
}

}  // namespace

bool parse_packet(int link_type, byte_view p, tcp_segment& out, std::string& why) {
  switch (link_type) {
    case link_ethernet: {
      if (p.size() < 14) return why = "Ethernet header truncated", false;
      std::size_t off = 12;
      auto type = be16(p.data() + off);
      while ((type == 0x8100 || type == 0x88a8) && p.size() >= off + 6) {  // VLAN tags
        off += 4;
        type = be16(p.data() + off);
      }
      if (type != 0x0800 && type != 0x86dd) return why = "not IP", false;
      return parse_ip(p.subspan(off + 2), out, why);
    }
    case link_null:
    case link_loop:
      if (p.size() < 4) return why = "loopback header truncated", false;
      return parse_ip(p.subspan(4), out, why);
    case link_raw: return parse_ip(p, out, why);
    case link_linux_sll:
      if (p.size() < 16) return why = "Linux cooked header truncated", false;
      return parse_ip(p.subspan(16), out, why);
    case link_linux_sll2:
      if (p.size() < 20) return why = "Linux cooked v2 header truncated", false;
      return parse_ip(p.subspan(20), out, why);
    default: why = "link type " + std::to_string(link_type) + " is not supported"; return false;
  }
}

void tcp_reassembler::drain(std::vector<chunk>& out) {
  while (!waiting_.empty()) {
    auto it = waiting_.begin();
    if (it->first > next_abs_) return;
    auto data = std::move(it->second);
    const auto start = it->first;
    waiting_bytes_ -= data.size();
    waiting_.erase(it);
    const auto end = start + data.size();
    if (end <= next_abs_) continue;  // wholly retransmitted
    const auto skip = static_cast<std::size_t>(next_abs_ - start);
    if (out.empty() || out.back().gap) out.emplace_back();
    out.back().data.insert(out.back().data.end(), data.begin() + static_cast<std::ptrdiff_t>(skip), data.end());
    next_seq_ += static_cast<std::uint32_t>(data.size() - skip);
    next_abs_ = end;
  }
}

void tcp_reassembler::skip_hole(std::vector<chunk>& out) {
  if (waiting_.empty()) return;
  out.push_back({true, {}});
  next_seq_ += static_cast<std::uint32_t>(waiting_.begin()->first - next_abs_);
  next_abs_ = waiting_.begin()->first;
  drain(out);
}

void tcp_reassembler::segment(double time, std::uint32_t seq, bool syn, byte_view payload, std::vector<chunk>& out) {
  if (!started_) {
    started_ = true;
    saw_syn_ = syn;
    next_seq_ = syn ? seq + 1 : seq;
    next_abs_ = 0;
    if (syn) seq += 1;
  } else if (syn) {
    seq += 1;  // a retransmitted SYN carries no data before seq + 1
  }
  if (payload.empty()) return;
  // Where this segment starts relative to the next expected byte (signed: wraparound-safe).
  const auto delta = static_cast<std::int32_t>(seq - next_seq_);
  const auto start = static_cast<std::int64_t>(next_abs_) + delta;
  if (start + static_cast<std::int64_t>(payload.size()) <= static_cast<std::int64_t>(next_abs_)) return;
  if (start < 0) return;
  if (waiting_.empty()) hole_since_ = time;
  auto& slot = waiting_[static_cast<std::uint64_t>(start)];
  if (slot.size() < payload.size()) {
    waiting_bytes_ += payload.size() - slot.size();
    slot.assign(payload.begin(), payload.end());
  }
  drain(out);
  // Too much waits behind the hole: it will not be filled.
  if (waiting_bytes_ > max_out_of_order) skip_hole(out);
  if (!waiting_.empty() && hole_since_ < 0) hole_since_ = time;
}

void tcp_reassembler::finish(std::vector<chunk>& out) {
  while (!waiting_.empty()) skip_hole(out);
}

capture_decoder::capture_decoder(std::vector<std::uint16_t> server_ports, session_sink sink)
    : ports_(std::move(server_ports)), sink_(std::move(sink)) {}

void capture_decoder::deliver(connection& c, bool to_server, double time, std::vector<tcp_reassembler::chunk>& chunks) {
  for (auto& ch : chunks) {
    if (ch.gap) {
      c.s->gap(to_server);
      continue;
    }
    if (to_server) c.s->client_bytes(time, ch.data);
    else c.s->server_bytes(time, ch.data);
  }
  chunks.clear();
}

void capture_decoder::packet(double time, int link_type, byte_view data) {
  ++packets_;
  tcp_segment seg;
  std::string why;
  if (!parse_packet(link_type, data, seg, why)) {
    ++skipped_;
    return;
  }
  const bool to_server = std::find(ports_.begin(), ports_.end(), seg.dport) != ports_.end();
  const bool from_server = std::find(ports_.begin(), ports_.end(), seg.sport) != ports_.end();
  if (!to_server && !from_server) {
    ++skipped_;
    return;
  }
  const key k = to_server ? key{seg.src, seg.sport, seg.dst, seg.dport} : key{seg.dst, seg.dport, seg.src, seg.sport};
  auto it = connections_.find(k);
  // A new SYN on a 4-tuple that already carried data is a new connection.
  if (it != connections_.end() && seg.syn && to_server && it->second.had_data) {
    it->second.s->finish(time);
    ++closed_;
    connections_.erase(it);
    it = connections_.end();
  }
  if (it == connections_.end()) {
    const auto& [ch, cp, sh, sp] = k;
    auto show = [](const std::string& h, std::uint16_t port) {
      return (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + std::to_string(port);
    };
    connection c;
    c.s = std::make_unique<session>(show(ch, cp) + ">" + show(sh, sp), sink_, seg.syn);
    it = connections_.emplace(k, std::move(c)).first;
  }
  auto& c = it->second;
  c.had_data = c.had_data || !seg.payload.empty();
  std::vector<tcp_reassembler::chunk> chunks;
  auto& dir = to_server ? c.to_server : c.to_client;
  auto& other = to_server ? c.to_client : c.to_server;
  if (!seg.payload.empty() && other.hole_since() >= 0 && time - other.hole_since() > tcp_reassembler::hole_patience) {
    other.skip_hole(chunks);
    deliver(c, !to_server, time, chunks);
  }
  const bool first = !dir.started();
  dir.segment(time, seg.seq, seg.syn, seg.payload, chunks);
  // A direction whose first segment was not a SYN joined mid-stream.
  if (first && !seg.syn) c.s->gap(to_server);
  deliver(c, to_server, time, chunks);
}

void capture_decoder::finish(double time) {
  for (auto& [k, c] : connections_) {
    std::vector<tcp_reassembler::chunk> chunks;
    c.to_server.finish(chunks);
    deliver(c, true, time, chunks);
    c.to_client.finish(chunks);
    deliver(c, false, time, chunks);
    c.s->finish(time);
  }
  closed_ += connections_.size();
  connections_.clear();
}

}  // namespace kwire::dump
