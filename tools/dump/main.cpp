// kwire-dump: decodes Kafka wire traffic (docs/dump.md).
//   kwire-dump proxy --listen HOST:PORT --upstream HOST:PORT [--advertise HOST]
//   kwire-dump pcap FILE [--port 9092 ...]
//   kwire-dump hex [--api KEY --version V --response]      (one frame as hex on stdin)
// Output options: -v (field tree), --json (JSON Lines). Filters: --api NAME|KEY, --topic T,
// --group G, --client-id C (each repeatable), --errors-only.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/dump/core/hex.hpp"
#include "tools/dump/core/report.hpp"
#include "tools/dump/pcap_file.hpp"
#include "tools/dump/proxy.hpp"

namespace {

using namespace kwire::dump;

int usage(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "kwire-dump: %s\n", why.c_str());
  std::fprintf(stderr,
               "usage: kwire-dump proxy --listen HOST:PORT --upstream HOST:PORT [--advertise HOST]\n"
               "       kwire-dump pcap FILE [--port PORT ...]\n"
               "       kwire-dump hex [--api KEY --version V --response] < frame.hex\n"
               "output: -v (full field tree), --json (JSON Lines); default one line per exchange\n"
               "filters: --api NAME|KEY, --topic T, --group G, --client-id C, --errors-only\n");
  return 2;
}

bool parse_int(const std::string& text, long lo, long hi, long& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtol(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0' && errno == 0 && out >= lo && out <= hi;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage("");
  const std::string mode = args[0];
  output_format format = output_format::line;
  filters f;
  proxy_options proxy;
  std::vector<std::uint16_t> ports;
  std::string file;
  hex_options hex;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    long n = 0;
    if (a == "-v" || a == "--verbose") format = output_format::verbose;
    else if (a == "--json") format = output_format::json;
    else if (a == "--errors-only") f.errors_only = true;
    else if (a == "--response") hex.response = true;
    else if (a == "--api") {
      if (!value(v)) return usage("--api needs a value");
      const auto key = parse_api(v);
      if (key < 0) return usage("--api " + v + " names no Kafka API (give a name like Metadata or a key like 3)");
      f.apis.push_back(key);
      hex.api = key;
    } else if (a == "--version") {
      if (!value(v) || !parse_int(v, 0, 32767, n)) return usage("--version needs a number 0..32767");
      hex.version = static_cast<std::int16_t>(n);
    } else if (a == "--topic") {
      if (!value(v)) return usage("--topic needs a value");
      f.topics.push_back(v);
    } else if (a == "--group") {
      if (!value(v)) return usage("--group needs a value");
      f.groups.push_back(v);
    } else if (a == "--client-id") {
      if (!value(v)) return usage("--client-id needs a value");
      f.client_ids.push_back(v);
    } else if (a == "--listen") {
      if (!value(proxy.listen)) return usage("--listen needs HOST:PORT");
    } else if (a == "--upstream") {
      if (!value(proxy.upstream)) return usage("--upstream needs HOST:PORT");
    } else if (a == "--advertise") {
      if (!value(proxy.advertise)) return usage("--advertise needs a host");
    } else if (a == "--port") {
      if (!value(v) || !parse_int(v, 1, 65535, n)) return usage("--port needs a port number 1..65535");
      ports.push_back(static_cast<std::uint16_t>(n));
    } else if (mode == "pcap" && file.empty() && !a.starts_with("-")) {
      file = a;
    } else {
      return usage("unknown argument " + a);
    }
  }
  // In hex mode --api/--version say how to read the frame; they are not filters there.
  if (mode == "hex") f.apis.clear();
  reporter report(format, f, [](const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); });
  int rc = 0;
  if (mode == "proxy") {
    if (proxy.listen.empty() || proxy.upstream.empty()) return usage("proxy needs --listen and --upstream");
    rc = run_proxy(proxy, report);
  } else if (mode == "pcap") {
    if (file.empty()) return usage("pcap needs a FILE");
    if (ports.empty()) ports.push_back(9092);
    rc = run_pcap(file, ports, report);
  } else if (mode == "hex") {
    const std::string text(std::istreambuf_iterator<char>(std::cin), {});
    kwire::protocol::bytes frame;
    std::string why;
    if (!parse_hex(text, frame, why)) {
      std::fprintf(stderr, "kwire-dump: stdin: %s\n", why.c_str());
      return 1;
    }
    rc = decode_hex_frame(frame, hex, report) ? 0 : 1;
  } else {
    return usage("unknown mode " + mode);
  }
  report.print_summary();
  std::fflush(stdout);
  return rc;
}
