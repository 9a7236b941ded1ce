// lz4 in the LZ4 frame format (KIP-57). Kafka's Lz4BlockOutputStream writes FLG 0x60 (version
// 1, independent blocks, no block or content checksum, no content size) and BD 0x40 (64 KiB
// blocks); its reader accepts only independent blocks, so that is what we write.

#include <lz4frame.h>

#include <limits>
#include <optional>

#include <kwire/compression/detail.hpp>

namespace kwire::compression::detail {
namespace {

constexpr std::uint32_t frame_magic = 0x184D2204;

// XXH32 (xxHash, seed 0), needed to repair the header checksum of pre-KIP-57 frames; liblz4
// does not export its copy.
std::uint32_t rotl(std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}
std::uint32_t xxh32(const std::uint8_t* p, std::size_t n) {
  constexpr std::uint32_t p1 = 2654435761u, p2 = 2246822519u, p3 = 3266489917u, p4 = 668265263u, p5 = 374761393u;
  const std::uint8_t* const end = p + n;
  std::uint32_t h;
  if (n >= 16) {
    std::uint32_t v[4] = {p1 + p2, p2, 0, 0u - p1};
    for (; end - p >= 16; p += 16)
      for (int i = 0; i < 4; ++i) v[i] = rotl(v[i] + le32(p + 4 * i) * p2, 13) * p1;
    h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
  } else {
    h = p5;
  }
  h += static_cast<std::uint32_t>(n);
  for (; end - p >= 4; p += 4) h = rotl(h + le32(p) * p3, 17) * p4;
  for (; p < end; ++p) h = rotl(h + *p * p5, 11) * p1;
  h ^= h >> 15;
  h *= p2;
  h ^= h >> 13;
  h *= p3;
  h ^= h >> 16;
  return h;
}

// An upper bound of the output of a sequence of frames, to size the output once: per frame the
// content size it declares, or else its block count times its maximum block size (writers fill
// every block but the last, so this is within one block of the truth). Only a hint; nullopt
// when the bytes do not parse, which the decoder then reports.
std::optional<std::size_t> output_bound(byte_span in) {
  std::size_t total = 0;
  for (std::size_t pos = 0; pos < in.size();) {
    if (in.size() - pos < 8) return std::nullopt;
    const std::uint32_t magic = le32(in.data() + pos);
    if ((magic & 0xfffffff0u) == 0x184d2a50u) {  // a skippable frame: magic, size, data
      const std::size_t size = le32(in.data() + pos + 4);
      if (size > in.size() - pos - 8) return std::nullopt;
      pos += 8 + size;
      continue;
    }
    if (magic != frame_magic) return std::nullopt;
    const std::uint8_t flg = in[pos + 4];
    const int block_id = (in[pos + 5] >> 4) & 7;
    if (block_id < 4) return std::nullopt;
    const std::size_t block_max = std::size_t{1} << (8 + 2 * block_id);  // 64 KiB .. 4 MiB
    const std::size_t header = 7 + ((flg & 0x08) ? 8 : 0) + ((flg & 0x01) ? 4 : 0);
    if (in.size() - pos < header) return std::nullopt;
    std::uint64_t declared = std::numeric_limits<std::uint64_t>::max();
    if (flg & 0x08) declared = le32(in.data() + pos + 6) | std::uint64_t{le32(in.data() + pos + 10)} << 32;
    pos += header;
    std::size_t frame = 0;  // at most 4 MiB per block of at least 5 bytes: no overflow
    for (;;) {
      if (in.size() - pos < 4) return std::nullopt;
      const std::uint32_t block = le32(in.data() + pos);
      pos += 4;
      if (block == 0) break;  // end mark
      const std::size_t size = block & 0x7fffffffu;
      const std::size_t trailer = (flg & 0x10) ? 4 : 0;  // block checksum
      if (size + trailer > in.size() - pos) return std::nullopt;
      frame += (block & 0x80000000u) ? size : block_max;  // stored uncompressed, or compressed
      pos += size + trailer;
    }
    if (flg & 0x04) {  // content checksum
      if (in.size() - pos < 4) return std::nullopt;
      pos += 4;
    }
    total += static_cast<std::size_t>(std::min<std::uint64_t>(declared, frame));
  }
  return total;
}

struct dctx_guard {
  LZ4F_dctx* ctx = nullptr;
  ~dctx_guard() { LZ4F_freeDecompressionContext(ctx); }
};

// One compression context per thread, kept across calls: LZ4F_compressBegin reuses its state
// (and, for HC levels, its ~256 KiB match tables) instead of building them for every batch.
struct cctx_holder {
  LZ4F_cctx* ctx = nullptr;
  ~cctx_holder() { LZ4F_freeCompressionContext(ctx); }
};

LZ4F_cctx* thread_cctx() {
  thread_local cctx_holder h;
  if (!h.ctx && LZ4F_isError(LZ4F_createCompressionContext(&h.ctx, LZ4F_VERSION))) h.ctx = nullptr;
  return h.ctx;
}

}  // namespace

int lz4_library_level(int level) {
  // As the Java client's Lz4BlockOutputStream: the default level (9) uses the fast compressor
  // (LZ4F level 0, LZ4_compress_fast with acceleration 1), any other level the HC compressor
  // at that level. LZ4F itself runs levels below 3 (1 and 2) with the fast compressor too.
  return level == lz4_default_level ? 0 : level;
}

result lz4_compress(int level, byte_span in, byte_vec& out) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
  prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
  prefs.frameInfo.frameType = LZ4F_frame;
  prefs.compressionLevel = lz4_library_level(level);
  prefs.autoFlush = 1;  // every block straight to the output, nothing buffered in the context
  LZ4F_cctx* ctx = thread_cctx();
  if (!ctx) return fail(compression_errc::library_error, "lz4: LZ4F_createCompressionContext failed");
  const std::size_t start = out.size();
  const std::size_t bound = LZ4F_compressFrameBound(in.size(), &prefs);
  out.resize(start + bound);
  std::uint8_t* const dst = out.data() + start;
  const auto error = [&](const char* step, std::size_t rc) {
    return fail(compression_errc::library_error, std::string("lz4: ") + step + ": " + LZ4F_getErrorName(rc));
  };
  // A failed call leaves the context mid-frame; the next compressBegin starts a new frame anyway.
  std::size_t written = LZ4F_compressBegin(ctx, dst, bound, &prefs);
  if (LZ4F_isError(written)) return error("LZ4F_compressBegin", written);
  if (!in.empty()) {
    const std::size_t rc = LZ4F_compressUpdate(ctx, dst + written, bound - written, in.data(), in.size(), nullptr);
    if (LZ4F_isError(rc)) return error("LZ4F_compressUpdate", rc);
    written += rc;
  }
  const std::size_t rc = LZ4F_compressEnd(ctx, dst + written, bound - written, nullptr);
  if (LZ4F_isError(rc)) return error("LZ4F_compressEnd", rc);
  out.resize(start + written + rc);
  return {};
}

result lz4_decompress(byte_span in, output_sink& sink, bool legacy_header) {
  if (in.empty()) return fail(compression_errc::truncated_input, "no bytes to decompress");
  dctx_guard g;
  if (const std::size_t rc = LZ4F_createDecompressionContext(&g.ctx, LZ4F_VERSION); LZ4F_isError(rc))
    return fail(compression_errc::library_error, std::string("LZ4F_createDecompressionContext: ") + LZ4F_getErrorName(rc));

  // Input in up to two pieces: a repaired copy of the frame header, then the rest.
  std::uint8_t header[19];
  byte_span pieces[2] = {in, {}};
  if (legacy_header && in.size() >= 7 && le32(in.data()) == frame_magic) {
    const std::uint8_t flg = in[4];
    const std::size_t size = 7 + ((flg & 0x08) ? 8 : 0) + ((flg & 0x01) ? 4 : 0);
    if (in.size() >= size) {
      std::memcpy(header, in.data(), size);
      header[size - 1] = static_cast<std::uint8_t>(xxh32(header + 4, size - 5) >> 8);
      pieces[0] = byte_span(header, size);
      pieces[1] = in.subspan(size);
    }
  }

  if (const auto bound = output_bound(in)) sink.expect(*bound);

  std::size_t consumed_total = 0;
  for (int piece = 0; piece < 2;) {
    const byte_span src = pieces[piece];
    std::size_t pos = 0;
    for (;;) {
      const auto dst = sink.next();
      std::size_t dst_size = dst.size();
      std::size_t src_size = src.size() - pos;
      const std::size_t hint = LZ4F_decompress(g.ctx, dst.data(), &dst_size, src.data() + pos, &src_size, nullptr);
      if (LZ4F_isError(hint))
        return fail(compression_errc::corrupt_input, std::string(LZ4F_getErrorName(hint)) + " near input byte " +
                                                         std::to_string(consumed_total + pos));
      if (!sink.commit(dst_size)) return sink.over_limit();
      pos += src_size;
      const bool input_left = pos < src.size() || (piece == 0 && !pieces[1].empty());
      if (hint == 0 && !input_left) return {};  // a frame ended with the input
      if (pos == src.size() && dst_size < dst.size()) break;  // this piece is used up, nothing buffered
      if (src_size == 0 && dst_size == 0)
        return fail(compression_errc::corrupt_input, "decoder made no progress at input byte " +
                                                         std::to_string(consumed_total + pos));
    }
    consumed_total += src.size();
    ++piece;
  }
  return fail(compression_errc::truncated_input,
              "frame ends after " + std::to_string(in.size()) + " bytes without its end mark");
}

}  // namespace kwire::compression::detail
