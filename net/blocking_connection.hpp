#pragma once
// A minimal synchronous connection to one broker: connect, ApiVersions handshake, and one
// request at a time. It serves tools/run and the first broker tests until the asynchronous,
// pipelined net/ layer replaces it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <optional>
#include <string>

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/versions.hpp>

namespace kwire::net {

using protocol::codec_result;

class blocking_connection {
 public:
  blocking_connection();
  ~blocking_connection();

  // Tries each "host:port" of a comma-separated list in turn; then exchanges ApiVersions.
  codec_result connect(const std::string& bootstrap, const std::string& client_id = "kwire");

  // The broker's answer to the handshake.
  const protocol::api_versions_response& broker_versions() const { return versions_; }
  const std::string& peer() const { return peer_; }

  // Sends `request` at `version` and decodes the whole answer into `response`.
  template <protocol::message_type Req, protocol::message_type Resp>
  codec_result request(const Req& request, std::int16_t version, Resp& response) {
    static_assert(Req::api == Resp::api, "request and response of different APIs");
    protocol::bytes frame;
    const auto correlation_id = next_correlation_id_++;
    if (auto r = protocol::frame_request(request, version, correlation_id, client_id_, frame); !r) return r;
    protocol::bytes answer;
    if (auto r = round_trip(frame, correlation_id, answer); !r) return r;
    protocol::response_header header;
    return protocol::parse_response(answer, version, header, response);
  }

  // Same, at the highest version both sides support.
  template <protocol::message_type Req, protocol::message_type Resp>
  codec_result request(const Req& req, Resp& response) {
    const auto choice = protocol::choose_version(Req::api, versions_);
    if (!choice.status) return choice.status;
    return request(req, choice.version, response);
  }

 private:
  codec_result round_trip(const protocol::bytes& frame, std::int32_t correlation_id,
                          protocol::bytes& answer);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string client_id_;
  std::string peer_;
  std::int32_t next_correlation_id_ = 1;
  protocol::api_versions_response versions_;
};

// Splits "host:port" (IPv6 as "[::1]:9092"); false if malformed.
bool split_host_port(const std::string& text, std::string& host, std::string& port);

}  // namespace kwire::net
