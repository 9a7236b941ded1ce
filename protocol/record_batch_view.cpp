// Reading record batches into views (the consumer's path): keys, values and header values
// point into the input, or into bytes the batch view owns (a decompressed body, or the copies a
// legacy message set needs). Same checks as record_batch_read.cpp, through the same pieces
// (record_batch_detail.hpp).

#include <kwire/protocol/record_batch.hpp>

#include <kwire/protocol/record_batch_detail.hpp>

namespace kwire::protocol {
namespace {
using namespace detail;

// View headers: appended to the batch view's one vector, the record keeping where its are.
struct viewed_headers {
  using header_type = header_view;
  record_view& rec;
  std::vector<header_view>& all;
  void start() {
    rec.first_header = static_cast<std::uint32_t>(all.size());
    rec.header_count = 0;
  }
  void reserve(std::size_t) {}
  void add(header_view&& h) {
    all.push_back(h);
    ++rec.header_count;
  }
};

void read_record_view(reader& r, const record_batch& batch, record_view& rec, std::vector<header_view>& headers) {
  viewed_headers sink{rec, headers};
  read_record_fields(r, batch, rec, sink);
}

// decode_v2 into views. A compressed body is decompressed into a buffer of its own, which the
// batch view then owns (the records point into it).
codec_result decode_v2_view(byte_view whole, std::size_t at, decode_state& st, batch_view& out) {
  reader r(whole);
  std::size_t count = 0;
  compression::buffer plain;
  auto& b = out.info;
  if (auto res = decode_v2_header(whole, at, st, b, plain, r, count); !res) return res;
  if (b.compression() != compression_codec::none)
    out.owner = std::make_shared<const compression::buffer>(std::move(plain));  // views stay put: moved, not copied
  out.records.clear();  // grown with the records decoded, as in decode_v2
  return read_v2_records(r, count, at, b.base_offset,
                         [&] { read_record_view(r, b, out.records.emplace_back(), out.headers); });
}

// A decoded legacy batch as views: its keys and values are copied once into one buffer the
// view owns (magic 0/1 data only comes from old producers, so this path is rare).
void legacy_to_view(record_batch& b, batch_view& out) {
  std::size_t total = 0;
  for (const auto& rec : b.records) total += (rec.key ? rec.key->size() : 0) + (rec.value ? rec.value->size() : 0);
  auto arena = std::make_shared<bytes>();
  arena->reserve(total);  // never grows past this: the views below stay valid
  auto keep = [&arena](const std::optional<bytes>& v) -> std::optional<byte_view> {
    if (!v) return std::nullopt;
    const std::size_t from = arena->size();
    arena->insert(arena->end(), v->begin(), v->end());
    return byte_view(arena->data() + from, v->size());
  };
  for (const auto& rec : b.records) {
    record_view v;
    v.offset = rec.offset;
    v.timestamp = rec.timestamp;
    v.key = keep(rec.key);
    v.value = keep(rec.value);
    out.records.push_back(v);
  }
  b.records.clear();
  out.info = std::move(b);
  out.owner = std::move(arena);
}

}  // namespace

codec_result for_each_batch_view(byte_view in, const decode_options& options,
                                 const std::function<void(const batch_view&)>& each) {
  decode_state st{options.check_crc, options.max_decompressed_bytes, {}};
  batch_view view;
  return frame_message_set(in, -1, [&](byte_view whole, std::size_t at, std::int8_t magic) {
    view.records.clear();
    view.headers.clear();
    view.owner.reset();
    codec_result res;
    if (magic == 2) {
      view.info = record_batch{};
      res = decode_v2_view(whole, at, st, view);
    } else {
      record_batch b;
      res = decode_legacy(whole, at, st, -1, b);
      if (res) legacy_to_view(b, view);
    }
    if (res) each(view);
    return res;
  });
}

}  // namespace kwire::protocol
