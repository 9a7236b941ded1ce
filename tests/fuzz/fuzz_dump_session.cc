// kwire-dump's session decoder (tools/dump/session.hpp): the bytes of both directions of one
// connection, cut anywhere, paired into exchanges, decoded and reported (one-line, verbose and
// JSON forms, tools/dump/core/report.hpp).
//   input = flags (1 byte: bit 0 the capture saw the start, bits 1-2 the output form), then
//           pieces: a control byte (bit 7 client->broker, bit 6 a gap before it) and a length
//           byte, then that many bytes.
// Property: no crash, leak or UB whatever the bytes; every exchange and garbage is reported.

#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_input.hpp"
#include "tools/dump/core/report.hpp"
#include "tools/dump/session.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kwire;
  fuzz::input in(data, size);
  const auto flags = in.u8();
  const auto form = static_cast<dump::output_format>((flags >> 1) % 3);
  std::size_t written = 0;
  dump::reporter report(form, {}, [&](const std::string& s) { written += s.size(); });
  dump::session s("fuzz", dump::session_sink{[&](dump::exchange&& x) { report.on_exchange(x); },
                                             [&](dump::garbage&& g) { report.on_garbage(g); }},
                  (flags & 1) != 0);
  double time = 1e9;
  while (!in.empty()) {
    const auto control = in.u8();
    const auto piece = in.take(in.u8());
    const protocol::bytes copy(piece.begin(), piece.end());  // exact size, for ASan
    const bool to_server = (control & 0x80) != 0;
    if (control & 0x40) s.gap(to_server);
    time += 0.001;
    if (to_server)
      s.client_bytes(time, copy);
    else
      s.server_bytes(time, copy);
  }
  s.finish(time);
  report.print_summary();
  return 0;
}
