#pragma once
// One hostile broker in a healthy cluster (issue #19): a transparent proxy in front of every node
// of a REAL cluster (tools/broker), plus one hostile node. The client bootstraps at the proxy; the
// proxy forwards each request frame to the real node and its answer back unchanged, except
// Metadata answers, which it rewrites so that every real node is reached through its proxy and
// one partition of one topic is led by the hostile node (id 4242). The hostile node answers
// ApiVersions, Metadata and every cluster-wide request by forwarding too (it is a broker that
// joined the cluster), but the data requests about the partition it leads (Produce, Fetch,
// ListOffsets, OffsetForLeaderEpoch) get whatever bytes the test scripts.

#include <netdb.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "tests/hostile/hostile_peer.hpp"

namespace kwire::test {

// A blocking TCP connection to one real node.
class upstream {
 public:
  upstream(const std::string& host, int port) {
    addrinfo hints{}, *found = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) return;
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ >= 0 && ::connect(fd_, found->ai_addr, found->ai_addrlen) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    ::freeaddrinfo(found);
  }
  ~upstream() {
    if (fd_ >= 0) ::close(fd_);
  }
  upstream(const upstream&) = delete;
  upstream& operator=(const upstream&) = delete;

  // Sends one request frame (without its size prefix); returns the answer's frame (without its
  // size prefix), or nothing once the node is gone.
  std::optional<protocol::bytes> exchange(const protocol::bytes& frame) {
    if (fd_ < 0) return std::nullopt;
    auto out = be32(static_cast<std::uint32_t>(frame.size()));
    out.insert(out.end(), frame.begin(), frame.end());
    for (std::size_t at = 0; at < out.size();) {
      const auto n = ::send(fd_, out.data() + at, out.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return std::nullopt;
      at += static_cast<std::size_t>(n);
    }
    std::uint8_t size[4];
    if (!read_exact(size, 4)) return std::nullopt;
    protocol::bytes answer((std::uint32_t{size[0]} << 24) | (std::uint32_t{size[1]} << 16) |
                           (std::uint32_t{size[2]} << 8) | size[3]);
    if (!read_exact(answer.data(), answer.size())) return std::nullopt;
    return answer;
  }

 private:
  bool read_exact(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      const auto got = ::recv(fd_, out, n, 0);
      if (got <= 0) return false;
      out += got;
      n -= static_cast<std::size_t>(got);
    }
    return true;
  }
  int fd_ = -1;
};

class cluster_proxy {
 public:
  static constexpr std::int32_t hostile_node = 4242;
  using breaker = std::function<void(peer_connection&, const peer_request&)>;

  // `bootstrap`: one real node's host:port. Partition `partition` of `topic` is led by the
  // hostile node, which answers its data requests with `bad`.
  cluster_proxy(const std::string& bootstrap, std::string topic, std::int32_t partition, breaker bad)
      : topic_(std::move(topic)), partition_(partition), bad_(std::move(bad)) {
    const auto colon = bootstrap.rfind(':');
    bootstrap_ = &proxy_for(bootstrap.substr(0, colon), std::stoi(bootstrap.substr(colon + 1)));
    hostile_ = std::make_unique<hostile_peer>([this](peer_connection& c, const peer_request& r) {
      if (is_data_request(r.key)) return bad_(c, r);
      forward(c, r, bootstrap_host_, bootstrap_port_);
    });
  }

  // Every proxy stopped (its threads joined) before any is destroyed: a proxy's script may
  // still be rewriting an answer with the hostile node's port, or making a new proxy.
  ~cluster_proxy() {
    hostile_->stop();
    for (std::size_t stopped = 0;;) {
      std::vector<hostile_peer*> all;
      {
        std::lock_guard lock(mutex_);
        for (auto& [address, p] : proxies_) all.push_back(p.get());
      }
      if (all.size() == stopped) break;
      for (auto* p : all) p->stop();
      stopped = all.size();
    }
  }
  cluster_proxy(const cluster_proxy&) = delete;
  cluster_proxy& operator=(const cluster_proxy&) = delete;

  std::string bootstrap() const { return bootstrap_->bootstrap(); }
  const hostile_peer& hostile() const { return *hostile_; }

 private:
  static bool is_data_request(protocol::api_key k) {
    using protocol::api_key;
    return k == api_key::produce || k == api_key::fetch || k == api_key::list_offsets ||
           k == api_key::offset_for_leader_epoch;
  }

  // The proxy of the real node at host:port (made on first use).
  hostile_peer& proxy_for(const std::string& host, int port) {
    std::lock_guard lock(mutex_);
    auto& p = proxies_[host + ":" + std::to_string(port)];
    if (!p) {
      if (bootstrap_port_ == 0) bootstrap_host_ = host, bootstrap_port_ = port;
      p = std::make_unique<hostile_peer>(
          [this, host, port](peer_connection& c, const peer_request& r) { forward(c, r, host, port); });
    }
    return *p;
  }

  // `r` to the real node at host:port over this connection's own upstream socket; its answer
  // back (a Metadata answer rewritten).
  void forward(peer_connection& c, const peer_request& r, const std::string& host, int port) {
    if (!c.state) c.state = std::make_shared<upstream>(host, port);
    auto answer = static_cast<upstream*>(c.state.get())->exchange(r.frame);
    if (!answer) return c.close();
    if (r.key == protocol::api_key::metadata) {
      protocol::response_header h;
      protocol::metadata_response m;
      if (auto d = protocol::parse_response(*answer, r.version, h, m); !d) {
        ADD_FAILURE() << "the real broker's Metadata answer: " << d.detail;
        return c.close();
      }
      rewrite(m);
      c.answer(m, r);
      return;
    }
    auto frame = be32(static_cast<std::uint32_t>(answer->size()));
    frame.insert(frame.end(), answer->begin(), answer->end());
    c.send(frame);
  }

  // Every real node behind its proxy, the hostile node added, and it made the leader (and only
  // replica) of the hostile partition.
  void rewrite(protocol::metadata_response& m) {
    for (auto& b : m.brokers) b.port = std::stoi(proxy_for(b.host, b.port).port()), b.host = "127.0.0.1";
    m.brokers.push_back({hostile_node, "127.0.0.1", std::stoi(hostile_->port()), std::nullopt, {}});
    for (auto& t : m.topics) {
      if (t.name != topic_) continue;
      for (auto& p : t.partitions) {
        if (p.partition_index != partition_) continue;
        p.leader_id = hostile_node;
        p.replica_nodes = {hostile_node};
        p.isr_nodes = {hostile_node};
      }
    }
  }

  std::string topic_;
  std::int32_t partition_;
  breaker bad_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<hostile_peer>> proxies_;
  std::string bootstrap_host_;
  int bootstrap_port_ = 0;
  hostile_peer* bootstrap_ = nullptr;
  std::unique_ptr<hostile_peer> hostile_;
};

}  // namespace kwire::test
