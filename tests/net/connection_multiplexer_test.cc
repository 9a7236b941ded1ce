// The sans-I/O half of the connection: frame splitting and the multiplexer, with scripted bytes.

#include <gtest/gtest.h>

#include <kwire/net/detail/frame_reader.hpp>
#include <kwire/net/detail/multiplexer.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include <kwire/protocol/response_of.hpp>
#include "tests/net/test_transport.hpp"

namespace kwire {
namespace {

using namespace std::chrono_literals;
using net::detail::clock;
using net::detail::frame_reader;
using net::detail::multiplexer;
using protocol::bytes;
using protocol::byte_view;

struct outcome {
  int calls = 0;
  std::error_code ec;
  std::string detail;
  bytes frame;
};

template <class Req = protocol::api_versions_request>
class probe final : public net::detail::pending_request {
 public:
  explicit probe(std::shared_ptr<outcome> o, Req req = {}) : out_(std::move(o)), req_(std::move(req)) {}
  protocol::api_key api() const override { return Req::api; }
  protocol::codec_result encode(std::int16_t v, std::int32_t id, const std::optional<std::string>& client,
                                bytes& out) override {
    return protocol::frame_request(req_, v, id, client, out);
  }
  void complete(std::error_code ec, std::string detail, byte_view frame) override {
    ++out_->calls;
    out_->ec = ec;
    out_->detail = std::move(detail);
    out_->frame.assign(frame.begin(), frame.end());
  }

 private:
  std::shared_ptr<outcome> out_;
  Req req_;
};

// A frame as it arrives on the wire: 4-byte size, correlation id, payload.
bytes wire_frame(std::int32_t id, std::size_t payload) {
  bytes out;
  protocol::writer w(out);
  w.u32(static_cast<std::uint32_t>(4 + payload));
  w.i32(id);
  for (std::size_t i = 0; i < payload; ++i) w.u8(static_cast<std::uint8_t>(id * 31 + i));
  return out;
}

std::int32_t frame_id(byte_view f) {
  return static_cast<std::int32_t>((std::uint32_t{f[0]} << 24) | (f[1] << 16) | (f[2] << 8) | f[3]);
}

// Feeds `wire` to `reader` in the pieces `cuts` gives, as reads into prepare() would.
protocol::codec_result feed(frame_reader& reader, const bytes& wire, const std::vector<std::size_t>& cuts,
                            std::vector<bytes>& frames) {
  std::size_t pos = 0;
  auto deliver = [&](std::size_t upto) -> protocol::codec_result {
    while (pos < upto) {
      auto room = reader.prepare();
      EXPECT_FALSE(room.empty());
      const auto n = std::min(room.size(), upto - pos);
      std::memcpy(room.data(), wire.data() + pos, n);
      pos += n;
      auto r = reader.commit(n, [&](byte_view f) {
        frames.emplace_back(f.begin(), f.end());
        return protocol::codec_result{};
      });
      if (!r) return r;
    }
    return {};
  };
  for (auto c : cuts)
    if (auto r = deliver(c); !r) return r;
  return deliver(wire.size());
}

TEST(frame_reader, every_split_point_of_three_frames) {
  bytes wire;
  for (auto [id, size] : {std::pair{7, 0}, {8, 13}, {9, 1}}) {
    const auto f = wire_frame(id, size);
    wire.insert(wire.end(), f.begin(), f.end());
  }
  for (std::size_t a = 0; a <= wire.size(); ++a)
    for (std::size_t b = a; b <= wire.size(); ++b) {
      SCOPED_TRACE("cuts at " + std::to_string(a) + ", " + std::to_string(b));
      frame_reader reader;
      std::vector<bytes> frames;
      ASSERT_TRUE(feed(reader, wire, {a, b}, frames));
      ASSERT_EQ(frames.size(), 3u);
      EXPECT_EQ(frame_id(frames[0]), 7);
      EXPECT_EQ(frames[0].size(), 4u);
      EXPECT_EQ(frame_id(frames[1]), 8);
      EXPECT_EQ(frames[1], bytes(wire.begin() + 12, wire.begin() + 12 + 17));
      EXPECT_EQ(frame_id(frames[2]), 9);
      EXPECT_EQ(reader.buffered(), 0u);
    }
}

TEST(frame_reader, byte_by_byte_and_a_frame_bigger_than_the_read_chunk) {
  bytes wire = wire_frame(1, 200000);  // > 64 KiB: read straight into place
  const auto small = wire_frame(2, 3);
  wire.insert(wire.end(), small.begin(), small.end());
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < 40; ++i) cuts.push_back(i);  // the size prefix one byte at a time
  frame_reader reader;
  std::vector<bytes> frames;
  ASSERT_TRUE(feed(reader, wire, cuts, frames));
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], bytes(wire.begin() + 4, wire.begin() + 4 + 200004));
  EXPECT_EQ(frame_id(frames[1]), 2);
  EXPECT_GE(reader.prepare().size(), 200000u) << "a big frame's buffer is kept for the next";
}

TEST(frame_reader, a_buffer_beyond_the_retained_size_is_given_back) {
  bytes wire = wire_frame(1, frame_reader::retain + 1000);
  const auto small = wire_frame(2, 3);
  wire.insert(wire.end(), small.begin(), small.end());
  frame_reader reader(64u << 20);
  std::vector<bytes> frames;
  ASSERT_TRUE(feed(reader, wire, {}, frames));
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].size(), frame_reader::retain + 1004);
  EXPECT_EQ(frame_id(frames[1]), 2);
  EXPECT_LE(reader.prepare().size(), 64u * 1024) << "the very big frame's buffer is given back";
}

TEST(frame_reader, absurd_size_is_refused_before_the_body_arrives) {
  frame_reader reader(1 << 20);
  const bytes wire{0x7f, 0xff, 0xff, 0xff};  // 2 GiB
  std::vector<bytes> frames;
  const auto r = feed(reader, wire, {}, frames);
  EXPECT_EQ(r.ec, client_errc::invalid_value);
  EXPECT_NE(r.detail.find("2147483647"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("1048576"), std::string::npos) << r.detail;
}

TEST(frame_reader, size_too_small_for_a_correlation_id) {
  frame_reader reader;
  const bytes wire{0, 0, 0, 3, 1, 2, 3};
  std::vector<bytes> frames;
  const auto r = feed(reader, wire, {}, frames);
  EXPECT_EQ(r.ec, client_errc::invalid_value);
  EXPECT_NE(r.detail.find("too small"), std::string::npos) << r.detail;
}

multiplexer::settings settings(int max_in_flight) {
  multiplexer::settings s;
  s.max_in_flight = max_in_flight;
  s.client_id = "t";
  s.peer = "test-peer";
  return s;
}

// A response frame (size stripped) for correlation id `id`: ApiVersions answers use header v0.
bytes api_versions_answer(std::int32_t id, std::int16_t version) {
  return test::response_frame(test::our_versions(), {protocol::api_key::api_versions, version, id}, false);
}

TEST(multiplexer, pipelines_up_to_the_limit_and_matches_in_order) {
  multiplexer mux(settings(2));
  mux.set_next_correlation_id(40);
  const auto broker = test::our_versions();
  std::vector<std::shared_ptr<outcome>> out;
  for (int i = 0; i < 5; ++i) {
    out.push_back(std::make_shared<outcome>());
    mux.enqueue(std::make_unique<probe<>>(out.back()));
  }
  const auto now = clock::now();
  const auto first = mux.prepare_write(broker, now);
  ASSERT_EQ(first.size(), 2u);  // max_in_flight
  EXPECT_EQ(frame_id(first[0].subspan(8)), 40);  // size(4) key(2) version(2) then the id
  EXPECT_EQ(frame_id(first[1].subspan(8)), 41);
  EXPECT_TRUE(mux.prepare_write(broker, now).empty()) << "no second batch while one is being written";
  mux.on_write_done();
  EXPECT_TRUE(mux.prepare_write(broker, now).empty()) << "limit reached";
  const auto v = protocol::info(protocol::api_key::api_versions).supported.hi;
  ASSERT_TRUE(mux.on_response(api_versions_answer(40, v), now));
  EXPECT_EQ(out[0]->calls, 1);
  EXPECT_FALSE(out[0]->ec);
  EXPECT_EQ(out[1]->calls, 0);
  const auto second = mux.prepare_write(broker, now);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(frame_id(second[0].subspan(8)), 42);
  mux.on_write_done();
  ASSERT_TRUE(mux.on_response(api_versions_answer(41, v), now));
  ASSERT_TRUE(mux.on_response(api_versions_answer(42, v), now));
  EXPECT_EQ(mux.in_flight(), 0u);
  EXPECT_EQ(mux.queued(), 2u);
  EXPECT_EQ(mux.answered, 3u);
}

TEST(multiplexer, response_before_the_write_completion_is_seen) {
  multiplexer mux(settings(5));
  auto o = std::make_shared<outcome>();
  mux.enqueue(std::make_unique<probe<>>(o));
  const auto now = clock::now();
  const auto frames = mux.prepare_write(test::our_versions(), now);
  ASSERT_EQ(frames.size(), 1u);
  const bytes copy(frames[0].begin(), frames[0].end());
  ASSERT_TRUE(mux.on_response(api_versions_answer(0, protocol::info(protocol::api_key::api_versions).supported.hi), now));
  EXPECT_EQ(o->calls, 1);
  // The batch's bytes stay valid until the write is done (asan would see a use after free).
  EXPECT_EQ(bytes(frames[0].begin(), frames[0].end()), copy);
  mux.on_write_done();
}

TEST(multiplexer, out_of_order_correlation_id_is_an_error_and_everything_fails) {
  multiplexer mux(settings(5));
  std::vector<std::shared_ptr<outcome>> out;
  for (int i = 0; i < 3; ++i) {
    out.push_back(std::make_shared<outcome>());
    mux.enqueue(std::make_unique<probe<>>(out.back()));
  }
  const auto now = clock::now();
  auto frames = mux.prepare_write(test::our_versions(), now);
  ASSERT_EQ(frames.size(), 3u);
  mux.on_write_done();
  const auto r = mux.on_response(api_versions_answer(1, 0), now);
  EXPECT_EQ(r.ec, client_errc::correlation_id_mismatch);
  EXPECT_NE(r.detail.find("correlation id 1"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("expected 0"), std::string::npos) << r.detail;
  mux.enqueue(std::make_unique<probe<>>(out.emplace_back(std::make_shared<outcome>())));
  mux.fail_all(client_errc::correlation_id_mismatch, r.detail);
  for (auto& o : out) {
    EXPECT_EQ(o->calls, 1);
    EXPECT_EQ(o->ec, client_errc::correlation_id_mismatch);
  }
  EXPECT_TRUE(mux.idle());
}

TEST(multiplexer, a_request_enqueued_after_the_connection_ended_survives_its_teardown) {
  // The connection ended (a timeout) with one request in flight and one queued; a third came
  // while the teardown ran. The teardown fails the first two only; the third waits for the next
  // connection (CI once saw it failed with the old connection's error).
  multiplexer mux(settings(1));
  auto a = std::make_shared<outcome>(), b = std::make_shared<outcome>(), c = std::make_shared<outcome>();
  mux.enqueue(std::make_unique<probe<>>(a));
  mux.enqueue(std::make_unique<probe<>>(b));
  ASSERT_EQ(mux.prepare_write(test::our_versions(), clock::now()).size(), 1u);
  mux.on_write_done();
  const auto ended_at = mux.enqueued();
  EXPECT_EQ(ended_at, 2u);
  mux.enqueue(std::make_unique<probe<>>(c));
  mux.fail_all(client_errc::connection_closed, "connection lost", ended_at);
  EXPECT_EQ(a->calls, 1);
  EXPECT_EQ(a->ec, client_errc::connection_closed);
  EXPECT_EQ(b->calls, 1);
  EXPECT_NE(b->detail.find("(not sent)"), std::string::npos) << b->detail;
  EXPECT_EQ(c->calls, 0);
  EXPECT_EQ(mux.queued(), 1u);
  ASSERT_EQ(mux.prepare_write(test::our_versions(), clock::now()).size(), 1u);
  mux.on_write_done();
  mux.fail_all(client_errc::connection_closed, "test over");
  EXPECT_EQ(c->calls, 1);
}

TEST(multiplexer, response_with_nothing_in_flight_is_an_error) {
  multiplexer mux(settings(5));
  const auto r = mux.on_response(api_versions_answer(3, 0), clock::now());
  EXPECT_EQ(r.ec, client_errc::correlation_id_mismatch);
  EXPECT_NE(r.detail.find("no request is in flight"), std::string::npos) << r.detail;
}

TEST(multiplexer, request_without_response_completes_when_written) {
  multiplexer mux(settings(5));
  auto silent = std::make_shared<outcome>();
  auto normal = std::make_shared<outcome>();
  auto op = std::make_unique<probe<>>(silent);
  op->expect_response = false;
  mux.enqueue(std::move(op));
  mux.enqueue(std::make_unique<probe<>>(normal));
  const auto now = clock::now();
  ASSERT_EQ(mux.prepare_write(test::our_versions(), now).size(), 2u);
  EXPECT_EQ(silent->calls, 0);
  mux.on_write_done();
  EXPECT_EQ(silent->calls, 1);
  EXPECT_FALSE(silent->ec);
  EXPECT_TRUE(silent->frame.empty());
  // The next response answers the second request (id 1): id 0 never gets one.
  ASSERT_TRUE(mux.on_response(api_versions_answer(1, 0), now));
  EXPECT_EQ(normal->calls, 1);
}

TEST(multiplexer, version_pins) {
  const auto broker = test::our_versions();
  const auto ours = protocol::info(protocol::api_key::metadata).supported;
  {  // request pin outside every range: a clear error naming the API and both ranges
    multiplexer mux(settings(5));
    auto o = std::make_shared<outcome>();
    auto op = std::make_unique<probe<protocol::metadata_request>>(o);
    op->version_pin = 99;
    mux.enqueue(std::move(op));
    EXPECT_TRUE(mux.prepare_write(broker, clock::now()).empty());
    EXPECT_EQ(o->calls, 1);
    EXPECT_EQ(o->ec, client_errc::no_compatible_version);
    EXPECT_NE(o->detail.find("Metadata pinned to v99"), std::string::npos) << o->detail;
    EXPECT_NE(o->detail.find("kwire v"), std::string::npos) << o->detail;
    EXPECT_NE(o->detail.find("broker v"), std::string::npos) << o->detail;
  }
  {  // config pin: a ceiling
    auto s = settings(5);
    s.version_pins[protocol::api_key::metadata] = static_cast<std::int16_t>(ours.hi - 2);
    multiplexer mux(s);
    auto o = std::make_shared<outcome>();
    mux.enqueue(std::make_unique<probe<protocol::metadata_request>>(o));
    mux.enqueue(std::make_unique<probe<protocol::api_versions_request>>(std::make_shared<outcome>()));
    ASSERT_EQ(mux.prepare_write(broker, clock::now()).size(), 2u);
    EXPECT_EQ(mux.prepare_write(broker, clock::now()).size(), 0u);
    // Version of the Metadata frame: bytes 6-7 after the size prefix and key.
    mux.on_write_done();
    mux.fail_all(client_errc::connection_closed, "test over");
    EXPECT_EQ(o->calls, 1);
  }
}

TEST(multiplexer, deadlines_expire_queued_and_in_flight_requests) {
  multiplexer mux(settings(1));
  const auto t0 = clock::now();
  auto a = std::make_shared<outcome>(), b = std::make_shared<outcome>(), c = std::make_shared<outcome>();
  auto op = std::make_unique<probe<>>(a);
  op->deadline = t0 + 10ms;
  mux.enqueue(std::move(op));
  op = std::make_unique<probe<>>(b);
  op->deadline = t0 + 5ms;
  mux.enqueue(std::move(op));
  mux.enqueue(std::make_unique<probe<>>(c));  // no deadline
  ASSERT_EQ(mux.prepare_write(test::our_versions(), t0).size(), 1u);  // a in flight
  mux.on_write_done();
  EXPECT_EQ(mux.next_deadline(), t0 + 5ms);
  auto e = mux.expire(t0 + 6ms);
  EXPECT_EQ(e.queued, 1u);
  EXPECT_EQ(e.in_flight, 0u);
  EXPECT_EQ(b->ec, client_errc::timed_out);
  EXPECT_NE(b->detail.find("before it could be sent"), std::string::npos) << b->detail;
  e = mux.expire(t0 + 10ms);
  EXPECT_EQ(e.in_flight, 1u);
  EXPECT_EQ(a->ec, client_errc::timed_out);
  EXPECT_NE(e.first_in_flight.find("ApiVersions"), std::string::npos) << e.first_in_flight;
  EXPECT_EQ(c->calls, 0);
  EXPECT_FALSE(mux.next_deadline());
  EXPECT_EQ(mux.timeouts, 2u);
}

TEST(multiplexer, destructor_completes_what_is_left) {
  auto a = std::make_shared<outcome>(), b = std::make_shared<outcome>();
  {
    multiplexer mux(settings(1));
    mux.enqueue(std::make_unique<probe<>>(a));
    mux.enqueue(std::make_unique<probe<>>(b));
    ASSERT_EQ(mux.prepare_write(test::our_versions(), clock::now()).size(), 1u);
  }
  EXPECT_EQ(a->calls, 1);
  EXPECT_EQ(b->calls, 1);
  EXPECT_EQ(a->ec, client_errc::connection_closed);
  EXPECT_NE(a->detail.find("written, response not received"), std::string::npos) << a->detail;
  EXPECT_NE(b->detail.find("not sent"), std::string::npos) << b->detail;
}

// The trait: every declared pair, checked at compile time (response_of.hpp and all_messages
// both come from protocol/message_catalog.hpp; this checks the message headers agree).
template <class Pair>
constexpr bool pair_matches = std::is_same_v<protocol::response_of_t<typename Pair::request>, typename Pair::response>;
template <class... Pairs>
constexpr bool all_match(std::tuple<Pairs...>*) {
  return (pair_matches<Pairs> && ...);
}

}  // namespace
}  // namespace kwire

#include <kwire/protocol/messages.hpp>

namespace kwire {
namespace {
static_assert(all_match(static_cast<protocol::all_messages*>(nullptr)));
static_assert(std::tuple_size_v<protocol::all_messages> >= 70);
TEST(response_of, covers_all_messages) { SUCCEED() << "checked at compile time"; }
}  // namespace
}  // namespace kwire
