// The read side of a connection (net/connection.cpp's reader, without the socket): bytes cut
// into reads of any size go through the frame splitter (net/detail/frame_reader), each frame
// to the multiplexer, which matches its correlation id to the oldest request in flight and hands
// it to that request, which reads the response header and body (protocol::parse_response).
//   input = request count (1 byte), then per request a catalog index and a version (1 byte each),
//           then reads: a length byte (0: all that is left) and that many bytes, until the end.
// Properties: every error names what was wrong; nothing is allocated ahead of the bytes read
// (tools/fuzz runs with -malloc_limit_mb).

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <kwire/net/detail/frame_reader.hpp>
#include <kwire/net/detail/multiplexer.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages.hpp>
#include <kwire/protocol/response_of.hpp>
#include "tests/fuzz/fuzz_input.hpp"

namespace {

using namespace kwire;
using namespace kwire::protocol;
using net::detail::pending_request;

template <class Req>
struct fuzz_request final : pending_request {
  api_key api() const override { return Req::api; }
  codec_result encode(std::int16_t v, std::int32_t id, const std::optional<std::string>& client_id,
                      bytes& out) override {
    return frame_request(Req{}, v, id, client_id, out);
  }
  void complete(std::error_code ec, std::string detail, byte_view frame) override {
    KWIRE_FUZZ_CHECK(!ec || !detail.empty(), "an error without a detail");
    if (ec || frame.empty()) return;
    response_header header;
    response_of_t<Req> body;
    const auto r = parse_response(frame, version, header, body);
    KWIRE_FUZZ_CHECK(r || !r.detail.empty(), "a response that does not decode, without a reason");
  }
};

struct entry {
  std::unique_ptr<pending_request> (*make)();
  vrange versions;
};

template <class Req>
std::unique_ptr<pending_request> make() {
  return std::make_unique<fuzz_request<Req>>();
}

const auto catalog = [] {
  std::vector<entry> all;
  std::apply([&](auto... pair) { (all.push_back({&make<typename decltype(pair)::request>,
                                                  info(decltype(pair)::request::api).supported}), ...); },
             all_messages{});
  return all;
}();

// A broker that speaks every version kwire implements.
const auto broker = [] {
  api_versions_response v;
  for (const auto& api : all_apis())
    if (!api.supported.empty())
      v.api_keys.push_back({static_cast<std::int16_t>(api.key), api.supported.lo, api.supported.hi, {}});
  return v;
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  net::detail::multiplexer mux({.max_in_flight = 8, .client_id = "fuzz", .version_pins = {}, .peer = "fuzz"});
  const auto now = net::detail::clock::now();
  const int requests = 1 + in.u8() % 8;
  for (int i = 0; i < requests; ++i) {
    const auto& e = catalog[in.u8() % catalog.size()];
    auto op = e.make();
    op->version_pin = static_cast<std::int16_t>(e.versions.lo + in.u8() % (e.versions.hi - e.versions.lo + 1));
    mux.enqueue(std::move(op));
  }
  (void)mux.prepare_write(broker, now);
  mux.on_write_done();

  net::detail::frame_reader frames;
  while (!in.empty()) {
    const std::size_t want = in.u8();
    const auto chunk = in.take(want == 0 ? in.size() : want);
    std::size_t used = 0;
    while (used < chunk.size()) {
      const auto room = frames.prepare();
      KWIRE_FUZZ_CHECK(!room.empty(), "prepare() gave no room");
      const auto n = std::min(room.size(), chunk.size() - used);
      std::copy_n(chunk.begin() + static_cast<std::ptrdiff_t>(used), n, room.begin());
      used += n;
      const auto r = frames.commit(n, [&](byte_view frame) {
        KWIRE_FUZZ_CHECK(frame.size() >= 4, "a frame without a correlation id");
        // Exact size, so that ASan sees a read past the frame.
        const bytes copy(frame.begin(), frame.end());
        return mux.on_response(copy, now);
      });
      if (!r) {
        KWIRE_FUZZ_CHECK(!r.detail.empty(), "an error without a detail");
        return 0;  // the connection ends here
      }
    }
  }
  return 0;
}
