#pragma once
// The cluster: bootstrap, the broker pool (one net::connection per node id), Metadata refresh
// and routing to partition leaders and coordinators (issue #6).
//
//   auto c = net::cluster::create(ioc.get_executor(), cfg);
//   c->async_start([](std::error_code ec, std::string detail) { ... });   // first Metadata
//   c->async_request(net::leader{"orders", 0}, protocol::list_offsets_request{...},
//                    [](std::error_code ec, net::reply<protocol::list_offsets_response> r) { ... });
//   c->async_close([](std::error_code) {});
//
// Behaviour:
// - Bootstrap: each server of bootstrap.servers is tried in turn for the first Metadata; when
//   none answers, the error lists each server and why. Bootstrap connections are closed once
//   the first answer is in: from then on the pool connects by node id, to the addresses the
//   metadata gives, lazily, and again when a node's address changes.
// - Metadata is refreshed every metadata_max_age, and sooner when a route is missing, after
//   invalidate() (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, FENCED/UNKNOWN_LEADER_EPOCH
//   ...), after a transport error on a leader, or when an answer was incomplete. Concurrent
//   refreshes are coalesced into one request. A refresh tries the brokers in turn, those that
//   failed recently last.
// - Rebootstrap (KIP-899, KIP-1102; metadata.recovery.strategy=rebootstrap, the default): when
//   every broker the metadata lists fails one metadata attempt, when a broker answers Metadata
//   with REBOOTSTRAP_REQUIRED, or when metadata has been wanted without an answer for
//   metadata.recovery.rebootstrap.trigger.ms, the servers of bootstrap.servers are tried again
//   (names resolved again) as at the start; the answer's broker list replaces the learned one
//   (connections to nodes that moved or left are closed). Until a bootstrap server answers,
//   the learned brokers are kept and tried too. net/rebootstrap.hpp decides; it is logged
//   (warn: why, and which servers) and counted (rebootstraps()). Strategy none: never.
// - leader{topic, partition}: the request goes to the partition's leader; an unknown leader is
//   looked up (refresh, retry_backoff apart) until request_timeout, while a topic or partition
//   the cluster does not have fails after three fresh answers. Errors inside a response's
//   partitions are the caller's to read; report them with invalidate() (and leader epochs a
//   response names with leader_epoch_seen()) so the next request is routed anew. A leader or
//   node request handed to a connection is never sent twice: only the caller knows whether
//   sending it again is safe.
// - coordinator{type, key}: FindCoordinator, cached; lookups made together go out as one
//   request on brokers that take a list of keys (v4+), one per key on older ones. A
//   response whose top-level error (or its group's entry, for per-group answers such as
//   OffsetFetch v8+) is NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE forgets the
//   coordinator and the request is looked up and sent again (the broker did not act on it);
//   COORDINATOR_LOAD_IN_PROGRESS sends it again to the same node, retry_backoff later. Errors
//   in entries for other keys or for partitions (OffsetCommit's) are the caller's: report them
//   with invalidate_coordinator(). Coordinator requests travel on a second connection to the
//   coordinator's node: a broker answers one request per connection at a time, and a Fetch
//   it holds for fetch.max.wait.ms must not delay a heartbeat, a commit or a LeaveGroup.
//
// Threads: all state lives on a strand of the executor; every public call may be made from any
// thread. Completion handlers run on their associated executor (the strand by default).

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <kwire/net/config.hpp>
#include <kwire/net/connection.hpp>
#include <kwire/net/metadata.hpp>
#include <kwire/net/rebootstrap.hpp>
#include <kwire/protocol/broker_errc.hpp>

namespace kwire::protocol {
struct find_coordinator_response;
}

namespace kwire::net {

// Where a request goes.
struct any_broker {};
struct node {
  std::int32_t id = -1;
};
struct leader {
  std::string topic;
  std::int32_t partition = 0;
};
struct coordinator {
  coordinator_type type = coordinator_type::group;
  std::string key;
};
using target = std::variant<any_broker, node, leader, coordinator>;
std::string to_string(const target& t);

// async_metadata's answer: the view after the refresh (the last one known if it failed).
struct metadata_reply {
  std::shared_ptr<const metadata_view> view;
  std::string detail;  // on error: every broker tried and why it failed
};

struct broker_stats {
  std::int32_t node_id = -1;
  std::string host;
  std::string port;
  std::uint64_t generation = 0;  // connections made to this node id (a new one per address change)
  connection_stats connection;
  std::optional<connection_stats> coordinator_connection;  // when this node is a coordinator
};

class cluster : public std::enable_shared_from_this<cluster> {
 public:
  using executor_type = boost::asio::strand<boost::asio::any_io_executor>;
  using clock = std::chrono::steady_clock;
  // Internal continuations (not user handlers): copyable, run on the strand.
  using conn_callback = std::function<void(std::error_code, std::string, std::shared_ptr<connection>)>;
  using done_callback = std::function<void(std::error_code, std::string)>;

  static std::shared_ptr<cluster> create(boost::asio::any_io_executor executor, cluster_config config);
  ~cluster();
  cluster(const cluster&) = delete;
  cluster& operator=(const cluster&) = delete;

  // Bootstrap: void(std::error_code, std::string detail).
  template <class Token>
  auto async_start(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code, std::string)>(
        [self = shared_from_this()](auto handler) {
          self->start(boost::asio::any_completion_handler<void(std::error_code, std::string)>(std::move(handler)));
        },
        token);
  }

  // void(std::error_code, reply<protocol::response_of_t<Req>>).
  template <protocol::message_type Req, class Token>
  auto async_request(target to, Req req, Token&& token, request_options options = {}) {
    using Resp = protocol::response_of_t<Req>;
    return boost::asio::async_initiate<Token, void(std::error_code, reply<Resp>)>(
        [self = shared_from_this(), options](auto handler, target to, Req req) {
          auto op = std::make_shared<request_op<Req>>(self, std::move(to), std::move(req), options,
                                                      handler_for<Resp>(std::move(handler)));
          boost::asio::post(self->strand_, [op] { op->attempt(); });
        },
        token, std::move(to), std::move(req));
  }

  // Fresh metadata for `topics` (empty: every topic; joins a refresh already under way):
  // void(std::error_code, metadata_reply).
  template <class Token>
  auto async_metadata(std::vector<std::string> topics, Token&& token) {
    using sig = void(std::error_code, metadata_reply);
    return boost::asio::async_initiate<Token, sig>(
        [self = shared_from_this()](auto handler, std::vector<std::string> topics) {
          self->metadata(std::move(topics), boost::asio::any_completion_handler<sig>(std::move(handler)));
        },
        token, std::move(topics));
  }

  // Closes every connection (pending requests complete with connection_closed) and stops the
  // refresh timer: void(std::error_code) once every connection has stopped.
  template <class Token>
  auto async_close(Token&& token) {
    return boost::asio::async_initiate<Token, void(std::error_code)>(
        [self = shared_from_this()](auto handler) {
          self->close(boost::asio::any_completion_handler<void(std::error_code)>(std::move(handler)));
        },
        token);
  }

  std::shared_ptr<const metadata_view> snapshot() const;
  std::vector<broker_stats> stats() const;
  // Times the cluster went back to bootstrap.servers (successful or not).
  std::uint64_t rebootstraps() const;
  // Our picture of (topic, partition) is wrong (a broker answered `ec`, e.g.
  // NOT_LEADER_OR_FOLLOWER): forget its leader and refresh. Errors that say nothing about
  // metadata are ignored.
  void invalidate(const std::string& topic, std::int32_t partition, std::error_code ec);
  // A response named `epoch` as the partition's leader epoch (e.g. KIP-951 current-leader
  // fields); newer than ours means our metadata is behind: refresh.
  void leader_epoch_seen(const std::string& topic, std::int32_t partition, std::int32_t epoch);
  void invalidate_coordinator(coordinator_type type, const std::string& key);
  void request_refresh();
  executor_type get_executor() const { return strand_; }
  const cluster_config& config() const { return cfg_; }

  // Internals used by the request template below.
  void resolve(const target& to, clock::time_point deadline, conn_callback cb);
  void on_transport_error(const target& to, std::int32_t node_id, std::error_code ec);

 private:
  struct pool_entry {
    broker_info address;
    std::shared_ptr<connection> conn;
    std::shared_ptr<connection> coordinator_conn;  // coordinator requests only
    std::uint64_t generation = 0;
    clock::time_point last_failure{};
  };
  struct lookup_waiter {
    clock::time_point deadline;
    conn_callback cb;
  };

  // Runs `h(args...)` on its associated executor (the strand by default), never inline.
  // (Boost 1.81 cannot post to an any_completion_executor directly, hence the bind_executor.)
  template <class Handler, class... Args>
  static void complete(const executor_type& fallback, Handler h, Args... args) {
    auto ex = boost::asio::get_associated_executor(h, fallback);
    boost::asio::post(fallback, boost::asio::bind_executor(ex, [h = std::move(h), ... args = std::move(args)]() mutable {
      std::move(h)(std::move(args)...);
    }));
  }

  template <class Resp>
  using reply_handler = boost::asio::any_completion_handler<void(std::error_code, reply<Resp>)>;
  template <class Resp, class H>
  static reply_handler<Resp> handler_for(H&& h) {
    return reply_handler<Resp>(std::forward<H>(h));
  }

  // One request through resolve → connection → (maybe) coordinator retry.
  template <class Req>
  struct request_op : std::enable_shared_from_this<request_op<Req>> {
    using Resp = protocol::response_of_t<Req>;
    request_op(std::shared_ptr<cluster> c, target t, Req r, request_options o, reply_handler<Resp> h)
        : self(std::move(c)), to(std::move(t)), req(std::move(r)), options(o), handler(std::move(h)),
          deadline(clock::now() + options.timeout.value_or(self->cfg_.connection.request_timeout)) {}

    void attempt() {
      ++attempts;
      self->resolve(to, deadline, [op = this->shared_from_this()](std::error_code ec, std::string detail,
                                                                   std::shared_ptr<connection> conn) {
        if (ec) {
          reply<Resp> r;
          r.detail = std::move(detail);
          return op->finish(ec, std::move(r));
        }
        const auto node_id = conn->address().node_id;
        auto opts = op->options;
        const auto left = std::chrono::duration_cast<milliseconds>(op->deadline - clock::now());
        opts.timeout = std::max(left, milliseconds(1));
        conn->async_request(op->req, boost::asio::bind_executor(op->self->strand_,
            [op, node_id](std::error_code ec, reply<Resp> r) { op->on_reply(node_id, ec, std::move(r)); }), opts);
      });
    }

    void on_reply(std::int32_t node_id, std::error_code ec, reply<Resp> r) {
      if (ec) {
        self->on_transport_error(to, node_id, ec);
      } else if (const auto* c = std::get_if<coordinator>(&to)) {
        const auto e = static_cast<broker_errc>(coordinator_error(r.body, c->key));
        const bool moved = e == broker_errc::not_coordinator || e == broker_errc::coordinator_not_available;
        if (moved || e == broker_errc::coordinator_load_in_progress) {  // loading: same node, later
          if (moved) self->invalidate_coordinator(c->type, c->key);
          if (clock::now() + self->cfg_.retry_backoff < deadline && attempts < max_attempts) {
            auto timer = std::make_shared<boost::asio::steady_timer>(self->strand_, self->cfg_.retry_backoff);
            timer->async_wait([op = this->shared_from_this(), timer](boost::system::error_code) { op->attempt(); });
            return;
          }
        }
      }
      finish(ec, std::move(r));
    }

    void finish(std::error_code ec, reply<Resp> r) { complete(self->strand_, std::move(handler), ec, std::move(r)); }

    // Where a coordinator's answer says "not me": the top-level error, or the entry of this
    // key's group in responses that answer per group (OffsetFetch v8+, DescribeGroups,
    // ConsumerGroupDescribe...), whose top level stays 0.
    static std::int16_t coordinator_error(const Resp& body, const std::string& key) {
      if constexpr (requires { body.error_code; })
        if (body.error_code != 0) return body.error_code;
      if constexpr (requires { body.groups.front().group_id; body.groups.front().error_code; })
        for (const auto& g : body.groups)
          if (g.group_id == key && g.error_code != 0) return g.error_code;
      return 0;
    }

    static constexpr int max_attempts = 5;
    std::shared_ptr<cluster> self;
    target to;
    Req req;
    request_options options;
    reply_handler<Resp> handler;
    clock::time_point deadline;
    int attempts = 0;
  };

  cluster(boost::asio::any_io_executor executor, cluster_config config);

  void start(boost::asio::any_completion_handler<void(std::error_code, std::string)> handler);
  void metadata(std::vector<std::string> topics,
                boost::asio::any_completion_handler<void(std::error_code, metadata_reply)> handler);
  void close(boost::asio::any_completion_handler<void(std::error_code)> handler);

  void bootstrap_next(std::size_t index, std::string failures, done_callback cb);
  void refresh(done_callback cb);
  void fetch_metadata(std::vector<std::string> topics, std::vector<std::int32_t> tried, std::string failures,
                      done_callback cb);
  metadata_changes on_metadata(const protocol::metadata_response& resp, std::int16_t version,
                               const std::vector<std::string>& topics);
  void rebootstrap(const std::string& why, done_callback cb);
  void schedule_refresh();
  void resolve_leader(leader l, clock::time_point deadline, int unknown_rounds, conn_callback cb);
  void resolve_coordinator(coordinator c, clock::time_point deadline, conn_callback cb);
  void flush_lookups(coordinator_type type);
  bool batched_lookups(coordinator_type type, const connection& conn);
  void lookup_one_key_each(coordinator_type type, const std::vector<std::string>& asked, const std::string& detail);
  void on_lookup_answer(coordinator_type type, const std::vector<std::string>& asked, std::int32_t id,
                        std::error_code ec, const reply<protocol::find_coordinator_response>& r);
  void on_coordinator(coordinator_type type, const std::string& key, std::int16_t error, const std::string& message,
                      const broker_info& where);
  void retry_lookup(coordinator_type type, const std::string& key, std::error_code ec, const std::string& detail);
  void finish_lookup(coordinator_type type, const std::string& key, std::error_code ec, std::string detail);
  void after_backoff(clock::time_point deadline, std::function<void()> next, std::function<void()> expired);

  enum class channel { main, coordinator };
  std::shared_ptr<connection> connection_for(const broker_info& b, channel ch = channel::main);
  std::shared_ptr<connection> make_connection(broker_address address);
  std::int32_t pick_broker(const std::vector<std::int32_t>& exclude) const;
  void note_failure(std::int32_t node_id);            // the node failed us: pick_broker leaves it last
  static void close_connections(pool_entry& e);        // closed and forgotten: connection_for makes new ones
  void close_all();                                     // every pool and bootstrap connection closed
  void publish_view();
  void log(log_level level, const std::string& text) const;

  executor_type strand_;
  cluster_config cfg_;
  std::shared_ptr<const connection_config> conn_cfg_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::string setup_error_;
  cluster_metadata md_;
  boost::asio::steady_timer refresh_timer_;

  mutable std::mutex mutex_;                   // guards view_ and pool_ for readers off the strand
  std::shared_ptr<const metadata_view> view_;
  std::map<std::int32_t, pool_entry> pool_;
  std::vector<std::shared_ptr<connection>> bootstrap_conns_;

  bool started_ = false;
  bool closing_ = false;
  std::size_t running_ = 0;  // connections whose async_run has not completed
  std::vector<boost::asio::any_completion_handler<void(std::error_code)>> close_handlers_;
  bool refreshing_ = false;
  std::vector<done_callback> refresh_waiters_;
  // Coordinator lookups: waiting for the next FindCoordinator of their type, or in one.
  std::map<std::pair<coordinator_type, std::string>, std::vector<lookup_waiter>> lookups_;
  std::map<coordinator_type, std::vector<std::string>> lookup_queue_;
  std::map<coordinator_type, bool> lookup_in_flight_;
  std::map<coordinator_type, bool> single_key_lookups_;  // a batched lookup was refused
  rebootstrap_policy rebootstrap_policy_;
  bool rebootstrapping_ = false;
  std::vector<done_callback> rebootstrap_waiters_;
  std::atomic<std::uint64_t> rebootstraps_{0};  // read off the strand by rebootstraps()
  std::error_code last_bootstrap_error_;
  std::error_code last_metadata_error_;
};

}  // namespace kwire::net
