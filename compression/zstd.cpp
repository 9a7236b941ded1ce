// zstd frames. The Java client streams (ZstdOutputStream), so its frames carry no content size:
// decompression streams too rather than trusting a size from the frame header.

#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <bit>

#include <kwire/compression/detail.hpp>

namespace kwire::compression::detail {

namespace {

// One compression context per thread, kept across calls: ZSTD_createCCtx and the first use of a
// context allocate its tables (about a megabyte at level 3), which per batch cost more than
// compressing a small batch.
struct cctx_holder {
  ZSTD_CCtx* ctx = ZSTD_createCCtx();
  ~cctx_holder() { ZSTD_freeCCtx(ctx); }
};

}  // namespace

result zstd_compress(int level, byte_span in, byte_vec& out) {
  thread_local cctx_holder h;
  ZSTD_CCtx* ctx = h.ctx;
  if (!ctx) return fail(compression_errc::library_error, "zstd: ZSTD_createCCtx failed");
  const std::size_t start = out.size();
  const std::size_t bound = ZSTD_compressBound(in.size());
  out.resize(start + bound);
  // A session reset drops whatever a failed call left; parameters are then set anew.
  std::size_t rc = ZSTD_CCtx_reset(ctx, ZSTD_reset_session_only);
  if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, level);
  if (!ZSTD_isError(rc)) rc = ZSTD_compress2(ctx, out.data() + start, bound, in.data(), in.size());
  if (ZSTD_isError(rc)) return fail(compression_errc::library_error, std::string("zstd: ") + ZSTD_getErrorName(rc));
  out.resize(start + rc);
  return {};
}

result zstd_decompress(byte_span in, output_sink& sink) {
  if (in.empty()) return fail(compression_errc::truncated_input, "no bytes to decompress");
  // A frame that declares a size over the limit is refused before any window is allocated.
  const unsigned long long declared = ZSTD_getFrameContentSize(in.data(), in.size());
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR && declared > sink.limit())
    return fail(compression_errc::output_limit_exceeded, "frame declares " + std::to_string(declared) +
                                                             " bytes, over the limit of " +
                                                             std::to_string(sink.limit()) + " bytes");
  // Decoding straight into a buffer of the declared size spares zstd its window copy.
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR)
    sink.expect(static_cast<std::size_t>(declared));
  struct guard {
    ZSTD_DCtx* ctx;
    ~guard() { ZSTD_freeDCtx(ctx); }
  } g{ZSTD_createDCtx()};
  if (!g.ctx) return fail(compression_errc::library_error, "ZSTD_createDCtx failed");
  // A frame's window is allocated before any byte comes out, so a few bytes declaring a large
  // window (without a content size) cost that much (found by fuzz_record_batches: a 232-byte
  // batch made zstd ask for 80 MiB under a 4 MiB limit). No back-reference can reach further
  // than the output the limit allows, so windows are held to the limit rounded up to a power of
  // two, within zstd's own default bound (2^27, which the Java client's level 22 reaches): with
  // the consumer's default limit (16 x fetch.max.bytes) that bound is the one that applies.
  const int window_log_max = std::clamp(static_cast<int>(std::bit_width(std::max<std::size_t>(sink.limit(), 1) - 1)),
                                        10, 27);
  if (const std::size_t rc = ZSTD_DCtx_setParameter(g.ctx, ZSTD_d_windowLogMax, window_log_max); ZSTD_isError(rc))
    return fail(compression_errc::library_error, std::string("zstd: ") + ZSTD_getErrorName(rc));
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  for (;;) {
    const auto dst = sink.next();
    ZSTD_outBuffer out{dst.data(), dst.size(), 0};
    const std::size_t before = src.pos;
    const std::size_t rc = ZSTD_decompressStream(g.ctx, &out, &src);
    if (ZSTD_isError(rc) && ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge)
      return fail(compression_errc::output_limit_exceeded,
                  "frame needs a window over 2^" + std::to_string(window_log_max) +
                      " bytes, more than the limit of " + std::to_string(sink.limit()) + " bytes allows");
    if (ZSTD_isError(rc))
      return fail(compression_errc::corrupt_input,
                  std::string(ZSTD_getErrorName(rc)) + " near input byte " + std::to_string(src.pos));
    if (!sink.commit(out.pos)) return sink.over_limit();
    if (rc == 0 && src.pos == src.size) return {};  // the last frame ended with the input
    if (src.pos == src.size && out.pos < out.size)
      return fail(compression_errc::truncated_input,
                  "frame ends after " + std::to_string(in.size()) + " bytes before it is complete");
    if (src.pos == before && out.pos == 0)
      return fail(compression_errc::corrupt_input, "decoder made no progress at input byte " + std::to_string(src.pos));
  }
}

}  // namespace kwire::compression::detail
