#pragma once
// What every admin call stands on (issue #16): the cluster, the settings, the deadline of a
// call and one way to send a request to the node that must answer it, retrying what Kafka
// marks retriable until the call's deadline. kwire::admin (admin.hpp) is this core plus one
// part per family of calls (topics.hpp, configs.hpp, groups.hpp, ...); each family's requests
// are built and its answers read in its own .cpp file.
//
// A family call is written as
//   void create_topics(admin_core& a, ..., admin_core::detailed<created_topics> done);
// and reaches the user through the family's mixin (see topics.hpp for the pattern):
//   a.initiate<created_topics>(&diag, token, [..](admin_core& a, auto h) { create_topics(a, .., std::move(h)); });
//
// Routing: any_broker (e.g. Metadata, ListGroups on one node), controller() (the active
// controller as Metadata names it; in KRaft a broker that forwards to the quorum), a node,
// a partition leader, or a group/transaction coordinator (net::coordinator).
//
// Threads: state lives on the cluster's strand; calls may come from any thread. Completion
// handlers run on their associated executor (the strand by default).

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <kwire/config/admin_config.hpp>
#include <kwire/error.hpp>
#include <kwire/net/cluster.hpp>
#include <kwire/result.hpp>

// Writes a family call's two asynchronous overloads (with and without an error_info), which are
// the same few lines for every call: `async_NAME(PARAMS, error_info&, token)` forwards ARGS to
// admin_detail::NAME inside initiate<T>, and `async_NAME(PARAMS, token)` calls it without the
// error_info. For use inside a family's `X_calls<Self>` (it needs core()); wrap lists with
// KWIRE_DETAIL_ADMIN_LIST. See security.hpp.
#define KWIRE_DETAIL_ADMIN_LIST(...) __VA_ARGS__
#define KWIRE_DETAIL_ADMIN_CALL(NAME, T, PARAMS, ARGS, CAPTURE)                                              \
  template <class Token>                                                                                     \
  auto async_##NAME(PARAMS, error_info& diag, Token&& token) {                                              \
    return core().template initiate<T>(&diag, std::forward<Token>(token), [CAPTURE](admin_core& a, auto h) mutable { \
      admin_detail::NAME(a, ARGS, std::move(h));                                                             \
    });                                                                                                      \
  }                                                                                                          \
  template <class Token>                                                                                     \
  auto async_##NAME(PARAMS, Token&& token) {                                                                 \
    return async_##NAME(ARGS, admin_core::discard(), std::forward<Token>(token));                            \
  }

namespace kwire::client {

// One item's broker error as an error_info: "CreateTopics orders: TOPIC_ALREADY_EXISTS (Topic
// 'orders' already exists.)"; clear for code 0.
error_info item_error(std::string_view api, std::string_view item, std::int16_t code,
                      const std::optional<std::string>& message = std::nullopt);

// Per-call settings every admin call takes.
struct admin_options {
  // The call's limit, retries included (default: default.api.timeout.ms).
  std::optional<std::chrono::milliseconds> timeout;
};

class admin_core : public std::enable_shared_from_this<admin_core> {
 public:
  using clock = std::chrono::steady_clock;
  // Boost 1.81's any_completion_handler recurses without end on move ASSIGNMENT (its operator=
  // copies the lvalue into its own converting constructor): move-construct handlers, never
  // assign them (give state structs a constructor taking the handler).
  template <class... T>
  using detailed = boost::asio::any_completion_handler<void(std::error_code, std::string, T...)>;
  // Internal continuations (move-only, run once, on the strand).
  template <class... T>
  using callback = boost::asio::any_completion_handler<void(T...)>;
  // Where a request goes, asked again before each attempt (the controller may have moved).
  using route = std::function<net::target()>;

  ~admin_core();
  admin_core(const admin_core&) = delete;
  admin_core& operator=(const admin_core&) = delete;

  // ---- asynchronous calls of the core (any completion token) ----
  // Each completes with (std::error_code[, value]); the detail text goes to the error_info
  // passed before the token (it must outlive the operation). See docs/errors.md.

  // Bootstrap: the first Metadata. Every other call starts the admin itself when needed.
  template <class Token>
  auto async_start(error_info& diag, Token&& token) {
    return initiate<>(&diag, std::forward<Token>(token), [](admin_core& a, auto h) { a.start(std::move(h)); });
  }
  template <class Token>
  auto async_start(Token&& token) {
    return async_start(discard(), std::forward<Token>(token));
  }
  // Closes every connection; calls under way complete with connection_closed.
  template <class Token>
  auto async_close(Token&& token) {
    return initiate<>(&discard(), std::forward<Token>(token), [](admin_core& a, auto h) { a.close(std::move(h)); });
  }

  // ---- what family calls build on ----
  net::cluster& cluster() { return *cluster_; }
  const admin_config& config() const { return cfg_; }
  net::cluster::executor_type get_executor() const { return cluster_->get_executor(); }

  // The call's deadline: now + options.timeout, or default.api.timeout.ms.
  clock::time_point deadline(const admin_options& options) const;
  // The active controller as the last Metadata names it, else any broker.
  net::target controller() const;
  // Runs `fn` on the strand after `delay` (retry.backoff.ms by default).
  void later(callback<> fn);
  void later(std::chrono::milliseconds delay, callback<> fn);
  // Errors worth sending a request again for: lost connections and timeouts, and the broker
  // errors Kafka marks retriable (NOT_CONTROLLER, LEADER_NOT_AVAILABLE, COORDINATOR_LOAD_...).
  static bool retriable(std::error_code ec);
  // Time left until `deadline`, at least 1 ms; request.timeout.ms at most.
  std::chrono::milliseconds request_timeout(clock::time_point deadline) const;

  // Bootstraps once (later calls wait for the first), then `fn`: for family calls that need
  // metadata before they can route. `fn` runs on the strand with (error_code, detail).
  void ensure_started(callback<std::error_code, std::string> fn);

  // Sends `req` to `to` and calls done(ec, detail, reply). A transport failure or a retriable
  // error that `top_level` reads from the answer (a response's top-level error code; return
  // {} when there is none) sends it again, retry.backoff.ms later and to a re-resolved target,
  // until `deadline`; then the last error is reported. Errors inside items are the caller's.
  template <protocol::message_type Req, class TopLevel, class Done>
  void send(route to, Req req, clock::time_point deadline, TopLevel top_level, Done done) {
    using Resp = protocol::response_of_t<Req>;
    ensure_started([self = shared_from_this(), to = std::move(to), req = std::move(req), deadline, top_level,
                    done = std::move(done)](std::error_code ec, std::string detail) mutable {
      if (ec) return done(ec, std::move(detail), net::reply<Resp>{});
      self->attempt<Req>(std::move(to), std::move(req), deadline, std::move(top_level), std::move(done));
    });
  }
  template <protocol::message_type Req, class Done>
  void send(net::target to, Req req, clock::time_point deadline, Done done) {
    send(
        [to] { return to; }, std::move(req), deadline, [](const auto&) { return std::error_code(); },
        std::move(done));
  }

  // Completes a user call: the mixins' async_* go through here.
  template <class... T, class Token, class Op>
  auto initiate(error_info* diag, Token&& token, Op op) {
    return boost::asio::async_initiate<Token, void(std::error_code, T...)>(
        [self = shared_from_this(), diag, op = std::move(op)](auto h) mutable {
          auto ex = boost::asio::get_associated_executor(h, self->get_executor());
          if (diag == &discard()) diag = nullptr;
          op(*self, detailed<T...>(boost::asio::bind_executor(
                        ex, [diag, h = std::move(h)](std::error_code ec, std::string detail, T... v) mutable {
                          if (diag) *diag = error_info{ec, ec ? std::move(detail) : std::string()};
                          std::move(h)(ec, std::move(v)...);
                        })));
        },
        token);
  }
  // Stands for "no error_info" in the overloads without one; never written.
  static error_info& discard() {
    static error_info none;
    return none;
  }

 protected:
  admin_core(boost::asio::any_io_executor executor, admin_config config);

 private:
  template <protocol::message_type Req, class TopLevel, class Done>
  void attempt(route to, Req req, clock::time_point deadline, TopLevel top_level, Done done) {
    using Resp = protocol::response_of_t<Req>;
    net::request_options opts;
    opts.timeout = request_timeout(deadline);
    const net::target where = to();
    cluster_->async_request(
        where, req,
        [self = shared_from_this(), to = std::move(to), req, deadline, top_level, done = std::move(done)](
            std::error_code ec, net::reply<Resp> r) mutable {
          std::string detail = r.detail;
          if (!ec) {
            ec = top_level(r.body);
            if (ec) detail = std::string(Resp::schema_name) + ": " + ec.message();
          }
          if (ec && retriable(ec) && clock::now() + self->cfg_.cluster.retry_backoff < deadline) {
            if (ec == broker_errc::not_controller) self->cluster_->request_refresh();
            return self->later([self, to = std::move(to), req = std::move(req), deadline, top_level,
                                done = std::move(done)]() mutable {
              self->attempt<Req>(std::move(to), std::move(req), deadline, std::move(top_level), std::move(done));
            });
          }
          done(ec, std::move(detail), std::move(r));
        },
        opts);
  }

  void start(detailed<> h);
  void close(detailed<> h);

  admin_config cfg_;
  std::shared_ptr<net::cluster> cluster_;
  enum class phase { idle, starting, started, closed } phase_ = phase::idle;
  std::error_code start_error_;
  std::string start_detail_;
  std::vector<callback<std::error_code, std::string>> start_waiters_;
};

}  // namespace kwire::client

namespace kwire {
using client::admin_options;
}  // namespace kwire
