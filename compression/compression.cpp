#include <kwire/compression/compression.hpp>

#include <zstd.h>

#include <kwire/compression/detail.hpp>

namespace kwire::compression {
namespace {

class compression_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kwire.compression"; }

  std::string message(int value) const override {
    switch (static_cast<compression_errc>(value)) {
      case compression_errc::unknown_codec: return "unknown compression codec";
      case compression_errc::invalid_level: return "compression level outside the codec's range";
      case compression_errc::corrupt_input: return "corrupt compressed data";
      case compression_errc::truncated_input: return "compressed data ends too early";
      case compression_errc::output_limit_exceeded: return "decompressed data exceeds the allowed size";
      case compression_errc::input_too_large: return "input too large to compress or decompress at once";
      case compression_errc::library_error: return "compression library failure";
    }
    return "unknown compression error " + std::to_string(value);
  }
};

constexpr std::size_t max_input = std::size_t{0x7fffffff};

bool known(codec c) { return static_cast<int>(c) >= 0 && static_cast<int>(c) <= 4; }

result unknown(codec c) {
  return detail::fail(compression_errc::unknown_codec, "unknown compression codec " + std::to_string(static_cast<int>(c)));
}

}  // namespace

const std::error_category& compression_category() noexcept {
  static const compression_category_impl category;
  return category;
}

std::error_code make_error_code(compression_errc e) noexcept { return {static_cast<int>(e), compression_category()}; }

std::string codec_name(codec c) {
  switch (c) {
    case codec::none: return "none";
    case codec::gzip: return "gzip";
    case codec::snappy: return "snappy";
    case codec::lz4: return "lz4";
    case codec::zstd: return "zstd";
  }
  return "unknown(" + std::to_string(static_cast<int>(c)) + ")";
}

std::optional<level_range> levels(codec c) {
  switch (c) {
    case codec::gzip: return level_range{1, 9, 6};
    case codec::lz4: return level_range{1, 17, detail::lz4_default_level};
    case codec::zstd: return level_range{ZSTD_minCLevel(), ZSTD_maxCLevel(), 3};
    default: return std::nullopt;
  }
}

result check_level(codec c, int level) {
  if (!known(c)) return unknown(c);
  if (level == default_level) return {};
  const auto range = levels(c);
  if (!range)
    return detail::fail(compression_errc::invalid_level,
                        codec_name(c) + " has no compression levels, got level " + std::to_string(level));
  if (c == codec::gzip && level == -1) return {};  // Java's Deflater.DEFAULT_COMPRESSION
  if (level < range->min || level > range->max)
    return detail::fail(compression_errc::invalid_level,
                        codec_name(c) + " compression level " + std::to_string(level) + " is outside " +
                            std::to_string(range->min) + ".." + std::to_string(range->max) +
                            (c == codec::gzip ? " (or -1 for the default)" : ""));
  return {};
}

result compress(codec c, int level, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out) {
  if (auto res = check_level(c, level); !res) return res;
  if (in.size() > max_input)
    return detail::fail(compression_errc::input_too_large,
                        "cannot compress " + std::to_string(in.size()) + " bytes at once (at most 2 GiB)");
  if (level == default_level || (c == codec::gzip && level == -1)) {
    if (const auto range = levels(c)) level = range->default_level;
  }
  const std::size_t start = out.size();
  result res;
  switch (c) {
    case codec::none: out.insert(out.end(), in.begin(), in.end()); break;
    case codec::gzip: res = detail::gzip_compress(level, in, out); break;
    case codec::snappy: res = detail::snappy_compress(in, out); break;
    case codec::lz4: res = detail::lz4_compress(level, in, out); break;
    case codec::zstd: res = detail::zstd_compress(level, in, out); break;
  }
  if (!res) out.resize(start);
  return res;
}

namespace {

template <class Vec>
result decompress_into(codec c, std::span<const std::uint8_t> in, Vec& out, const decompress_options& options) {
  if (!known(c)) return unknown(c);
  if (in.size() > max_input)
    return detail::fail(compression_errc::input_too_large,
                        "cannot decompress " + std::to_string(in.size()) + " bytes at once (at most 2 GiB)");
  // 4x the input is the first guess at the output size; codecs that learn better say so.
  detail::output_sink sink(out, options.max_output, in.size() * 4);
  result res;
  switch (c) {
    case codec::none: {
      std::uint8_t* p = sink.reserve_exact(in.size());
      if (!p) return sink.over_limit();
      if (!in.empty()) std::memcpy(p, in.data(), in.size());
      break;
    }
    case codec::gzip: res = detail::gzip_decompress(in, sink); break;
    case codec::snappy: res = detail::snappy_decompress(in, sink); break;
    case codec::lz4: res = detail::lz4_decompress(in, sink, options.lz4_legacy_header); break;
    case codec::zstd: res = detail::zstd_decompress(in, sink); break;
  }
  if (!res) {
    res.detail = codec_name(c) + ": " + res.detail;
    return res;
  }
  sink.succeed();
  return res;
}

}  // namespace

result decompress(codec c, std::span<const std::uint8_t> in, buffer& out, const decompress_options& options) {
  return decompress_into(c, in, out, options);
}

result decompress(codec c, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out,
                  const decompress_options& options) {
  return decompress_into(c, in, out, options);
}

}  // namespace kwire::compression
