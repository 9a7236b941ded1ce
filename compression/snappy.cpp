// snappy as snappy-java's SnappyOutputStream frames it (the "xerial" format the Java client
// writes): magic 0x82 "SNAPPY" 0x00, version 1, compatible version 1 (int32 big-endian each),
// then per block of at most 32 KiB of input an int32 big-endian length and a raw snappy block.
// SnappyInputStream reads that framing, concatenated framings, or else one raw snappy block.

#include <snappy.h>

#include <kwire/compression/detail.hpp>

namespace kwire::compression::detail {
namespace {

constexpr std::uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0x00};
constexpr std::size_t xerial_header_size = 16;
constexpr std::size_t xerial_block_size = 32 * 1024;  // SnappyOutputStream's default

bool starts_with_magic(byte_span in) {
  return in.size() >= sizeof xerial_magic && std::memcmp(in.data(), xerial_magic, sizeof xerial_magic) == 0;
}

void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t get_be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// Names a block in errors; built only when one occurs (a string per 32 KiB block showed up in
// the benchmark).
struct block_at {
  std::size_t index;  // xerial block number, or npos for a lone raw block
  std::size_t pos;    // its offset in the input
  std::string name() const {
    if (index == std::string::npos) return "raw block";
    return "xerial block " + std::to_string(index) + " at byte " + std::to_string(pos);
  }
};

// One raw snappy block into the sink.
result raw_block(byte_span block, output_sink& sink, block_at where) {
  const char* src = reinterpret_cast<const char*>(block.data());
  std::size_t length = 0;
  if (!snappy::GetUncompressedLength(src, block.size(), &length))
    return fail(compression_errc::corrupt_input, where.name() + ": no valid snappy length preamble");
  std::uint8_t* dst = sink.reserve_exact(length);
  if (!dst) return sink.over_limit();
  if (!snappy::RawUncompress(src, block.size(), reinterpret_cast<char*>(dst)))
    return fail(compression_errc::corrupt_input, where.name() + ": invalid snappy data");
  return {};
}

// The sum of the sizes the blocks of a xerial stream declare, so that the output can be sized
// once instead of growing block by block. Only a hint (the sink caps it at its limit): the scan
// stops quietly at anything malformed, which the decoding pass then reports.
std::size_t declared_size(byte_span in) {
  std::size_t total = 0;
  for (std::size_t pos = 0; pos < in.size();) {
    const byte_span rest = in.subspan(pos);
    if (starts_with_magic(rest)) {
      pos += xerial_header_size;
      continue;
    }
    if (rest.size() < 4) break;
    const std::uint32_t length = get_be32(rest.data());
    std::size_t n = 0;
    if (length > rest.size() - 4 ||
        !snappy::GetUncompressedLength(reinterpret_cast<const char*>(rest.data() + 4), length, &n))
      break;
    total += n;  // at most 2^32 per block of at least 5 input bytes: no overflow
    pos += 4 + std::size_t{length};
  }
  return total;
}

}  // namespace

result snappy_compress(byte_span in, byte_vec& out) {
  std::size_t at = out.size();
  out.resize(at + xerial_header_size);
  std::memcpy(out.data() + at, xerial_magic, sizeof xerial_magic);
  put_be32(out.data() + at + 8, 1);   // version
  put_be32(out.data() + at + 12, 1);  // minimum compatible version
  at += xerial_header_size;
  for (std::size_t pos = 0; pos < in.size(); pos += xerial_block_size) {
    const std::size_t n = std::min(xerial_block_size, in.size() - pos);
    out.resize(at + 4 + snappy::MaxCompressedLength(n));
    std::size_t written = 0;
    snappy::RawCompress(reinterpret_cast<const char*>(in.data() + pos), n, reinterpret_cast<char*>(out.data() + at + 4),
                        &written);
    put_be32(out.data() + at, static_cast<std::uint32_t>(written));
    at += 4 + written;
  }
  out.resize(at);
  return {};
}

result snappy_decompress(byte_span in, output_sink& sink) {
  if (in.empty()) return fail(compression_errc::truncated_input, "no bytes to decompress");
  if (!starts_with_magic(in)) return raw_block(in, sink, {std::string::npos, 0});
  sink.expect(declared_size(in));
  std::size_t pos = 0;
  for (std::size_t index = 0; pos < in.size(); ++index) {
    const byte_span rest = in.subspan(pos);
    if (starts_with_magic(rest)) {  // a (further) stream header
      if (rest.size() < xerial_header_size)
        return fail(compression_errc::truncated_input, "xerial header at byte " + std::to_string(pos) + " has " +
                                                           std::to_string(rest.size()) + " of its 16 bytes");
      pos += xerial_header_size;
      continue;
    }
    const block_at where{index, pos};
    if (rest.size() < 4)
      return fail(compression_errc::truncated_input, where.name() + ": " + std::to_string(rest.size()) +
                                                         " bytes where a 4-byte block length belongs");
    const std::uint32_t length = get_be32(rest.data());
    if (length > 0x7fffffff)
      return fail(compression_errc::corrupt_input, where.name() + ": negative block length");
    if (length > rest.size() - 4)
      return fail(compression_errc::truncated_input, where.name() + ": block length " + std::to_string(length) +
                                                         " exceeds the " + std::to_string(rest.size() - 4) +
                                                         " bytes left");
    if (auto res = raw_block(rest.subspan(4, length), sink, where); !res) return res;
    pos += 4 + length;
  }
  return {};
}

}  // namespace kwire::compression::detail
