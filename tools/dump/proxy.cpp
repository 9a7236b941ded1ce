#include "tools/dump/proxy.hpp"

#include <boost/asio.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "tools/dump/core/gate.hpp"
#include "tools/dump/core/rewrite.hpp"
#include "tools/dump/decode.hpp"
#include "tools/dump/frames.hpp"
#include "tools/dump/session.hpp"

namespace kwire::dump {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool split(const std::string& text, std::string& host, std::string& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return true;
}

std::string show(const tcp::endpoint& e) {
  const auto a = e.address().to_string();
  return (e.address().is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(e.port());
}

// Decoding and printing run on a thread of their own, fed through a queue: the forwarding loop
// only copies bytes into it, so a slow decode (a big Fetch response, a terminal that scrolls)
// never delays the next frame on the wire.
class decoder_thread {
 public:
  explicit decoder_thread(reporter& report) : report_(report), thread_([this] { run(); }) {}
  ~decoder_thread() { stop(); }

  void open(std::uint64_t id, std::string name) { push({event::open, id, 0, {}, std::move(name)}); }
  void bytes(std::uint64_t id, bool from_client, protocol::byte_view b) {
    push({from_client ? event::client : event::server, id, now(), protocol::bytes(b.begin(), b.end()), {}});
  }
  void close(std::uint64_t id) { push({event::close, id, now(), {}, {}}); }
  // Drains the queue and ends the thread.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
  }

 private:
  struct event {
    enum kind { open, client, server, close } what;
    std::uint64_t id;
    double time;
    protocol::bytes data;
    std::string name;
  };

  void push(event e) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(e));
    }
    ready_.notify_one();
  }

  void run() {
    std::map<std::uint64_t, std::unique_ptr<session>> sessions;
    for (;;) {
      std::deque<event> batch;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) break;
        batch.swap(queue_);
      }
      for (auto& e : batch) {
        if (e.what == event::open) {
          sessions[e.id] = std::make_unique<session>(
              e.name, session_sink{[this](exchange&& x) { report_.on_exchange(x); },
                                   [this](garbage&& g) { report_.on_garbage(g); }});
          continue;
        }
        auto it = sessions.find(e.id);
        if (it == sessions.end()) continue;
        if (e.what == event::client) it->second->client_bytes(e.time, e.data);
        else if (e.what == event::server) it->second->server_bytes(e.time, e.data);
        else {
          it->second->finish(e.time);
          sessions.erase(it);
        }
      }
    }
    for (auto& [id, s] : sessions) s->finish(now());
  }

  reporter& report_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<event> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

// What the forwarding loop itself must know of the requests: which correlation ids await a
// response the proxy rewrites. Only request headers are read here.
class rewrite_tracker {
 public:
  void client_bytes(protocol::byte_view b) {
    std::vector<split_item> frames;
    splitter_.feed(b, [](protocol::byte_view, bool) { return verdict::accept; }, frames);
    for (const auto& f : frames) {
      request_frame rf;
      if (f.garbage || !read_request_frame(f.data, rf) || !carries_addresses(rf.key)) continue;
      pending_[rf.correlation_id] = {rf.key, rf.version};
    }
  }
  std::optional<std::pair<std::int16_t, std::int16_t>> take(std::int32_t cid, bool erase) {
    auto it = pending_.find(cid);
    if (it == pending_.end()) return std::nullopt;
    auto v = it->second;
    if (erase) pending_.erase(it);
    return v;
  }

 private:
  frame_splitter splitter_{8, true};
  std::map<std::int32_t, std::pair<std::int16_t, std::int16_t>> pending_;
};

class proxy;

// One client connection and its upstream twin.
class link : public std::enable_shared_from_this<link> {
 public:
  link(proxy& p, tcp::socket client, std::string up_host, std::string up_port)
      : proxy_(p), client_(std::move(client)), server_(client_.get_executor()), resolver_(client_.get_executor()),
        up_host_(std::move(up_host)), up_port_(std::move(up_port)) {}
  void start();
  void stop();

 private:
  void read_client();
  void read_server();
  void on_server_bytes(std::size_t n);

  proxy& proxy_;
  tcp::socket client_;
  tcp::socket server_;
  tcp::resolver resolver_;
  std::string up_host_, up_port_;
  std::uint64_t id_ = 0;
  std::string name_;
  rewrite_tracker tracker_;
  response_gate gate_;
  std::array<std::uint8_t, 65536> from_client_{};
  std::array<std::uint8_t, 65536> from_server_{};
  protocol::bytes to_client_;
  bool stopped_ = false;
};

class proxy {
 public:
  proxy(asio::io_context& io, decoder_thread& decoder, std::string advertise)
      : io_(io), decoder_(decoder), advertise_(std::move(advertise)) {}

  // Opens a listener on host:port forwarding to upstream; returns the port bound (0 on failure).
  std::uint16_t listen(const std::string& host, const std::string& port, const std::string& up_host,
                       const std::string& up_port) {
    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(host, port, ec);
    if (ec || results.empty()) {
      std::fprintf(stderr, "kwire-dump: cannot resolve listen address %s:%s: %s\n", host.c_str(), port.c_str(),
                   ec.message().c_str());
      return 0;
    }
    auto acceptor = std::make_shared<tcp::acceptor>(io_);
    const auto ep = results.begin()->endpoint();
    acceptor->open(ep.protocol(), ec);
    if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor->bind(ep, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::fprintf(stderr, "kwire-dump: cannot listen on %s:%s: %s\n", host.c_str(), port.c_str(), ec.message().c_str());
      return 0;
    }
    const auto bound = acceptor->local_endpoint().port();
    listen_host_ = host;
    upstream_to_port_[up_host + ":" + up_port] = bound;
    std::fprintf(stderr, "kwire-dump: listening on %s for broker %s:%s\n", show(acceptor->local_endpoint()).c_str(),
                 up_host.c_str(), up_port.c_str());
    accept(acceptor, up_host, up_port);
    return bound;
  }

  // The address map for rewriting: a listener per broker, opened on first sight.
  bool map(const std::string& host, std::int32_t port, std::string& new_host, std::int32_t& new_port) {
    const auto key = host + ":" + std::to_string(port);
    auto it = upstream_to_port_.find(key);
    if (it == upstream_to_port_.end()) {
      const auto bound = listen(listen_host_, "0", host, std::to_string(port));
      if (bound == 0) return false;
      it = upstream_to_port_.find(key);
    }
    new_host = advertise_;
    new_port = it->second;
    return true;
  }

  decoder_thread& decoder() { return decoder_; }
  std::uint64_t next_id() { return ++ids_; }
  std::set<std::shared_ptr<link>>& links() { return links_; }

 private:
  void accept(std::shared_ptr<tcp::acceptor> acceptor, std::string up_host, std::string up_port) {
    acceptor->async_accept([this, acceptor, up_host, up_port](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      s.set_option(tcp::no_delay(true), ec);
      auto l = std::make_shared<link>(*this, std::move(s), up_host, up_port);
      links_.insert(l);
      l->start();
      accept(acceptor, up_host, up_port);
    });
  }

  asio::io_context& io_;
  decoder_thread& decoder_;
  std::uint64_t ids_ = 0;
  std::string advertise_;
  std::string listen_host_;
  std::map<std::string, std::uint16_t> upstream_to_port_;
  std::set<std::shared_ptr<link>> links_;
};

void link::start() {
  auto self = shared_from_this();
  resolver_.async_resolve(up_host_, up_port_, [self](boost::system::error_code ec, tcp::resolver::results_type r) {
    if (ec) {
      std::fprintf(stderr, "kwire-dump: cannot resolve broker %s:%s: %s\n", self->up_host_.c_str(),
                   self->up_port_.c_str(), ec.message().c_str());
      return self->stop();
    }
    asio::async_connect(self->server_, r, [self](boost::system::error_code ec, const tcp::endpoint&) {
      if (ec) {
        std::fprintf(stderr, "kwire-dump: cannot connect to broker %s:%s: %s\n", self->up_host_.c_str(),
                     self->up_port_.c_str(), ec.message().c_str());
        return self->stop();
      }
      self->server_.set_option(tcp::no_delay(true), ec);
      // Named by the upstream connection, as a capture on the broker's port would name it.
      const auto name = show(self->server_.local_endpoint(ec)) + ">" + show(self->server_.remote_endpoint(ec));
      std::fprintf(stderr, "kwire-dump: client %s is %s\n", show(self->client_.remote_endpoint(ec)).c_str(),
                   name.c_str());
      self->id_ = self->proxy_.next_id();
      self->name_ = name;
      self->proxy_.decoder().open(self->id_, name);
      self->read_client();
      self->read_server();
    });
  });
}

void link::stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ec;
  client_.close(ec);
  server_.close(ec);
  if (id_) proxy_.decoder().close(id_);
  proxy_.links().erase(shared_from_this());
}

void link::read_client() {
  auto self = shared_from_this();
  client_.async_read_some(asio::buffer(from_client_), [self](boost::system::error_code ec, std::size_t n) {
    if (ec) {
      // The client is done (closed or reset): pass a half-close on and keep reading the broker
      // until it closes, so that answers already under way are still seen, as a capture on the
      // wire would see them. Forwarding them may fail; decoding does not depend on it.
      self->server_.shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    // Forward first, decode while the bytes travel.
    asio::async_write(self->server_, asio::buffer(self->from_client_.data(), n),
                      [self](boost::system::error_code ec, std::size_t) {
                        if (ec) return self->stop();
                        self->read_client();
                      });
    const protocol::byte_view in(self->from_client_.data(), n);
    self->tracker_.client_bytes(in);
    self->proxy_.decoder().bytes(self->id_, true, in);
  });
}

void link::read_server() {
  auto self = shared_from_this();
  server_.async_read_some(asio::buffer(from_server_), [self](boost::system::error_code ec, std::size_t n) {
    if (ec) return self->stop();
    self->on_server_bytes(n);
  });
}

void link::on_server_bytes(std::size_t n) {
  const protocol::byte_view in(from_server_.data(), n);
  std::vector<response_gate::piece> pieces;
  gate_.feed(
      in,
      [this](std::int32_t cid) {
        return tracker_.take(cid, false).has_value();
      },
      pieces);
  to_client_.clear();
  for (auto& piece : pieces) {
    if (!piece.held) {
      to_client_.insert(to_client_.end(), piece.data.begin(), piece.data.end());
      continue;
    }
    const protocol::byte_view frame = protocol::byte_view(piece.data).subspan(4);
    const std::int32_t cid = static_cast<std::int32_t>(static_cast<std::uint32_t>(frame[0]) << 24 | frame[1] << 16 |
                                                       frame[2] << 8 | frame[3]);
    const auto p = tracker_.take(cid, true);
    if (!p) {
      to_client_.insert(to_client_.end(), piece.data.begin(), piece.data.end());
      continue;
    }
    protocol::bytes rewritten;
    bool changed = false;
    auto r = rewrite_addresses(p->first, p->second, frame,
                               [this](const std::string& h, std::int32_t port, std::string& nh, std::int32_t& np) {
                                 return proxy_.map(h, port, nh, np);
                               },
                               rewritten, changed);
    if (!r)
      std::fprintf(stderr, "kwire-dump: %s: response %d forwarded unchanged, its addresses could not be rewritten: %s\n",
                   name_.c_str(), cid, r.detail.c_str());
    const auto& out = r && changed ? rewritten : piece.data;
    to_client_.insert(to_client_.end(), out.begin(), out.end());
  }
  auto self = shared_from_this();
  auto after_write = [self](boost::system::error_code, std::size_t) {
    // A client that is gone does not stop the reading: the broker's side is drained to its end.
    self->read_server();
  };
  if (to_client_.empty()) {
    read_server();
  } else {
    asio::async_write(client_, asio::buffer(to_client_), after_write);
  }
  // The decoder reads the broker's own bytes: what is printed is what the broker said.
  proxy_.decoder().bytes(id_, false, in);
}

}  // namespace

int run_proxy(const proxy_options& options, reporter& report) {
  std::string host, port, up_host, up_port;
  if (!split(options.listen, host, port)) {
    std::fprintf(stderr, "kwire-dump: --listen %s is not HOST:PORT\n", options.listen.c_str());
    return 2;
  }
  if (!split(options.upstream, up_host, up_port)) {
    std::fprintf(stderr, "kwire-dump: --upstream %s is not HOST:PORT\n", options.upstream.c_str());
    return 2;
  }
  auto advertise = options.advertise;
  if (advertise.empty()) advertise = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : host;
  asio::io_context io;
  decoder_thread decoder(report);
  proxy p(io, decoder, advertise);
  if (p.listen(host, port, up_host, up_port) == 0) return 1;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    // Connections still open end here; their unanswered requests are reported.
    auto links = p.links();
    for (auto& l : links) l->stop();
    io.stop();
  });
  io.run();
  decoder.stop();
  return 0;
}

}  // namespace kwire::dump
