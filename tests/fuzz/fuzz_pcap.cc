// kwire-dump's capture path (`kwire-dump pcap FILE`, tools/dump/pcap_file.cpp): the input is a
// pcap file, read by libpcap from memory as run_pcap reads it from disk, its packets parsed
// (link, IP, TCP), each TCP direction reassembled (out of order, retransmitted, joined
// mid-stream, with holes) and the Kafka sessions on port 9092 decoded and reported as JSON.
// Property: no crash, leak or UB whatever the file holds.

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/fuzz_input.hpp"
#include "tools/dump/core/report.hpp"
#include "tools/dump/core/tcp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kwire;
  if (size == 0) return 0;
  FILE* f = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (!f) return 0;
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_fopen_offline(f, err);  // owns f from here on
  if (!p) {
    std::fclose(f);
    return 0;
  }
  std::size_t written = 0;
  dump::reporter report(dump::output_format::json, {}, [&](const std::string& s) { written += s.size(); });
  dump::capture_decoder decoder({9092}, dump::session_sink{[&](dump::exchange&& x) { report.on_exchange(x); },
                                                           [&](dump::garbage&& g) { report.on_garbage(g); }});
  const int link_type = pcap_datalink(p);
  pcap_pkthdr* header = nullptr;
  const u_char* packet = nullptr;
  double last = 0;
  while (pcap_next_ex(p, &header, &packet) == 1) {
    last = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) / 1e6;
    decoder.packet(last, link_type, protocol::byte_view(packet, header->caplen));
  }
  pcap_close(p);
  decoder.finish(last);
  report.print_summary();
  return 0;
}
