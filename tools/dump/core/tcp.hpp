#pragma once
// From captured packets to Kafka sessions: link/IP/TCP parsing of one packet, reassembly of each
// TCP direction (out-of-order segments, retransmissions, a capture that joins mid-stream, gaps),
// and the table of connections that feeds session.hpp. Sans-I/O: the libpcap reader hands in
// packets with their capture time.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <kwire/protocol/wire.hpp>
#include "tools/dump/session.hpp"

namespace kwire::dump {

struct tcp_segment {
  std::string src;  // address text ("127.0.0.1", "::1")
  std::string dst;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  bool syn = false;
  bool fin = false;
  bool rst = false;
  protocol::byte_view payload;
};

// Link types (pcap LINKTYPE_*) parse_packet reads.
inline constexpr int link_null = 0, link_ethernet = 1, link_raw = 101, link_loop = 108, link_linux_sll = 113,
                     link_linux_sll2 = 276;

// False (with the reason) for anything but an unfragmented IPv4/IPv6 TCP segment.
bool parse_packet(int link_type, protocol::byte_view packet, tcp_segment& out, std::string& why);

// One direction of a TCP connection, put back in order.
class tcp_reassembler {
 public:
  struct chunk {
    bool gap = false;      // bytes before this point were lost
    protocol::bytes data;  // in-order payload
  };
  static constexpr std::size_t max_out_of_order = std::size_t{32} << 20;
  // A hole older than this when the other direction moves on is taken as lost from the capture
  // (the peer answered, so it had those bytes): waiting longer would only stall the decoding.
  static constexpr double hole_patience = 0.2;

  void segment(double time, std::uint32_t seq, bool syn, protocol::byte_view payload, std::vector<chunk>& out);
  // Capture time since which data has waited behind a hole; negative when there is none.
  double hole_since() const { return waiting_.empty() ? -1 : hole_since_; }
  // Gives up on the current hole: marks it and delivers what waited behind it.
  void skip_hole(std::vector<chunk>& out);
  // End of capture: deliver what waits behind a hole, marking the hole.
  void finish(std::vector<chunk>& out);
  bool started() const { return started_; }
  bool saw_syn() const { return saw_syn_; }

 private:
  void drain(std::vector<chunk>& out);

  bool started_ = false;
  bool saw_syn_ = false;
  std::uint32_t next_seq_ = 0;
  std::uint64_t next_abs_ = 0;  // absolute offset of next_seq_ (immune to wraparound)
  std::map<std::uint64_t, protocol::bytes> waiting_;
  std::size_t waiting_bytes_ = 0;
  double hole_since_ = -1;
};

class capture_decoder {
 public:
  // `server_ports`: a segment to or from one of them is Kafka; that side is the broker.
  capture_decoder(std::vector<std::uint16_t> server_ports, session_sink sink);

  void packet(double time, int link_type, protocol::byte_view data);
  void finish(double time);

  std::size_t packets() const { return packets_; }
  std::size_t skipped_packets() const { return skipped_; }
  std::size_t connections() const { return connections_.size() + closed_; }

 private:
  struct connection {
    std::unique_ptr<session> s;
    tcp_reassembler to_server;
    tcp_reassembler to_client;
    bool had_data = false;
  };
  using key = std::tuple<std::string, std::uint16_t, std::string, std::uint16_t>;  // client, server

  void deliver(connection& c, bool to_server, double time, std::vector<tcp_reassembler::chunk>& chunks);

  std::vector<std::uint16_t> ports_;
  session_sink sink_;
  std::map<key, connection> connections_;
  std::size_t packets_ = 0;
  std::size_t skipped_ = 0;
  std::size_t closed_ = 0;
};

}  // namespace kwire::dump
