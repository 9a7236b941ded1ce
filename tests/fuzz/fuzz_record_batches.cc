// Record batches of every magic (0, 1, 2) and codec, through decompression, CRC and record
// decoding, by both decoders: the owning one (decode_batches) and the consumer's view decoder
// (for_each_batch_view).
//   input = flags (1 byte: bit 0 check CRCs), then the bytes of a records field.
// Properties: the two decoders agree (success or failure, and every record's offset, timestamp,
// key, value and headers); declared_record_count never exceeds what the bytes can hold; a
// decoded magic 2 batch encodes again, and what it encodes to decodes and re-encodes to itself.

#include <cstdint>
#include <string>
#include <vector>

#include <kwire/protocol/record_batch.hpp>
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace kwire::protocol;

struct flat_record {
  std::int64_t offset, timestamp;
  std::optional<bytes> key, value;
  std::vector<std::pair<std::string, std::optional<bytes>>> headers;
  bool operator==(const flat_record&) const = default;
};

std::optional<bytes> copy(const std::optional<byte_view>& v) {
  if (!v) return std::nullopt;
  return bytes(v->begin(), v->end());
}

void round_trip(const record_batch& b) {
  bytes once;
  if (!encode_batch(b, once)) return;  // e.g. an offset too far from the base offset to encode
  std::vector<record_batch> back;
  const auto d = decode_batches(once, back, decode_options{true, std::size_t{8} << 20});
  KWIRE_FUZZ_CHECK(static_cast<bool>(d) && back.size() == 1, "an encoded batch does not decode: " + d.detail);
  bytes twice;
  KWIRE_FUZZ_CHECK(static_cast<bool>(encode_batch(back[0], twice)), "a decoded batch does not encode again");
  KWIRE_FUZZ_CHECK(once == twice, "encode(decode(encode(batch))) != encode(batch)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kwire::fuzz::input in(data, size);
  if (in.empty()) return 0;
  decode_options options;
  options.check_crc = (in.u8() & 1) != 0;
  // Small enough that a bomb costs the fuzzer nothing, large enough for every seed.
  options.max_decompressed_bytes = std::size_t{4} << 20;
  const auto rest = in.rest();
  const bytes field(rest.begin(), rest.end());  // exact size: ASan sees a read past the end

  const auto declared = declared_record_count(field);
  KWIRE_FUZZ_CHECK(declared <= field.size() / 7, "declared_record_count " +
                                                                            std::to_string(declared) + " for " +
                                                                            std::to_string(field.size()) + " bytes");

  std::vector<flat_record> owned;
  std::vector<record_batch> batches;
  const auto r1 = for_each_batch(field, options, [&](record_batch& b) {
    for (const auto& r : b.records) {
      flat_record f{r.offset, r.timestamp, r.key, r.value, {}};
      for (const auto& h : r.headers) f.headers.emplace_back(h.key, h.value);
      owned.push_back(std::move(f));
    }
    if (b.is_control())
      for (const auto& r : b.records) {
        control_record c;
        (void)decode_control_record(r, c);
      }
    batches.push_back(b);
  });

  std::vector<flat_record> viewed;
  const auto r2 = for_each_batch_view(field, options, [&](const batch_view& b) {
    for (const auto& r : b.records) {
      flat_record f{r.offset, r.timestamp, copy(r.key), copy(r.value), {}};
      KWIRE_FUZZ_CHECK(std::size_t{r.first_header} + r.header_count <= b.headers.size(), "header index");
      for (std::uint32_t h = 0; h < r.header_count; ++h) {
        const auto& hv = b.headers[r.first_header + h];
        f.headers.emplace_back(std::string(hv.key), copy(hv.value));
      }
      viewed.push_back(std::move(f));
    }
  });
  KWIRE_FUZZ_CHECK(static_cast<bool>(r1) == static_cast<bool>(r2),
                   "the owning decoder says '" + r1.detail + "', the view decoder '" + r2.detail + "'");
  KWIRE_FUZZ_CHECK(owned == viewed, "the two decoders read different records");

  for (const auto& b : batches)
    if (b.magic == 2) round_trip(b);
  return 0;
}
