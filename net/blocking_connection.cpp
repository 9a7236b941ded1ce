#include <kwire/net/blocking_connection.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <sstream>

#include <sys/socket.h>
#include <sys/time.h>

#include <kwire/protocol/broker_errc.hpp>

namespace kwire::net {
namespace {

// Bigger answers than this are refused before allocation: no sane broker sends one to us here.
constexpr std::uint32_t max_response_size = 256u << 20;

std::string software_version() { return "0.1.0"; }

}  // namespace

bool split_host_port(const std::string& text, std::string& host, std::string& port) {
  std::size_t colon;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
  }
  port = text.substr(colon + 1);
  return !port.empty() && port.find_first_not_of("0123456789") == std::string::npos;
}

blocking_connection::blocking_connection() : socket_(io_) {}
blocking_connection::~blocking_connection() = default;

codec_result blocking_connection::connect(const std::string& bootstrap, const std::string& client_id) {
  client_id_ = client_id;
  std::string failures;
  std::stringstream list(bootstrap);
  std::string entry;
  bool connected = false;
  while (!connected && std::getline(list, entry, ',')) {
    std::string host, port;
    if (!split_host_port(entry, host, port))
      return {client_errc::invalid_config, "bootstrap server '" + entry + "' is not host:port"};
    boost::system::error_code ec;
    boost::asio::ip::tcp::resolver resolver(io_);
    const auto endpoints = resolver.resolve(host, port, ec);
    if (!ec) boost::asio::connect(socket_, endpoints, ec);
    if (ec) {
      failures += (failures.empty() ? "" : "; ") + entry + ": " + ec.message();
      socket_ = boost::asio::ip::tcp::socket(io_);
      continue;
    }
    peer_ = entry;
    connected = true;
    // A blocking read must not hang forever on a broker that never answers.
    timeval tv{30, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  if (!connected)
    return {client_errc::connection_closed,
            "could not connect to any bootstrap server (" + (failures.empty() ? "empty list" : failures) + ")"};

  // Ask with our highest ApiVersions; a broker that does not know it answers v0 with
  // UNSUPPORTED_VERSION and its own range, and we retry at its highest.
  protocol::api_versions_request hello{"kwire", software_version(), {}};
  const auto ours = protocol::info(protocol::api_key::api_versions).supported;
  auto r = request(hello, ours.hi, versions_);
  if (!r) return r;
  if (versions_.error_code == static_cast<std::int16_t>(broker_errc::unsupported_version)) {
    const auto* theirs = protocol::broker_range(versions_, protocol::api_key::api_versions);
    if (!theirs) return {broker_errc::unsupported_version, "broker refused ApiVersions and listed no range"};
    const auto v = std::min(theirs->max_version, ours.hi);
    versions_ = {};
    if (auto again = request(hello, v, versions_); !again) return again;
  }
  if (versions_.error_code != 0)
    return {static_cast<broker_errc>(versions_.error_code), "ApiVersions refused by " + peer_};
  return {};
}

codec_result blocking_connection::round_trip(const protocol::bytes& frame, std::int32_t correlation_id,
                                             protocol::bytes& answer) {
  boost::system::error_code ec;
  boost::asio::write(socket_, boost::asio::buffer(frame), ec);
  if (ec) return {client_errc::connection_closed, "writing to " + peer_ + ": " + ec.message()};
  std::uint8_t size_bytes[4];
  boost::asio::read(socket_, boost::asio::buffer(size_bytes), ec);
  if (ec) return {client_errc::connection_closed, "reading from " + peer_ + ": " + ec.message()};
  protocol::reader size_reader(size_bytes);
  const auto size = size_reader.u32();
  if (size < 4 || size > max_response_size)
    return {client_errc::invalid_value, "response size " + std::to_string(size) + " from " + peer_ +
                                            " is outside 4.." + std::to_string(max_response_size)};
  answer.resize(size);
  boost::asio::read(socket_, boost::asio::buffer(answer), ec);
  if (ec) return {client_errc::connection_closed, "reading from " + peer_ + ": " + ec.message()};
  protocol::reader id_reader(answer);
  const auto got = id_reader.i32();
  if (got != correlation_id)
    return {client_errc::correlation_id_mismatch,
            "expected correlation id " + std::to_string(correlation_id) + ", got " + std::to_string(got)};
  return {};
}

}  // namespace kwire::net
