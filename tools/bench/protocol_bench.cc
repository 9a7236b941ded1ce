// Encode and decode of a Fetch response holding 1 MiB of 100-byte records (CRC checked), beside
// a memcpy of the same bytes as the reference line, and CRC32C on its own.
//   bazel run -c opt //tools/bench:protocol_bench
// bytes_per_second counts the wire bytes of the response; items_per_second counts records.

#include <benchmark/benchmark.h>

#include <cstring>

#include <kwire/protocol/crc32c.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/record_batch.hpp>

namespace {

using namespace kwire::protocol;

constexpr std::size_t payload_bytes = 1 << 20;
constexpr std::size_t value_size = 100;
constexpr std::size_t records_per_batch = 160;  // ~16 KiB batches, as a default producer makes
constexpr std::int16_t fetch_version = 16;

struct fixture {
  std::vector<record_batch> batches;
  std::size_t records = 0;
  fetch_response response;
  bytes wire;

  fixture() {
    const std::size_t n = payload_bytes / value_size;
    std::int64_t offset = 0;
    while (records < n) {
      record_batch b;
      b.base_offset = offset;
      b.first_timestamp = b.max_timestamp = 1700000000000;
      for (std::size_t i = 0; i < records_per_batch && records < n; ++i, ++records) {
        bytes value(value_size);
        for (std::size_t j = 0; j < value_size; ++j) value[j] = static_cast<std::uint8_t>('a' + (j + records) % 26);
        b.records.push_back({offset++, b.first_timestamp, std::nullopt, std::move(value), {}});
      }
      b.last_offset_delta = static_cast<std::int32_t>(b.records.size() - 1);
      batches.push_back(std::move(b));
    }
    response = build(batches);
    if (!encode(response, fetch_version, wire)) std::abort();
  }

  static fetch_response build(const std::vector<record_batch>& batches) {
    fetch_response r;
    auto& topic = r.responses.emplace_back();
    topic.topic = "bench";
    auto& p = topic.partitions.emplace_back();
    p.high_watermark = 1 << 20;
    p.records.emplace();
    for (const auto& b : batches)
      if (!encode_batch(b, p.records->data)) std::abort();
    return r;
  }
};

const fixture& data() {
  static const fixture f;
  return f;
}

void BM_fetch_encode(benchmark::State& state) {
  const auto& f = data();
  bytes out;
  out.reserve(f.wire.size());
  for (auto _ : state) {
    out.clear();
    fetch_response r;
    auto& topic = r.responses.emplace_back();
    topic.topic = "bench";
    auto& p = topic.partitions.emplace_back();
    p.records.emplace().data.reserve(f.wire.size());
    for (const auto& b : f.batches) encode_batch(b, p.records->data);
    encode(r, fetch_version, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.wire.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.records));
}

void BM_fetch_decode(benchmark::State& state) {
  const auto& f = data();
  std::vector<record_batch> batches;
  for (auto _ : state) {
    fetch_response r;
    if (!decode(f.wire, fetch_version, r)) state.SkipWithError("decode failed");
    batches.clear();
    if (!decode_batches(r.responses[0].partitions[0].records, batches, true)) state.SkipWithError("batches failed");
    benchmark::DoNotOptimize(batches.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.wire.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.records));
}

void BM_memcpy_reference(benchmark::State& state) {
  const auto& f = data();
  bytes out(f.wire.size());
  for (auto _ : state) {
    std::memcpy(out.data(), f.wire.data(), f.wire.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.wire.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.records));
}

void BM_crc32c(benchmark::State& state) {
  const auto& f = data();
  for (auto _ : state) benchmark::DoNotOptimize(crc32c(0, f.wire.data(), f.wire.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * f.wire.size()));
}

}  // namespace

BENCHMARK(BM_memcpy_reference);
BENCHMARK(BM_fetch_encode);
BENCHMARK(BM_fetch_decode);
BENCHMARK(BM_crc32c);
