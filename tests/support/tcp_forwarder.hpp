#pragma once
// A TCP forwarder on 127.0.0.1 that stands for a load balancer or a DNS name in front of a
// cluster: each connection it accepts is joined to a new connection to the current target, and
// bytes are moved both ways unchanged (the broker behind it is real). retarget() points new
// connections elsewhere (connections already joined stay as they are); when the target refuses,
// the accepted connection is closed, as a load balancer without a live backend does.
//
//   kwire::test::tcp_forwarder lb("127.0.0.1:9092");
//   props["bootstrap.servers"] = lb.address();
//   lb.retarget("127.0.0.1:40123");

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace kwire::test {

class tcp_forwarder {
 public:
  using tcp = boost::asio::ip::tcp;

  // target: "127.0.0.1:PORT" (an IPv4 address and a port).
  explicit tcp_forwarder(const std::string& target)
      : acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    retarget(target);
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~tcp_forwarder() {
    io_.stop();
    thread_.join();
  }
  tcp_forwarder(const tcp_forwarder&) = delete;
  tcp_forwarder& operator=(const tcp_forwarder&) = delete;

  // "127.0.0.1:PORT" that clients connect to.
  std::string address() const { return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

  void retarget(const std::string& target) {
    const auto colon = target.rfind(':');
    tcp::endpoint ep(boost::asio::ip::make_address(target.substr(0, colon)),
                     static_cast<unsigned short>(std::stoi(target.substr(colon + 1))));
    std::lock_guard lock(mutex_);
    target_ = ep;
  }

  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t refused() const { return refused_.load(); }  // the target did not take the connection

 private:
  struct pair : std::enable_shared_from_this<pair> {
    explicit pair(tcp::socket in) : client(std::move(in)), upstream(client.get_executor()) {}
    tcp::socket client, upstream;
    std::array<char, 65536> up_buf, down_buf;

    void pump(tcp::socket& from, tcp::socket& to, std::array<char, 65536>& buf) {
      from.async_read_some(boost::asio::buffer(buf), [self = shared_from_this(), &from, &to, &buf](
                                                         boost::system::error_code ec, std::size_t n) {
        if (ec) return self->close();
        boost::asio::async_write(to, boost::asio::buffer(buf.data(), n),
                                 [self, &from, &to, &buf](boost::system::error_code ec, std::size_t) {
                                   if (ec) return self->close();
                                   self->pump(from, to, buf);
                                 });
      });
    }
    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      upstream.close(ignored);
    }
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      ++accepted_;
      auto p = std::make_shared<pair>(std::move(s));
      tcp::endpoint target;
      {
        std::lock_guard lock(mutex_);
        target = target_;
      }
      p->upstream.async_connect(target, [this, p](boost::system::error_code ec) {
        if (ec) {
          ++refused_;
          return p->close();
        }
        p->pump(p->client, p->upstream, p->up_buf);
        p->pump(p->upstream, p->client, p->down_buf);
      });
      accept();
    });
  }

  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  mutable std::mutex mutex_;
  tcp::endpoint target_;
  std::atomic<std::uint64_t> accepted_{0}, refused_{0};
};

}  // namespace kwire::test
