#pragma once
// An asynchronous, pipelined connection to one broker (issue #6).
//
//   auto conn = net::connection::create(ioc.get_executor(), {1, "localhost", "9092"}, cfg, nullptr);
//   conn->async_run([](std::error_code) {});                // connects lazily, reconnects, ...
//   conn->async_request(protocol::metadata_request{}, [](std::error_code ec, auto reply) {
//     // ec: transport/codec error (reply.detail says more); reply.body: the decoded response,
//     // whose own error codes are the caller's to read.
//   });
//   ...
//   conn->close();   // every pending request completes with client_errc::connection_closed
//
// Shape: one long-running run() (async_run) owns connect (DNS, every resolved address in turn,
// optional TLS), the handshake (net/handshake.hpp: ApiVersions, SASL) and then a reader and a
// writer; async_request only enqueues. The bookkeeping (queue -> written -> answered,
// correlation ids, frame splitting, write batches) is the sans-I/O detail::multiplexer.
//
// Behaviour:
// - Lazy: nothing connects until a request is queued; after connections_max_idle with nothing
//   pending the connection closes and the next request reconnects. Failed attempts back off
//   exponentially from reconnect_backoff to reconnect_backoff_max with +-20% jitter (as Java).
// - Up to max_in_flight requests are written and unanswered; responses must come back in order
//   (a correlation id out of order fails the connection and every pending request with it).
// - Each request has a deadline: request_options::timeout or config.request_timeout, counted
//   from async_request. A request still queued at its deadline completes with timed_out; one
//   already written does too, and then the connection is closed and re-established, because
//   the stream is out of step with our bookkeeping otherwise (the Java client does the same).
// - Connection loss, a failed connect and close() complete every pending request, queued or
//   written, with an error. None is forgotten; none is retried here (the cluster layer knows
//   whether a retry is safe).
// - A request with expect_response = false (Produce with acks=0) completes once written.
// - KIP-368: when the handshake reports a session lifetime, writing pauses at a random 85-95% of
//   it, the requests in flight drain, the SASL steps run again, and writing resumes.
//
// With use_awaitable under GCC 12, build the request in a named variable before co_await: GCC 12
// destroys a class prvalue argument inside a co_await expression wrongly (a compiler bug that
// hits any Asio initiation taking such an argument).
//
// Threads: the connection lives on `executor`; use a strand or a single-threaded io_context.
// async_request, close and stats may be called from any thread; broker_versions() only from
// the connection's executor.
//
// Changes against the net/ plan (briefs/net.md): none to the names; added address(),
// get_executor() and create_with_transport() taking a transport factory (tests inject failures).

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <kwire/net/config.hpp>
#include <kwire/net/detail/pending_request.hpp>
#include <kwire/net/stats.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/response_of.hpp>

namespace boost::asio::ssl {
class context;
}

namespace kwire::net {

struct broker_address {
  std::int32_t node_id = -1;  // -1 for a bootstrap server whose id is not known yet
  std::string host;           // DNS name, IPv4 or IPv6 literal (no brackets)
  std::string port;
};

template <class Resp>
struct reply {
  Resp body;
  std::int16_t version = -1;  // the version the request went out at (-1 if it never did)
  std::string detail;         // on error: what went wrong, naming the API and the broker
};

struct request_options {
  std::optional<std::int16_t> version;  // exact version; outside both ranges -> no_compatible_version
  bool expect_response = true;          // false: Produce with acks=0, completes once written
  std::optional<milliseconds> timeout;  // instead of connection_config::request_timeout
};

namespace detail {
class transport;  // net/detail/transport.hpp
using transport_factory = std::function<std::unique_ptr<transport>(const boost::asio::any_io_executor&)>;
class connection_impl;  // net/detail/connection_impl.hpp
}  // namespace detail

class connection {
 public:
  using executor_type = boost::asio::any_io_executor;

  // `tls` must be non-null when config->security uses TLS (net/tls.hpp make_tls_context).
  static std::shared_ptr<connection> create(executor_type executor, broker_address address,
                                            std::shared_ptr<const connection_config> config,
                                            std::shared_ptr<boost::asio::ssl::context> tls);
  // Tests: every connect attempt asks `factory` for the transport (failure injection).
  static std::shared_ptr<connection> create_with_transport(executor_type executor, broker_address address,
                                            std::shared_ptr<const connection_config> config,
                                            detail::transport_factory factory);
  ~connection();  // close()
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs until close(): completion void(std::error_code) with an empty code after close(), or
  // an error when run cannot start (already running, or TLS wanted without a context).
  template <class Token>
  auto async_run(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler) { start_run(run_handler(std::move(handler))); }, token);
  }

  // Completes every pending request (queued or written) with client_errc::connection_closed
  // and ends async_run. Idempotent; later requests complete with the same error.
  void close();

  // Queues `req`; completion void(std::error_code, reply<protocol::response_of_t<Req>>).
  template <protocol::message_type Req, class Token>
  auto async_request(Req req, Token&& token, request_options options = {}) {
    static_assert(Req::is_request, "async_request takes a request message");
    using Resp = protocol::response_of_t<Req>;
    return boost::asio::async_initiate<Token, void(std::error_code, reply<Resp>)>(
        [this, options](auto handler, Req&& r) {
          auto op = std::make_unique<typed_request<Req>>(std::move(r), std::move(handler), executor_);
          op->version_pin = options.version;
          op->expect_response = options.expect_response;
          enqueue(std::move(op), options.timeout);
        },
        token, std::move(req));
  }

  // The broker's ApiVersions answer from the last handshake; null before the first one.
  const protocol::api_versions_response* broker_versions() const;
  connection_stats stats() const;
  const broker_address& address() const { return address_; }
  executor_type get_executor() const { return executor_; }

 private:
  using run_handler = boost::asio::any_completion_handler<void(std::error_code)>;

  // A request of type Req with its type-erased completion handler.
  template <class Req>
  class typed_request final : public detail::pending_request {
   public:
    using response = protocol::response_of_t<Req>;
    using handler_type = boost::asio::any_completion_handler<void(std::error_code, reply<response>)>;

    typed_request(Req req, handler_type handler, executor_type fallback)
        : req_(std::move(req)), handler_(std::move(handler)), fallback_(std::move(fallback)) {}

    protocol::api_key api() const override { return Req::api; }
    protocol::codec_result encode(std::int16_t v, std::int32_t correlation_id,
                                  const std::optional<std::string>& client_id, protocol::bytes& out) override {
      return protocol::frame_request(req_, v, correlation_id, client_id, out);
    }
    void complete(std::error_code ec, std::string detail, protocol::byte_view frame) override {
      reply<response> r;
      r.version = version;
      if (!ec && expect_response) {
        protocol::response_header header;
        if (auto res = protocol::parse_response(frame, version, header, r.body); !res) {
          ec = res.ec;
          detail = std::string(protocol::info(Req::api).name) + " response: " + res.detail;
        }
      }
      r.detail = std::move(detail);
      // Never inline: the caller may be inside close() or async_request.
      auto ex = boost::asio::get_associated_executor(handler_, fallback_);
      boost::asio::post(fallback_, boost::asio::bind_executor(ex, [h = std::move(handler_), ec, r = std::move(r)]() mutable {
                          std::move(h)(ec, std::move(r));
                        }));
    }

   private:
    Req req_;
    handler_type handler_;
    executor_type fallback_;
  };

  connection(executor_type executor, broker_address address, std::shared_ptr<const connection_config> config,
             detail::transport_factory factory, bool tls_missing);
  void start_run(run_handler handler);
  void enqueue(std::unique_ptr<detail::pending_request> op, std::optional<milliseconds> timeout);

  executor_type executor_;
  broker_address address_;
  std::shared_ptr<detail::connection_impl> impl_;
};

}  // namespace kwire::net
