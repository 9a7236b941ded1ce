#pragma once
// The byte stream under a connection, behind a small virtual interface so that the connection's
// run loop is written once for TCP, TLS over TCP, and the tests' scripted and failure-injecting
// streams (tests/net/test_transport.hpp). Operations are C++20 coroutines (asio::awaitable).
// The connection keeps at most one read and one write outstanding at a time, as Asio's sockets
// and ssl::stream allow.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <system_error>

#include <kwire/net/config.hpp>
#include <kwire/net/connection.hpp>
#include <kwire/protocol/codec.hpp>

namespace kwire::net::detail {

struct io_result {
  std::error_code ec;
  std::size_t bytes = 0;
  bool eof = false;  // the peer closed the connection (ec is set too)
  std::string detail;  // more than ec.message() says (a TLS alert's meaning), or empty
};

class transport {
 public:
  virtual ~transport() = default;
  // Resolves the address, tries every resolved endpoint (IPv4 and IPv6) in turn, then runs the
  // TLS handshake when configured. The error detail lists every endpoint tried and why it failed.
  virtual boost::asio::awaitable<protocol::codec_result> connect(const broker_address& address) = 0;
  // At least one byte unless ec is set.
  virtual boost::asio::awaitable<io_result> read_some(boost::asio::mutable_buffer buffer) = 0;
  // Writes a prefix of the buffers (at least one byte unless ec is set).
  virtual boost::asio::awaitable<io_result> write_some(std::span<const boost::asio::const_buffer> buffers) = 0;
  // Cancels whatever is outstanding (it completes with an error) and fails later operations.
  virtual void close() = 0;
};

// TCP, or TLS over TCP when config.security uses TLS (`tls` then non-null).
std::unique_ptr<transport> make_socket_transport(const boost::asio::any_io_executor& executor,
                                                 const connection_config& config,
                                                 std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace kwire::net::detail
