// Writes the seed corpora of tests/fuzz/corpus/<target>/ from kwire's own encoders:
//   make_seeds <corpus dir>
// Every message at every version (filled as tests/unit/roundtrip_test fills them), record
// batches of every magic and codec, response frames for the connection, scripted handshakes,
// client/broker conversations for kwire-dump's session decoder and a pcap file of one.
// tools/fuzz --seeds runs it; the output is committed, so it must stay small and deterministic.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <kwire/compression/compression.hpp>
#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages.hpp>
#include <kwire/protocol/record_batch.hpp>
#include "tests/support/fill.hpp"

namespace {

using namespace kwire;
using namespace kwire::protocol;
namespace fs = std::filesystem;

fs::path root;
int written = 0;

void put(const std::string& target, const std::string& name, const bytes& data) {
  const auto dir = root / target;
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(data.data()),
                                                    static_cast<std::streamsize>(data.size()));
  ++written;
}

bytes text(std::string_view s) { return bytes(s.begin(), s.end()); }

template <message_type M>
bytes body(std::int16_t v) {
  M m{};
  test::fill_value(m, v, v);
  bytes out;
  if (!encode(m, v, out)) {
    std::fprintf(stderr, "make_seeds: %s v%d does not encode\n", std::string(M::schema_name).c_str(), v);
    std::exit(1);
  }
  return out;
}

// A response frame without its size prefix: header (correlation id) and body.
template <message_type M>
bytes response_frame(const M& m, std::int16_t v, std::int32_t correlation_id) {
  bytes out;
  writer w(out);
  write_response_header(w, {correlation_id, {}}, response_header_version(M::api, v));
  (void)encode(m, v, out);
  return out;
}

template <message_type M>
bytes filled_response_frame(std::int16_t v, std::int32_t correlation_id) {
  M m{};
  test::fill_value(m, v, v);
  return response_frame(m, v, correlation_id);
}

void with_size(bytes& out, const bytes& frame) {
  writer w(out);
  w.u32(static_cast<std::uint32_t>(frame.size()));
  w.raw(byte_view(frame));
}

// ---- fuzz_messages: [key][version][direction] body ------------------------------------------
template <class Pair>
void messages_of() {
  using Req = typename Pair::request;
  using Resp = typename Pair::response;
  const auto range = info(Req::api).supported;
  for (auto v = range.lo; v <= range.hi; ++v) {
    for (int direction = 0; direction < 2; ++direction) {
      bytes in{static_cast<std::uint8_t>(Req::api), static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(direction)};
      const auto b = direction == 0 ? body<Req>(v) : body<Resp>(v);
      in.insert(in.end(), b.begin(), b.end());
      put("fuzz_messages", std::string(info(Req::api).name) + (direction ? "_response_v" : "_request_v") +
                               std::to_string(v), in);
    }
  }
}

// ---- fuzz_record_batches: [flags] records ---------------------------------------------------
record_batch sample(std::int16_t attributes) {
  record_batch b;
  b.base_offset = 42;
  b.attributes = attributes;
  b.first_timestamp = 1700000000000;
  b.max_timestamp = 1700000000002;
  b.producer_id = 7;
  b.producer_epoch = 1;
  b.base_sequence = 3;
  for (int i = 0; i < 3; ++i) {
    record r;
    r.offset = 42 + i;
    r.timestamp = 1700000000000 + i;
    r.key = i == 1 ? std::nullopt : std::optional<bytes>(text("key-" + std::to_string(i)));
    r.value = text("value " + std::to_string(i) + " value value value");
    if (i == 2) r.headers = {{"h1", text("v1")}, {"h2", std::nullopt}};
    b.records.push_back(std::move(r));
  }
  b.last_offset_delta = 2;
  return b;
}

// A legacy (magic 0/1) message: offset, size, CRC-32, magic, attributes, [timestamp], key, value.
bytes legacy_message(std::int64_t offset, std::int8_t magic, std::int8_t attributes, std::optional<bytes> key,
                     const bytes& value) {
  bytes out;
  writer w(out);
  w.i64(offset);
  w.i32(0);
  w.u32(0);
  const auto crc_from = out.size();
  w.i8(magic);
  w.i8(attributes);
  if (magic >= 1) w.i64(1600000000000 + offset);
  w.i32(key ? static_cast<std::int32_t>(key->size()) : -1);
  if (key) w.raw(byte_view(*key));
  w.i32(static_cast<std::int32_t>(value.size()));
  w.raw(byte_view(value));
  w.patch_u32(8, static_cast<std::uint32_t>(out.size() - 12));
  w.patch_u32(12, crc32_ieee(0, out.data() + crc_from, out.size() - crc_from));
  return out;
}

void record_batches() {
  const char* names[] = {"none", "gzip", "snappy", "lz4", "zstd"};
  for (int codec = 0; codec <= 4; ++codec) {
    bytes field{1};  // check CRCs
    if (!encode_batch(sample(static_cast<std::int16_t>(codec)), field)) std::exit(1);
    put("fuzz_record_batches", std::string("v2_") + names[codec], field);
  }
  {  // transactional, log append time, then a commit marker
    bytes field{1};
    (void)encode_batch(sample(record_batch::transactional_flag | record_batch::timestamp_type_flag), field);
    record_batch marker;
    marker.base_offset = 45;
    marker.attributes = record_batch::transactional_flag | record_batch::control_flag;
    marker.producer_id = 7;
    marker.records.push_back(make_control_record(45, 1700000000003, control_type::commit, 5));
    (void)encode_batch(marker, field);
    put("fuzz_record_batches", "v2_transaction", field);
  }
  for (std::int8_t magic = 0; magic <= 1; ++magic) {
    bytes set{1};
    for (int i = 0; i < 2; ++i) {
      const auto m = legacy_message(10 + i, magic, 0, text("k" + std::to_string(i)), text("legacy value"));
      set.insert(set.end(), m.begin(), m.end());
    }
    put("fuzz_record_batches", "v" + std::to_string(magic) + "_none", set);
    bytes inner;  // magic 1 inner offsets are relative; magic 0 ones absolute
    for (int i = 0; i < 3; ++i) {
      const auto m = legacy_message(magic == 1 ? i : 20 + i, magic, 0, std::nullopt, text("inner " + std::to_string(i)));
      inner.insert(inner.end(), m.begin(), m.end());
    }
    for (int codec = 1; codec <= 3; ++codec) {  // zstd came with magic 2
      bytes packed;
      if (!compression::compress(static_cast<compression::codec>(codec), compression::default_level, inner, packed))
        std::exit(1);
      bytes wrapper{1};
      const auto m = legacy_message(22, magic, static_cast<std::int8_t>(codec), std::nullopt, packed);
      wrapper.insert(wrapper.end(), m.begin(), m.end());
      put("fuzz_record_batches", "v" + std::to_string(magic) + "_" + names[codec], wrapper);
    }
  }
}

// ---- fuzz_connection: [count][index version]... [0] frames ----------------------------------
template <class Pair>
void connection_seed(std::size_t index) {
  using Resp = typename Pair::response;
  const auto range = info(Resp::api).supported;
  for (auto v : {range.lo, range.hi}) {
    bytes in{0, static_cast<std::uint8_t>(index), static_cast<std::uint8_t>(v - range.lo), 0};
    with_size(in, filled_response_frame<Resp>(v, 0));
    put("fuzz_connection", std::string(info(Resp::api).name) + "_v" + std::to_string(v), in);
    if (range.lo == range.hi) break;
  }
}

// ---- fuzz_handshake: [mode] ([u16 length] frame)... ----------------------------------------
void handshake_seed(const std::string& name, std::uint8_t mode, const std::vector<bytes>& frames) {
  bytes in{mode};
  writer w(in);
  for (const auto& f : frames) {
    w.u16(static_cast<std::uint16_t>(f.size()));
    w.raw(byte_view(f));
  }
  put("fuzz_handshake", name, in);
}

sasl_authenticate_response auth(std::string_view server, std::int64_t lifetime = 0) {
  sasl_authenticate_response r;
  r.error_message = std::nullopt;
  r.auth_bytes = text(server);
  r.session_lifetime_ms = lifetime;
  return r;
}

void handshakes() {
  api_versions_response versions;
  versions.api_keys = {{0, 3, 12, {}}, {3, 0, 13, {}}, {17, 0, 1, {}}, {18, 0, 4, {}}, {36, 0, 2, {}}};
  const auto av = response_frame(versions, 4, 0);
  auto mechanisms = [](std::string m) { return sasl_handshake_response{0, {std::move(m)}, {}}; };
  const char* first256 = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  const char* final256 = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
  const char* first512 = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=a3dpcmUtc2FsdC01MTIhIQ==,i=4096";
  const char* final512 =
      "v=/9GJa+73kdbVuJZZp/AWNyQHds6L0BSDibeKpINEHBun5qRiaDia7clSJt6Qp2rXgYQhLVwcVTQ1CCnDv+l09g==";
  handshake_seed("scram_sha256", 0,
                 {av, response_frame(mechanisms("SCRAM-SHA-256"), 1, 1), response_frame(auth(first256), 2, 2),
                  response_frame(auth(final256, 3600000), 2, 3)});
  handshake_seed("scram_sha512", 1,
                 {av, response_frame(mechanisms("SCRAM-SHA-512"), 1, 1), response_frame(auth(first512), 2, 2),
                  response_frame(auth(final512), 2, 3)});
  handshake_seed("plain", 2, {av, response_frame(mechanisms("PLAIN"), 1, 1), response_frame(auth(""), 2, 2)});
  handshake_seed("oauthbearer", 3,
                 {av, response_frame(mechanisms("OAUTHBEARER"), 1, 1), response_frame(auth(""), 2, 2)});
  handshake_seed("api_versions", 4, {av});
  api_versions_response refusal;
  refusal.error_code = 35;  // UNSUPPORTED_VERSION, with the broker's range
  refusal.api_keys = {{18, 0, 2, {}}};
  handshake_seed("api_versions_fallback", 4, {response_frame(refusal, 0, 0), response_frame(versions, 2, 1)});
  handshake_seed("reauth_scram_sha256", 5,
                 {response_frame(mechanisms("SCRAM-SHA-256"), 1, 100), response_frame(auth(first256), 2, 101),
                  response_frame(auth(final256, 1000), 2, 102)});
  handshake_seed("scram_mechanism", 6, {text(first256), text(final256)});
}

// ---- fuzz_dump_session: [flags] ([control][length] bytes)... -------------------------------
template <message_type Req>
bytes request_frame(std::int16_t v, std::int32_t correlation_id) {
  Req m{};
  test::fill_value(m, v, v);
  bytes out;
  (void)frame_request(m, v, correlation_id, std::optional<std::string>("fuzz"), out);
  return out;
}

void pieces(bytes& in, bool to_server, const bytes& data) {
  for (std::size_t at = 0; at < data.size(); at += 255) {
    const auto n = std::min<std::size_t>(255, data.size() - at);
    in.push_back(to_server ? 0x80 : 0);
    in.push_back(static_cast<std::uint8_t>(n));
    in.insert(in.end(), data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
}

template <class Pair>
void dump_seed(std::uint8_t flags) {
  using Req = typename Pair::request;
  const auto range = info(Req::api).supported;
  bytes in{flags};
  const auto request = request_frame<Req>(range.hi, 1);
  bytes response;
  with_size(response, filled_response_frame<typename Pair::response>(range.hi, 1));
  pieces(in, true, request);
  pieces(in, false, response);
  put("fuzz_dump_session", std::string(info(Req::api).name) + "_v" + std::to_string(range.hi), in);
}

// ---- fuzz_pcap: a capture of one connection over Ethernet/IPv4/TCP -------------------------
void pcap_seed() {
  bytes out;
  auto le32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i))); };
  auto le16 = [&](std::uint16_t v) { out.push_back(static_cast<std::uint8_t>(v)); out.push_back(static_cast<std::uint8_t>(v >> 8)); };
  le32(0xa1b2c3d4);
  le16(2);
  le16(4);
  le32(0);
  le32(0);
  le32(65535);
  le32(1);  // LINKTYPE_ETHERNET
  std::uint32_t seq[2] = {1000, 5000};
  int t = 0;
  auto packet = [&](bool to_server, std::uint8_t flags, const bytes& payload) {
    bytes p;
    writer w(p);
    w.raw(byte_view(bytes(12, 0)));
    w.u16(0x0800);  // IPv4
    w.u8(0x45);
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(20 + 20 + payload.size()));
    w.u16(0);
    w.u16(0x4000);  // don't fragment
    w.u8(64);
    w.u8(6);  // TCP
    w.u16(0);
    w.u32(to_server ? 0x7f000001 : 0x7f000002);
    w.u32(to_server ? 0x7f000002 : 0x7f000001);
    w.u16(to_server ? 40000 : 9092);
    w.u16(to_server ? 9092 : 40000);
    auto& s = seq[to_server ? 0 : 1];
    w.u32(s);
    w.u32(0);
    w.u8(0x50);
    w.u8(flags);
    w.u16(65535);
    w.u32(0);  // checksum, urgent pointer
    w.raw(byte_view(payload));
    s += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x02) ? 1 : 0);
    le32(1700000000);
    le32(static_cast<std::uint32_t>(++t * 1000));
    le32(static_cast<std::uint32_t>(p.size()));
    le32(static_cast<std::uint32_t>(p.size()));
    out.insert(out.end(), p.begin(), p.end());
  };
  packet(true, 0x02, {});   // SYN
  packet(false, 0x12, {});  // SYN ACK
  auto req = request_frame<api_versions_request>(3, 0);
  bytes resp;
  with_size(resp, filled_response_frame<api_versions_response>(3, 0));
  packet(true, 0x18, req);
  packet(false, 0x18, resp);
  auto mreq = request_frame<metadata_request>(12, 1);
  packet(true, 0x18, bytes(mreq.begin(), mreq.begin() + 10));  // a request in two segments
  packet(true, 0x18, bytes(mreq.begin() + 10, mreq.end()));
  bytes mresp;
  with_size(mresp, filled_response_frame<metadata_response>(12, 1));
  packet(false, 0x18, mresp);
  packet(true, 0x11, {});  // FIN
  put("fuzz_pcap", "api_versions_metadata", out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds <corpus dir>\n");
    return 2;
  }
  root = argv[1];
  std::apply([](auto... pair) { (messages_of<decltype(pair)>(), ...); }, all_messages{});
  record_batches();
  std::size_t index = 0;
  std::apply([&](auto... pair) { (connection_seed<decltype(pair)>(index++), ...); }, all_messages{});
  handshakes();
  std::apply([](auto... pair) { (dump_seed<decltype(pair)>(0x03), ...); }, all_messages{});
  pcap_seed();
  std::printf("make_seeds: %d seeds written under %s\n", written, root.c_str());
  return 0;
}
