// Compress and decompress of a 1 MiB batch of JSON-like 100-byte records through kwire's
// compression interface beside the same library called directly, producing the same format:
//   gzip    deflateInit2(windowBits 31, level 6) + one deflate(Z_FINISH); inflateInit2(31) + inflate
//   snappy  xerial framing written and parsed by hand here, each 32 KiB block through
//           snappy::RawCompress / snappy::RawUncompress (so both sides emit byte-identical output)
//   lz4     LZ4F_compressFrame with kwire's preferences (64 KiB independent blocks, no
//           checksums, LZ4-HC level 9: kwire's default before issue 18, which is now the
//           fast compressor, so the kwire and raw lz4 compress lines differ); LZ4F_decompress
//   zstd    ZSTD_compress2 at level 3; ZSTD_decompress
//   bazel build -c opt //tools/bench:compression_bench
//   bazel-out/k8-opt/bin/tools/bench/compression_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// bytes_per_second counts the uncompressed bytes in both directions; the "compressed" counter is
// the compressed size in bytes. The raw lines keep the same per-call lifecycle as kwire (a fresh
// zlib stream / LZ4F context per call; ZSTD_decompress makes its own context).
// Output buffers, decompression (like is compared with like):
//   *_raw / *_kwire              one buffer reused across calls: raw's sized once outside the
//                                loop, kwire's a kwire::compression::buffer cleared each call
//                                (capacity kept);
//   *_raw_fresh / *_kwire_fresh  a new buffer every call: raw allocates exactly the batch size
//                                uninitialised (new uint8_t[n]), kwire a new empty buffer it
//                                grows itself;
//   *_kwire_vector               a reused std::vector<uint8_t> (the interface's other overload),
//                                which pays a zero-fill of the output on top.
// Compression writes into a reused buffer on both sides. BM_zstd_compress_raw_reused_cctx shows
// what reusing a ZSTD_CCtx across calls is worth (kwire keeps one per
// thread since issue 18, as it keeps an LZ4F context). The raw decompressors
// know the output size (they size their buffer to the batch); kwire's interface does not, as
// Kafka batches do not carry it.

#include <benchmark/benchmark.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <kwire/compression/compression.hpp>

namespace {

namespace kc = kwire::compression;
using bytes = std::vector<std::uint8_t>;
using out_span = std::span<std::uint8_t>;

constexpr std::size_t record_size = 100;
constexpr std::size_t record_count = (std::size_t{1} << 20) / record_size;  // 10,485 records
constexpr int gzip_level = 6;    // kwire's defaults (levels(codec) in compression.cpp)
constexpr int lz4_level = 9;
constexpr int zstd_level = 3;
constexpr std::size_t xerial_block = 32 * 1024;

// Records like {"id":100042,"name":"user-100042","score":0.731,"country":"DE","active":true,
// "ts":1700000294123} padded with spaces to 99 bytes and ended with '\n'. Deterministic.
bytes make_batch() {
  static const char* const countries[] = {"DE", "US", "FR", "JP", "BR", "IN", "GB", "NL"};
  bytes out;
  out.reserve(record_count * record_size);
  std::uint32_t x = 12345;
  char buf[record_size + 32];
  for (std::size_t i = 0; i < record_count; ++i) {
    x = x * 1664525u + 1013904223u;  // LCG
    const unsigned id = 100000 + static_cast<unsigned>(i);
    const int n = std::snprintf(buf, sizeof buf,
                                "{\"id\":%u,\"name\":\"user-%u\",\"score\":0.%03u,\"country\":\"%s\",\"active\":%s,"
                                "\"ts\":%llu}",
                                id, id, (x >> 8) % 1000, countries[(x >> 20) % 8], (x >> 27) & 1 ? "true" : "false",
                                1700000000000ull + i * 250 + (x >> 4) % 250);
    if (n < 0 || static_cast<std::size_t>(n) > record_size - 1) std::abort();
    std::memset(buf + n, ' ', record_size - 1 - n);
    buf[record_size - 1] = '\n';
    out.insert(out.end(), buf, buf + record_size);
  }
  return out;
}

const bytes& batch() {
  static const bytes b = make_batch();
  return b;
}

// Compressed forms, made once through kwire (the raw decompressors read the same bytes).
const bytes& compressed(kc::codec c) {
  static bytes forms[5];
  auto& f = forms[static_cast<int>(c)];
  if (f.empty() && !kc::compress(c, kc::default_level, batch(), f)) std::abort();
  return f;
}

void finish(benchmark::State& state, std::size_t compressed_size) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * batch().size()));
  state.counters["compressed"] = static_cast<double>(compressed_size);
}

// ---- kwire, all codecs: output vector reused across iterations (capacity kept), as a caller would.

void kwire_compress(benchmark::State& state, kc::codec c) {
  const auto& in = batch();
  bytes out;
  for (auto _ : state) {
    out.clear();
    if (!kc::compress(c, kc::default_level, in, out)) state.SkipWithError("compress failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, out.size());
}

// The same at the producer's default batch.size: the first 16 KiB of the records, compressed
// once per iteration. At this size the per-call setup (contexts, tables) weighs most.
void kwire_compress_16k(benchmark::State& state, kc::codec c) {
  const std::span<const std::uint8_t> in(batch().data(), 16384);
  bytes out;
  for (auto _ : state) {
    out.clear();
    if (!kc::compress(c, kc::default_level, in, out)) state.SkipWithError("compress failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
  state.counters["compressed"] = static_cast<double>(out.size());
}
void BM_lz4_compress_kwire_16k(benchmark::State& state) { kwire_compress_16k(state, kc::codec::lz4); }
void BM_zstd_compress_kwire_16k(benchmark::State& state) { kwire_compress_16k(state, kc::codec::zstd); }

template <class Vec>
void kwire_decompress(benchmark::State& state, kc::codec c) {
  const auto& in = compressed(c);
  Vec out;
  for (auto _ : state) {
    out.clear();
    if (!kc::decompress(c, in, out, kc::decompress_options{})) state.SkipWithError("decompress failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  if (!std::equal(out.begin(), out.end(), batch().begin(), batch().end())) state.SkipWithError("round trip differs");
  finish(state, in.size());
}

// The same, into a new (empty) buffer each time, as a caller that hands every batch its own
// buffer would: adds the buffer's allocation and whatever growth the decompressor's sink does.
void kwire_decompress_fresh(benchmark::State& state, kc::codec c) {
  const auto& in = compressed(c);
  std::size_t n = 0;
  for (auto _ : state) {
    kc::buffer out;
    if (!kc::decompress(c, in, out, kc::decompress_options{})) state.SkipWithError("decompress failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    n = out.size();
  }
  if (n != batch().size()) state.SkipWithError("round trip differs");
  finish(state, in.size());
}

// A raw decompressor `f(in, out_span)` into one reused buffer, or into a new uninitialised
// allocation of the known size each call.
template <class F>
void raw_decompress(benchmark::State& state, kc::codec c, F f) {
  const auto& in = compressed(c);
  bytes out(batch().size());
  for (auto _ : state) {
    if (!f(in, out_span(out))) state.SkipWithError("raw decompression failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  if (out != batch()) state.SkipWithError("round trip differs");
  finish(state, in.size());
}
template <class F>
void raw_decompress_fresh(benchmark::State& state, kc::codec c, F f) {
  const auto& in = compressed(c);
  const std::size_t n = batch().size();
  for (auto _ : state) {
    std::unique_ptr<std::uint8_t[]> out(new std::uint8_t[n]);  // uninitialised, as malloc
    if (!f(in, out_span(out.get(), n))) state.SkipWithError("raw decompression failed");
    benchmark::DoNotOptimize(out.get());
    benchmark::ClobberMemory();
  }
  finish(state, in.size());
}

// Every decompression line of one codec.
#define KWIRE_DECOMPRESS_LINES(name, codec_value, raw_fn)                                                       \
  void BM_##name##_decompress_kwire(benchmark::State& state) { kwire_decompress<kc::buffer>(state, codec_value); } \
  void BM_##name##_decompress_raw(benchmark::State& state) { raw_decompress(state, codec_value, raw_fn); }         \
  void BM_##name##_decompress_kwire_fresh(benchmark::State& state) { kwire_decompress_fresh(state, codec_value); } \
  void BM_##name##_decompress_raw_fresh(benchmark::State& state) { raw_decompress_fresh(state, codec_value, raw_fn); } \
  void BM_##name##_decompress_kwire_vector(benchmark::State& state) { kwire_decompress<bytes>(state, codec_value); }

// ---- gzip

std::size_t raw_gzip_compress(const bytes& in, bytes& out) {
  z_stream zs{};
  if (deflateInit2(&zs, gzip_level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t written = out.size() - zs.avail_out;
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? written : 0;
}

bool raw_gzip_decompress(const bytes& in, out_span out) {
  z_stream zs{};
  if (inflateInit2(&zs, 31) != Z_OK) return false;
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  inflateEnd(&zs);
  return rc == Z_STREAM_END && zs.avail_out == 0;
}

void BM_gzip_compress_kwire(benchmark::State& state) { kwire_compress(state, kc::codec::gzip); }
void BM_gzip_compress_raw(benchmark::State& state) {
  const auto& in = batch();
  bytes out(compressBound(static_cast<uLong>(in.size())) + 32);  // + gzip header/trailer
  std::size_t n = 0;
  for (auto _ : state) {
    n = raw_gzip_compress(in, out);
    if (n == 0) state.SkipWithError("deflate failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
KWIRE_DECOMPRESS_LINES(gzip, kc::codec::gzip, raw_gzip_decompress)

// ---- snappy: the xerial framing by hand (16-byte header, then per 32 KiB block a big-endian
// int32 length and a raw snappy block), so the raw side writes byte-for-byte what kwire writes.

constexpr std::uint8_t xerial_header[16] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};

std::size_t raw_snappy_compress(const bytes& in, bytes& out) {
  std::uint8_t* p = out.data();
  std::memcpy(p, xerial_header, sizeof xerial_header);
  p += sizeof xerial_header;
  for (std::size_t pos = 0; pos < in.size(); pos += xerial_block) {
    const std::size_t n = std::min(xerial_block, in.size() - pos);
    std::size_t written = 0;
    snappy::RawCompress(reinterpret_cast<const char*>(in.data() + pos), n, reinterpret_cast<char*>(p + 4), &written);
    p[0] = static_cast<std::uint8_t>(written >> 24);
    p[1] = static_cast<std::uint8_t>(written >> 16);
    p[2] = static_cast<std::uint8_t>(written >> 8);
    p[3] = static_cast<std::uint8_t>(written);
    p += 4 + written;
  }
  return static_cast<std::size_t>(p - out.data());
}

bool raw_snappy_decompress(const bytes& in, out_span out) {
  std::size_t pos = sizeof xerial_header, at = 0;
  while (pos + 4 <= in.size()) {
    const std::size_t len = std::size_t{in[pos]} << 24 | std::size_t{in[pos + 1]} << 16 |
                            std::size_t{in[pos + 2]} << 8 | in[pos + 3];
    const char* src = reinterpret_cast<const char*>(in.data() + pos + 4);
    std::size_t n = 0;
    if (!snappy::GetUncompressedLength(src, len, &n) || n > out.size() - at) return false;
    if (!snappy::RawUncompress(src, len, reinterpret_cast<char*>(out.data() + at))) return false;
    at += n;
    pos += 4 + len;
  }
  return pos == in.size() && at == out.size();
}

void BM_snappy_compress_kwire(benchmark::State& state) { kwire_compress(state, kc::codec::snappy); }
void BM_snappy_compress_raw(benchmark::State& state) {
  const auto& in = batch();
  const std::size_t blocks = (in.size() + xerial_block - 1) / xerial_block;
  bytes out(sizeof xerial_header + blocks * (4 + snappy::MaxCompressedLength(xerial_block)));
  std::size_t n = 0;
  for (auto _ : state) {
    n = raw_snappy_compress(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  if (!std::equal(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), compressed(kc::codec::snappy).begin(),
                  compressed(kc::codec::snappy).end()))
    state.SkipWithError("raw framing differs from kwire's");
  finish(state, n);
}
KWIRE_DECOMPRESS_LINES(snappy, kc::codec::snappy, raw_snappy_decompress)

// ---- lz4

LZ4F_preferences_t lz4_prefs() {  // as compression/lz4.cpp sets them
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
  prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
  prefs.frameInfo.frameType = LZ4F_frame;
  prefs.compressionLevel = lz4_level;
  return prefs;
}

bool raw_lz4_decompress(const bytes& in, out_span out) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return false;
  std::size_t in_pos = 0, out_pos = 0, hint = 1;
  while (hint != 0 && in_pos < in.size()) {
    std::size_t dst = out.size() - out_pos, src = in.size() - in_pos;
    hint = LZ4F_decompress(ctx, out.data() + out_pos, &dst, in.data() + in_pos, &src, nullptr);
    if (LZ4F_isError(hint) || (dst == 0 && src == 0)) break;
    in_pos += src;
    out_pos += dst;
  }
  LZ4F_freeDecompressionContext(ctx);
  return hint == 0 && out_pos == out.size();
}

void BM_lz4_compress_kwire(benchmark::State& state) { kwire_compress(state, kc::codec::lz4); }
void BM_lz4_compress_raw(benchmark::State& state) {
  const auto& in = batch();
  const LZ4F_preferences_t prefs = lz4_prefs();
  bytes out(LZ4F_compressFrameBound(in.size(), &prefs));
  std::size_t n = 0;
  for (auto _ : state) {
    n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &prefs);
    if (LZ4F_isError(n)) state.SkipWithError("LZ4F_compressFrame failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
KWIRE_DECOMPRESS_LINES(lz4, kc::codec::lz4, raw_lz4_decompress)

// ---- zstd

std::size_t raw_zstd_compress(ZSTD_CCtx* ctx, const bytes& in, bytes& out) {
  std::size_t rc = ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, zstd_level);
  if (!ZSTD_isError(rc)) rc = ZSTD_compress2(ctx, out.data(), out.size(), in.data(), in.size());
  return ZSTD_isError(rc) ? 0 : rc;
}

void BM_zstd_compress_kwire(benchmark::State& state) { kwire_compress(state, kc::codec::zstd); }
void BM_zstd_compress_raw(benchmark::State& state) {  // a fresh context per call, as kwire does
  const auto& in = batch();
  bytes out(ZSTD_compressBound(in.size()));
  std::size_t n = 0;
  for (auto _ : state) {
    ZSTD_CCtx* ctx = ZSTD_createCCtx();
    n = raw_zstd_compress(ctx, in, out);
    ZSTD_freeCCtx(ctx);
    if (n == 0) state.SkipWithError("ZSTD_compress2 failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  finish(state, n);
}
void BM_zstd_compress_raw_reused_cctx(benchmark::State& state) {  // not a like-for-like line
  const auto& in = batch();
  bytes out(ZSTD_compressBound(in.size()));
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  std::size_t n = 0;
  for (auto _ : state) {
    n = raw_zstd_compress(ctx, in, out);
    if (n == 0) state.SkipWithError("ZSTD_compress2 failed");
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  ZSTD_freeCCtx(ctx);
  finish(state, n);
}
bool raw_zstd_decompress(const bytes& in, out_span out) {
  const std::size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
  return !ZSTD_isError(n) && n == out.size();
}
KWIRE_DECOMPRESS_LINES(zstd, kc::codec::zstd, raw_zstd_decompress)

}  // namespace

BENCHMARK(BM_gzip_compress_kwire);
BENCHMARK(BM_gzip_compress_raw);
BENCHMARK(BM_gzip_decompress_kwire);
BENCHMARK(BM_gzip_decompress_raw);
BENCHMARK(BM_gzip_decompress_kwire_fresh);
BENCHMARK(BM_gzip_decompress_raw_fresh);
BENCHMARK(BM_gzip_decompress_kwire_vector);
BENCHMARK(BM_snappy_compress_kwire);
BENCHMARK(BM_snappy_compress_raw);
BENCHMARK(BM_snappy_decompress_kwire);
BENCHMARK(BM_snappy_decompress_raw);
BENCHMARK(BM_snappy_decompress_kwire_fresh);
BENCHMARK(BM_snappy_decompress_raw_fresh);
BENCHMARK(BM_snappy_decompress_kwire_vector);
BENCHMARK(BM_lz4_compress_kwire);
BENCHMARK(BM_lz4_compress_raw);
BENCHMARK(BM_lz4_decompress_kwire);
BENCHMARK(BM_lz4_decompress_raw);
BENCHMARK(BM_lz4_decompress_kwire_fresh);
BENCHMARK(BM_lz4_decompress_raw_fresh);
BENCHMARK(BM_lz4_decompress_kwire_vector);
BENCHMARK(BM_zstd_compress_kwire);
BENCHMARK(BM_zstd_compress_raw);
BENCHMARK(BM_zstd_compress_raw_reused_cctx);
BENCHMARK(BM_zstd_decompress_kwire);
BENCHMARK(BM_zstd_decompress_raw);
BENCHMARK(BM_zstd_decompress_kwire_fresh);
BENCHMARK(BM_zstd_decompress_raw_fresh);
BENCHMARK(BM_zstd_decompress_kwire_vector);
BENCHMARK(BM_lz4_compress_kwire_16k);
BENCHMARK(BM_zstd_compress_kwire_16k);
