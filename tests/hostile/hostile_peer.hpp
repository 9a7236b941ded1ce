#pragma once
// A scripted TCP peer for the hostile-peer suite (issue #19): it listens on 127.0.0.1 at an
// ephemeral port, accepts kwire's connections (each on a thread of its own), reads every request
// frame and lets the test's script answer with whatever bytes it likes: malformed frames, wrong
// correlation ids, corrupt record batches, nothing at all, one byte a second. It stands for a
// broken or malicious broker: it tests kwire against bad input, never a broker's behaviour
// (that is tested against the real broker).
//
//   test::hostile_peer peer([](test::peer_connection& c, const test::peer_request& r) {
//     if (c.answer_metadata_and_versions(r)) return;   // healthy bootstrap answers
//     c.send(test::be32(0x7fffffff));                   // then a frame length of 2^31-1
//   });
//   ... bootstrap.servers = peer.bootstrap() ...

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/list_offsets.hpp>
#include <kwire/protocol/messages/metadata.hpp>
#include "tests/net/test_transport.hpp"

namespace kwire::test {

// Four bytes, big endian: a frame length or a correlation id.
inline protocol::bytes be32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v)};
}

// One request frame as the peer read it.
struct peer_request : seen_request {
  protocol::bytes frame;  // without its size prefix: header, then body

  // The body decoded as `Req` (the header skipped by its version). Fails the test if it does not
  // decode: kwire's own requests always should.
  template <class Req>
  Req decode() const {
    protocol::reader r(frame);
    protocol::request_header h;
    protocol::read_request_header(r, h, protocol::request_header_version(Req::api, version));
    Req out;
    if (!r.ok()) {
      ADD_FAILURE() << "request header: " << r.detail();
      return out;
    }
    if (auto d = protocol::decode(protocol::byte_view(frame).subspan(r.offset()), version, out); !d)
      ADD_FAILURE() << d.detail;
    return out;
  }
};

// The topic every scripted Metadata answer holds: one partition, led by node 1 (the peer).
inline const std::string hostile_topic = "hostile";
inline protocol::uuid hostile_topic_id() {
  protocol::uuid id;
  for (std::size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<std::uint8_t>(i + 1);
  return id;
}

class peer_connection {
 public:
  peer_connection(int fd, int port) : fd_(fd), port_(port) {}

  // Sends every byte (false once kwire has closed its end).
  bool send(const protocol::bytes& b) {
    std::size_t at = 0;
    while (at < b.size()) {
      const auto n = ::send(fd_, b.data() + at, b.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return false;
      at += static_cast<std::size_t>(n);
    }
    return true;
  }
  // One byte every `pause`, until sent, kwire closes, or the peer stops.
  bool send_slowly(const protocol::bytes& b, std::chrono::milliseconds pause, const std::atomic<bool>& stop) {
    for (auto byte : b) {
      if (stop || !send({byte})) return false;
      std::this_thread::sleep_for(pause);
    }
    return true;
  }
  void close() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
    closed_ = true;
  }
  bool closed() const { return closed_; }
  int port() const { return port_; }

  // Once set, the peer reads but answers nothing more on this connection (a broker gone silent:
  // answering a later request would break the order of answers instead).
  bool silent = false;

  // Whatever a script keeps for this connection (a proxy's socket to the real broker); it lives
  // as long as the connection.
  std::shared_ptr<void> state;

  // A well-formed answer to `r` (its correlation id and version).
  template <class Resp>
  bool answer(const Resp& body, const peer_request& r) {
    return send(response_frame(body, r));
  }

  // The healthy part of a broker's conversation: ApiVersions with kwire's own ranges, Metadata
  // naming the peer as node 1 and leader of hostile_topic's one partition. True when `r` was one
  // of those (and answered).
  bool answer_metadata_and_versions(const peer_request& r) {
    if (r.key == protocol::api_key::api_versions) return answer(our_versions(), r), true;
    if (r.key != protocol::api_key::metadata) return false;
    protocol::metadata_response m;
    m.cluster_id = "hostile";
    m.controller_id = 1;
    m.brokers.push_back({1, "127.0.0.1", port_, std::nullopt, {}});
    protocol::metadata_response::topic t;
    t.name = hostile_topic;
    t.topic_id = hostile_topic_id();
    protocol::metadata_response::partition p;
    p.partition_index = 0;
    p.leader_id = 1;
    p.leader_epoch = 0;
    p.replica_nodes = {1};
    p.isr_nodes = {1};
    t.partitions.push_back(p);
    m.topics.push_back(t);
    return answer(m, r), true;
  }

  // What a client's start asks beside ApiVersions and Metadata, answered as a healthy broker
  // would: ListOffsets (earliest 0, latest `end_offset`) and InitProducerId (producer id 1000).
  // True when `r` was one of those four (and answered).
  bool answer_client_basics(const peer_request& r, std::int64_t end_offset = 3) {
    if (answer_metadata_and_versions(r)) return true;
    if (r.key == protocol::api_key::init_producer_id) {
      protocol::init_producer_id_response p;
      p.producer_id = 1000;
      return answer(p, r), true;
    }
    if (r.key != protocol::api_key::list_offsets) return false;
    const auto req = r.decode<protocol::list_offsets_request>();
    protocol::list_offsets_response l;
    for (const auto& t : req.topics) {
      protocol::list_offsets_response::list_offsets_topic_response rt;
      rt.name = t.name;
      for (const auto& p : t.partitions) {
        protocol::list_offsets_response::list_offsets_partition_response rp;
        rp.partition_index = p.partition_index;
        rp.offset = p.timestamp == -2 ? 0 : end_offset;  // -2: earliest; else latest (or a time)
        rp.leader_epoch = 0;
        rt.partitions.push_back(rp);
      }
      l.topics.push_back(std::move(rt));
    }
    return answer(l, r), true;
  }

 private:
  int fd_;
  int port_;
  bool closed_ = false;
};

class hostile_peer {
 public:
  using script = std::function<void(peer_connection&, const peer_request&)>;
  using on_accept = std::function<void(peer_connection&)>;

  explicit hostile_peer(script s, on_accept accept = {}) : script_(std::move(s)), accept_(std::move(accept)) {
    listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_ < 0) throw std::runtime_error("hostile_peer: socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_, 16) != 0 ||
        ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error(std::string("hostile_peer: ") + std::strerror(errno));
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~hostile_peer() { stop(); }
  hostile_peer(const hostile_peer&) = delete;
  hostile_peer& operator=(const hostile_peer&) = delete;

  std::string bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string port() const { return std::to_string(port_); }
  int connections() const { return connections_; }
  int requests() const { return requests_; }
  const std::atomic<bool>& stopping() const { return stop_; }

  void stop() {
    if (stop_.exchange(true)) return;
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (auto& t : handlers_) t.join();
    ::close(listen_);
  }

 private:
  // Waits until `fd` is readable or the peer stops; false on stop.
  bool readable(int fd) const {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  bool read_exact(int fd, std::uint8_t* out, std::size_t n) const {
    while (n > 0) {
      if (!readable(fd)) return false;
      const auto got = ::recv(fd, out, n, 0);
      if (got <= 0) return false;
      out += got;
      n -= static_cast<std::size_t>(got);
    }
    return true;
  }

  void accept_loop() {
    while (readable(listen_)) {
      const int fd = ::accept(listen_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard lock(mutex_);
      handlers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    peer_connection c(fd, port_);
    if (accept_) accept_(c);
    std::uint8_t size[4];
    while (!c.closed() && read_exact(fd, size, 4)) {
      const std::uint32_t n = (std::uint32_t{size[0]} << 24) | (std::uint32_t{size[1]} << 16) |
                              (std::uint32_t{size[2]} << 8) | size[3];
      peer_request r;
      r.frame.resize(n);
      if (n < 8 || !read_exact(fd, r.frame.data(), n)) break;
      r.key = static_cast<protocol::api_key>((r.frame[0] << 8) | r.frame[1]);
      r.version = static_cast<std::int16_t>((r.frame[2] << 8) | r.frame[3]);
      r.correlation_id = static_cast<std::int32_t>((std::uint32_t{r.frame[4]} << 24) | (std::uint32_t{r.frame[5]} << 16) |
                                                   (std::uint32_t{r.frame[6]} << 8) | r.frame[7]);
      ++requests_;
      if (!c.silent) script_(c, r);
    }
    // Wait for kwire to close its end (or the peer to stop), so a script's last bytes are read.
    while (!c.closed() && readable(fd)) {
      std::uint8_t sink[4096];
      if (::recv(fd, sink, sizeof sink, 0) <= 0) break;
    }
    ::close(fd);
  }

  script script_;
  on_accept accept_;
  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::list<std::thread> handlers_;
};

// The process's peak resident set (KiB): Linux's VmHWM, which reset_peak_rss() brings down to
// the current resident set, so that one case's peak is not hidden by an earlier case's.
inline long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  ADD_FAILURE() << "no VmHWM in /proc/self/status";
  return 0;
}
inline void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// Whether this build runs under AddressSanitizer, whose shadow memory and quarantine of freed
// blocks (256 MiB by default) make resident-set bounds meaningless: they are printed, not asserted.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool under_asan = true;
#else
inline constexpr bool under_asan = false;
#endif

// One case's memory bound: from construction to destruction the process's peak resident set
// grows by less than `limit_kib` (printed either way, asserted outside ASan).
class memory_bound {
 public:
  explicit memory_bound(long limit_kib) : limit_kib_(limit_kib) {
    reset_peak_rss();
    start_kib_ = peak_rss_kib();
  }
  ~memory_bound() {
    const long grew = peak_rss_kib() - start_kib_;
    std::cout << "peak RSS grew by " << grew / 1024 << " MiB (bound " << limit_kib_ / 1024 << " MiB)\n";
    if (!under_asan) {
      EXPECT_LT(grew, limit_kib_) << "KiB more at peak";
    }
  }
  memory_bound(const memory_bound&) = delete;
  memory_bound& operator=(const memory_bound&) = delete;

 private:
  long limit_kib_;
  long start_kib_ = 0;
};

}  // namespace kwire::test
