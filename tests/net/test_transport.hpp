#pragma once
// Streams for driving net::connection without sockets (the connection's transport interface):
// - scripted_transport: a scripted peer. Every request frame the connection writes is parsed
//   and `respond` decides the answer bytes (or none); reads and writes can be cut into chunks
//   of any size to exercise partial I/O. It is a test script, not a broker: what a broker says
//   is tested against the real one (connection_broker_test.cc).
// - failing_transport: wraps any transport (scripted or real TCP) and fails the n-th I/O
//   operation counted across every transport of one plan (Beast's fail_count).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <optional>

#include <kwire/net/detail/transport.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::test {

namespace asio = boost::asio;

// What the scripted peer knows of one request frame.
struct seen_request {
  protocol::api_key key{};
  std::int16_t version = 0;
  std::int32_t correlation_id = 0;
};

// A response frame answering `req` with `body`; with its 4-byte size prefix unless `sized` is false.
template <class Resp>
protocol::bytes response_frame(const Resp& body, const seen_request& req, bool sized = true) {
  protocol::bytes out;
  protocol::writer w(out);
  if (sized) w.u32(0);
  protocol::write_response_header(w, {req.correlation_id, {}}, protocol::response_header_version(Resp::api, req.version));
  if (auto r = protocol::encode(body, req.version, out); !r) ADD_FAILURE() << r.detail;
  if (sized) w.patch_u32(0, static_cast<std::uint32_t>(out.size() - 4));
  return out;
}

// An ApiVersions answer offering exactly kwire's own range of each key.
inline protocol::api_versions_response our_versions() {
  protocol::api_versions_response v;
  for (const auto& api : protocol::all_apis())
    if (!api.supported.empty())
      v.api_keys.push_back({static_cast<std::int16_t>(api.key), api.supported.lo, api.supported.hi, {}});
  return v;
}

class scripted_transport final : public net::detail::transport {
 public:
  // The exact bytes to send back (size prefix included), or nullopt for no answer.
  using responder = std::function<std::optional<protocol::bytes>(const seen_request&)>;
  struct options {
    std::size_t write_chunk = std::numeric_limits<std::size_t>::max();  // bytes taken per write_some
    std::size_t read_chunk = std::numeric_limits<std::size_t>::max();   // bytes given per read_some
  };

  scripted_transport(const asio::any_io_executor& ex, responder respond, options opts)
      : respond_(std::move(respond)), opts_(opts), wake_(ex) {}

  asio::awaitable<protocol::codec_result> connect(const net::broker_address&) override {
    if (closed_) co_return protocol::codec_result{client_errc::connection_closed, "scripted: closed"};
    co_return protocol::codec_result{};
  }

  asio::awaitable<net::detail::io_result> read_some(asio::mutable_buffer buffer) override {
    while (!closed_ && outbox_.empty()) {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (closed_) co_return aborted();
    const auto n = std::min({buffer.size(), outbox_.size(), opts_.read_chunk});
    std::memcpy(buffer.data(), outbox_.data(), n);
    outbox_.erase(outbox_.begin(), outbox_.begin() + static_cast<std::ptrdiff_t>(n));
    co_return net::detail::io_result{{}, n};
  }

  asio::awaitable<net::detail::io_result> write_some(std::span<const asio::const_buffer> buffers) override {
    if (closed_) co_return aborted();
    std::size_t taken = 0;
    for (const auto& b : buffers) {
      const auto n = std::min(b.size(), opts_.write_chunk - taken);
      const auto* p = static_cast<const std::uint8_t*>(b.data());
      inbox_.insert(inbox_.end(), p, p + n);
      taken += n;
      if (taken == opts_.write_chunk) break;
    }
    parse_requests();
    co_return net::detail::io_result{{}, taken};
  }

  void close() override {
    closed_ = true;
    wake_.cancel();
  }

 private:
  static net::detail::io_result aborted() {
    return {boost::system::error_code(asio::error::operation_aborted), 0};
  }

  static std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  }

  void parse_requests() {
    while (inbox_.size() >= 4) {
      const auto size = be32(inbox_.data());
      if (inbox_.size() < 4 + size) return;
      const auto* h = inbox_.data() + 4;
      seen_request req;
      req.key = static_cast<protocol::api_key>((h[0] << 8) | h[1]);
      req.version = static_cast<std::int16_t>((h[2] << 8) | h[3]);
      req.correlation_id = static_cast<std::int32_t>(be32(h + 4));
      inbox_.erase(inbox_.begin(), inbox_.begin() + 4 + size);
      if (auto answer = respond_(req)) {
        outbox_.insert(outbox_.end(), answer->begin(), answer->end());
        wake_.cancel();
      }
    }
  }

  responder respond_;
  options opts_;
  asio::steady_timer wake_;
  protocol::bytes inbox_;
  protocol::bytes outbox_;
  bool closed_ = false;
};

// Shared by every transport a connection makes during one run, so "the n-th I/O" counts across
// reconnects.
struct fail_plan {
  int fail_at = 0;  // 1-based; 0 = never
  int count = 0;    // operations seen so far (connect, read_some, write_some)
  bool fired = false;
  bool hit() {
    ++count;
    if (count != fail_at) return false;
    fired = true;
    return true;
  }
};

class failing_transport final : public net::detail::transport {
 public:
  failing_transport(std::unique_ptr<net::detail::transport> inner, std::shared_ptr<fail_plan> plan)
      : inner_(std::move(inner)), plan_(std::move(plan)) {}

  asio::awaitable<protocol::codec_result> connect(const net::broker_address& a) override {
    if (plan_->hit()) co_return protocol::codec_result{client_errc::connection_closed, "injected connect failure"};
    co_return co_await inner_->connect(a);
  }
  asio::awaitable<net::detail::io_result> read_some(asio::mutable_buffer b) override {
    if (plan_->hit()) co_return injected();
    co_return co_await inner_->read_some(b);
  }
  asio::awaitable<net::detail::io_result> write_some(std::span<const asio::const_buffer> b) override {
    if (plan_->hit()) co_return injected();
    co_return co_await inner_->write_some(b);
  }
  void close() override { inner_->close(); }

 private:
  static net::detail::io_result injected() {
    return {boost::system::error_code(asio::error::connection_reset), 0};
  }
  std::unique_ptr<net::detail::transport> inner_;
  std::shared_ptr<fail_plan> plan_;
};

}  // namespace kwire::test
