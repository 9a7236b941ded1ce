#pragma once
// The blocking facade: for users without Asio. It owns an io_context and the one thread that
// runs it; every call below posts to that thread and waits for the answer.
//
//   net::blocking_cluster c(cfg);
//   if (auto r = c.start(); !r) { ... r.ec, r.detail ... }
//   auto md = c.metadata();                                   // every topic
//   auto res = c.request(net::leader{"orders", 0}, list_offsets);
//   if (res) use(res.value.body); else report(res.ec, res.detail);
//
// Calls may come from any thread except the facade's own (a handler running on it would wait
// for itself).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <kwire/net/cluster.hpp>

namespace kwire::net {

template <class T>
struct result {
  std::error_code ec;
  std::string detail;  // what went wrong, when ec is set
  T value{};
  explicit operator bool() const { return !ec; }
};

class blocking_cluster {
 public:
  explicit blocking_cluster(cluster_config config);
  ~blocking_cluster();  // closes every connection and joins the thread
  blocking_cluster(const blocking_cluster&) = delete;
  blocking_cluster& operator=(const blocking_cluster&) = delete;

  // Bootstrap: the first Metadata from one of bootstrap.servers.
  result<bool> start();

  template <protocol::message_type Req>
  result<reply<protocol::response_of_t<Req>>> request(target to, Req req, request_options options = {}) {
    using Resp = protocol::response_of_t<Req>;
    std::promise<result<reply<Resp>>> done;
    auto answer = done.get_future();
    cluster_->async_request(std::move(to), std::move(req), [&done](std::error_code ec, reply<Resp> r) {
      result<reply<Resp>> out;
      out.ec = ec;
      out.detail = r.detail;
      out.value = std::move(r);
      done.set_value(std::move(out));
    }, options);
    return answer.get();
  }

  // Fresh metadata for `topics` (empty: every topic).
  result<std::shared_ptr<const metadata_view>> metadata(std::vector<std::string> topics = {});

  std::shared_ptr<const metadata_view> snapshot() const { return cluster_->snapshot(); }
  std::vector<broker_stats> stats() const { return cluster_->stats(); }
  void invalidate(const std::string& topic, std::int32_t partition, std::error_code ec) {
    cluster_->invalidate(topic, partition, ec);
  }
  // The asynchronous cluster underneath, for callers that mix both styles.
  cluster& async() { return *cluster_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<cluster> cluster_;
  std::thread thread_;
};

}  // namespace kwire::net
