#include "tools/dump/pcap_file.hpp"

#include <pcap/pcap.h>

#include <cstdio>

#include "tools/dump/core/tcp.hpp"

namespace kwire::dump {

int run_pcap(const std::string& file, const std::vector<std::uint16_t>& ports, reporter& report) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(file.c_str(), err);
  if (!p) {
    std::fprintf(stderr, "kwire-dump: cannot read %s: %s\n", file.c_str(), err);
    return 1;
  }
  const int link_type = pcap_datalink(p);
  capture_decoder decoder(ports, session_sink{[&](exchange&& x) { report.on_exchange(x); },
                                              [&](garbage&& g) { report.on_garbage(g); }});
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  double last = 0;
  int rc;
  while ((rc = pcap_next_ex(p, &header, &data)) == 1) {
    last = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) / 1e6;
    if (header->caplen < header->len) {
      // A snap length shorter than the packet loses payload: the stream has a hole here.
      std::fprintf(stderr, "kwire-dump: packet of %u bytes captured as %u (snap length too short)\n", header->len,
                   header->caplen);
    }
    decoder.packet(last, link_type, protocol::byte_view(data, header->caplen));
  }
  const bool failed = rc == -1;
  if (failed) std::fprintf(stderr, "kwire-dump: %s: %s (decoding what was read)\n", file.c_str(), pcap_geterr(p));
  pcap_close(p);
  decoder.finish(last);
  std::fprintf(stderr, "kwire-dump: %zu packets, %zu not Kafka TCP, %zu connections\n", decoder.packets(),
               decoder.skipped_packets(), decoder.connections());
  return failed ? 1 : 0;
}

}  // namespace kwire::dump
