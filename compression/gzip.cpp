// gzip through zlib: Kafka's Java client writes GZIPOutputStream and reads GZIPInputStream.

#include <zlib.h>

#include <kwire/compression/detail.hpp>

namespace kwire::compression::detail {
namespace {

std::string zlib_message(const z_stream& zs, int rc) {
  return zs.msg ? std::string(zs.msg) : "zlib error " + std::to_string(rc);
}

}  // namespace

result gzip_compress(int level, byte_span in, byte_vec& out) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  int rc = deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) return fail(compression_errc::library_error, "gzip: deflateInit2: " + zlib_message(zs, rc));
  const std::size_t start = out.size();
  const std::size_t bound = deflateBound(&zs, static_cast<uLong>(in.size()));
  out.resize(start + bound);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data() + start;
  zs.avail_out = static_cast<uInt>(bound);
  rc = deflate(&zs, Z_FINISH);
  const std::size_t written = bound - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return fail(compression_errc::library_error, "gzip: deflate: " + zlib_message(zs, rc));
  out.resize(start + written);
  return {};
}

result gzip_decompress(byte_span in, output_sink& sink) {
  z_stream zs{};
  // windowBits 15 + 32: detect a gzip or a zlib header.
  int rc = inflateInit2(&zs, 15 + 32);
  if (rc != Z_OK) return fail(compression_errc::library_error, "inflateInit2: " + zlib_message(zs, rc));
  struct guard {
    z_stream* zs;
    ~guard() { inflateEnd(zs); }
  } g{&zs};
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  if (in.empty()) return fail(compression_errc::truncated_input, "no bytes to decompress");
  // A gzip member ends with ISIZE, its uncompressed size mod 2^32: the whole output's size for
  // the usual single-member stream, so the output is sized once. Only a hint, never trusted:
  // capped by deflate's greatest expansion (about 1032:1) and, in the sink, by the limit.
  if (in.size() >= 18 && in[0] == 0x1f && in[1] == 0x8b) {
    const std::uint8_t* t = in.data() + in.size() - 4;
    const std::size_t isize =
        std::size_t{t[0]} | std::size_t{t[1]} << 8 | std::size_t{t[2]} << 16 | std::size_t{t[3]} << 24;
    sink.expect(std::min(isize, in.size() * 1032));
  }
  for (;;) {
    const auto dst = sink.next();
    zs.next_out = dst.data();
    zs.avail_out = static_cast<uInt>(dst.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (!sink.commit(dst.size() - zs.avail_out)) return sink.over_limit();
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) return {};
      // Concatenated gzip members are one stream to GZIPInputStream too.
      if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      return fail(compression_errc::corrupt_input,
                  std::to_string(zs.avail_in) + " bytes follow the end of the compressed stream");
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0)
      return fail(compression_errc::truncated_input,
                  "stream ends after " + std::to_string(in.size()) + " bytes without its end marker");
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_BUF_ERROR)
      return fail(compression_errc::corrupt_input,
                  zlib_message(zs, rc) + " at input byte " + std::to_string(in.size() - zs.avail_in));
    return fail(compression_errc::library_error, "inflate: " + zlib_message(zs, rc));
  }
}

}  // namespace kwire::compression::detail
