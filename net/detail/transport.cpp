#include <kwire/net/detail/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include <kwire/net/tls.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net::detail {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string endpoint_text(const tcp::endpoint& ep) {
  const auto addr = ep.address().to_string();
  return (ep.address().is_v6() ? "[" + addr + "]" : addr) + ":" + std::to_string(ep.port());
}

std::string address_text(const broker_address& a) {
  return (a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host) + ":" + a.port;
}

// One transport for both: `tls_` engaged means TLS over socket_.
class socket_transport final : public transport {
 public:
  socket_transport(const asio::any_io_executor& ex, const connection_config& cfg,
                   std::shared_ptr<asio::ssl::context> ctx)
      : resolver_(ex), verify_hostname_(cfg.tls.verify_hostname), ctx_(std::move(ctx)) {
    if (ctx_)
      tls_.emplace(tcp::socket(ex), *ctx_);
    else
      plain_.emplace(ex);
  }

  asio::awaitable<protocol::codec_result> connect(const broker_address& address) override {
    const auto where = address_text(address);
    auto [rec, endpoints] = co_await resolver_.async_resolve(address.host, address.port, use_tuple);
    if (closed_) co_return closed_result(where);
    if (rec)
      co_return protocol::codec_result{client_errc::connection_closed,
                                       "cannot resolve " + where + ": " + rec.message()};
    std::string failures;
    bool connected = false;
    for (const auto& entry : endpoints) {
      boost::system::error_code ignored;
      socket().close(ignored);
      auto [cec] = co_await socket().async_connect(entry.endpoint(), use_tuple);
      if (closed_) co_return closed_result(where);
      if (!cec) {
        connected = true;
        break;
      }
      failures += (failures.empty() ? "" : "; ") + endpoint_text(entry.endpoint()) + ": " + cec.message();
    }
    if (!connected)
      co_return protocol::codec_result{client_errc::connection_closed,
                                       "cannot connect to " + where + " (" +
                                           (failures.empty() ? "no address resolved" : failures) + ")"};
    boost::system::error_code ignored;
    socket().set_option(tcp::no_delay(true), ignored);  // Kafka requests are latency-bound
    if (!tls_) co_return protocol::codec_result{};

    std::error_code ec;
    std::string detail;
    if (!prepare_tls_peer(*tls_, address.host, verify_hostname_, ec, detail))
      co_return protocol::codec_result{ec, detail};
    auto [hec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (closed_) co_return closed_result(where);
    if (hec) {
      // A certificate that does not verify (ours or the broker's) is the settings' fault, and no
      // retry changes it: invalid_config rather than a closed connection.
      auto why = tls_failure_detail(*tls_, hec);
      const bool refused = why != hec.message();
      co_return protocol::codec_result{refused ? client_errc::invalid_config : client_errc::connection_closed,
                                       "TLS handshake with " + where + " failed: " + std::move(why)};
    }
    co_return protocol::codec_result{};
  }

  asio::awaitable<io_result> read_some(asio::mutable_buffer buffer) override {
    if (closed_) co_return aborted();
    auto [ec, n] = tls_ ? co_await tls_->async_read_some(buffer, use_tuple)
                        : co_await plain_->async_read_some(buffer, use_tuple);
    // A TLS peer that closes without close_notify reports stream_truncated: also an end.
    const bool eof = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
    // TLS 1.3 brokers refuse a client certificate after the handshake: the first read says so.
    // io_result::detail is set only then (tls_failure_detail added a certificate's reason).
    std::string detail;
    if (tls_ && ec && !eof && ec.category() == asio::error::get_ssl_category()) {
      detail = tls_failure_detail(*tls_, ec);
      if (detail == ec.message()) detail.clear();
    }
    co_return io_result{ec, n, eof, std::move(detail)};
  }

  asio::awaitable<io_result> write_some(std::span<const asio::const_buffer> buffers) override {
    if (closed_) co_return aborted();
    // Sockets gather up to 64 buffers per call (Asio's limit); ssl::stream writes one at a time.
    auto [ec, n] = tls_ ? co_await tls_->async_write_some(buffers, use_tuple)
                        : co_await plain_->async_write_some(buffers, use_tuple);
    co_return io_result{ec, n};
  }

  void close() override {
    closed_ = true;
    resolver_.cancel();
    boost::system::error_code ignored;
    // No TLS close_notify: Kafka clients simply close, and a dead peer would make us wait.
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

 private:
  static io_result aborted() { return {boost::system::error_code(asio::error::operation_aborted), 0}; }
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  static protocol::codec_result closed_result(const std::string& where) {
    return {client_errc::connection_closed, "connecting to " + where + " was cancelled"};
  }

  tcp::resolver resolver_;
  bool verify_hostname_;
  std::shared_ptr<asio::ssl::context> ctx_;
  std::optional<tcp::socket> plain_;
  std::optional<asio::ssl::stream<tcp::socket>> tls_;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<transport> make_socket_transport(const asio::any_io_executor& executor,
                                                 const connection_config& config,
                                                 std::shared_ptr<asio::ssl::context> tls) {
  return std::make_unique<socket_transport>(executor, config, uses_tls(config.security) ? std::move(tls) : nullptr);
}

}  // namespace kwire::net::detail
