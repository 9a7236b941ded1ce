#pragma once
// The state behind net::connection (net/connection.hpp), in two parts by concern:
//   - net/connection.cpp: the run loop (connect when there is work, tear down, back off,
//     reconnect), request intake, close() and request deadlines;
//   - net/connection_session.cpp: one session, from connect to teardown: the handshake driven
//     to its end (net/handshake.hpp), KIP-368 re-authentication, the reader and the writer.
// Internal to net/: not part of kwire's API.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <kwire/net/connection.hpp>
#include <kwire/net/detail/frame_reader.hpp>
#include <kwire/net/detail/multiplexer.hpp>
#include <kwire/net/detail/transport.hpp>
#include <kwire/net/handshake.hpp>

namespace kwire::net::detail {

// host:port, bracketed for IPv6, with the node id when known: how logs and errors name a broker.
std::string peer_text(const broker_address& a);
std::string ms_text(milliseconds d);
// Rethrows what a coroutine threw: a bug, or bad_alloc; it surfaces from io_context::run().
void rethrow(std::exception_ptr e);
// co_await a timer or operation without an exception: its error comes back in a tuple.
inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

class connection_impl : public std::enable_shared_from_this<connection_impl> {
 public:
  using run_handler = boost::asio::any_completion_handler<void(std::error_code)>;

  connection_impl(boost::asio::any_io_executor ex, broker_address address,
                  std::shared_ptr<const connection_config> cfg, transport_factory factory, std::string setup_error);

  void start_run(run_handler handler);
  void enqueue(std::unique_ptr<pending_request> op, std::optional<milliseconds> timeout);
  void close();

  const protocol::api_versions_response* versions() const { return versions_.get(); }
  connection_stats stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
  }

 private:
  struct session {
    session(const boost::asio::any_io_executor& ex, const multiplexer& m)
        : mux(m), wake_writer(ex), done(ex), setup_timer(ex) {}

    // The first end wins: its error is what every pending request completes with, save those
    // enqueued after it (they wait for the next session).
    void end(std::error_code e, std::string why) {
      if (ended) return;
      ended = true;
      queued_before = mux.enqueued();
      ec = e;
      detail = std::move(why);
      if (t) t->close();
      wake_writer.cancel();
      setup_timer.cancel();
    }

    enum class phase { connecting, handshaking, ready, draining, reauthenticating };
    const multiplexer& mux;
    std::uint64_t queued_before = 0;  // mux.enqueued() when it ended
    std::unique_ptr<transport> t;
    frame_reader frames;
    phase ph = phase::connecting;
    bool became_ready = false;
    std::optional<handshake> hs;
    std::string oauth_token;  // from sasl_config::token_source, for the next handshake
    std::deque<protocol::bytes> hs_out;  // handshake frames waiting for the writer
    std::optional<clock::time_point> reauth_at;
    clock::time_point last_activity = clock::now();
    bool ended = false;
    bool idle = false;  // ended because it was idle: nothing to fail
    std::error_code ec;
    std::string detail;
    int workers = 0;
    boost::asio::steady_timer wake_writer;  // cancelled to wake the writer
    boost::asio::steady_timer done;         // cancelled when the last worker leaves
    boost::asio::steady_timer setup_timer;  // connection_setup_timeout
  };

  void log(log_level level, const std::string& message) const {
    if (cfg_->log) cfg_->log(level, "connection to " + peer_ + ": " + message);
  }

  template <class F>
  void update_stats(F&& f) {
    std::lock_guard lock(stats_mutex_);
    f(stats_);
    copy_mux_stats();
  }
  void sync_stats() {
    update_stats([](connection_stats&) {});
  }
  void copy_mux_stats();  // under stats_mutex_

  // The run loop (connection.cpp).
  void start_run_here(run_handler handler);
  void complete_run(run_handler handler, std::error_code ec);
  void enqueue_here(std::unique_ptr<pending_request> op);
  void close_here();
  milliseconds backoff_after(int failures);
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> run_session();
  void arm_setup_timeout(const std::shared_ptr<session>& s);
  void after_session(const session& s);
  boost::asio::awaitable<void> watch_deadlines();

  // One session (connection_session.cpp).
  void start_workers(const std::shared_ptr<session>& s);
  void on_handshake_action(session& s, handshake::action a);
  void on_handshake_done(session& s);
  void maybe_begin_reauth(session& s);
  void begin_handshake(session& s);
  bool uses_token_source() const;
  boost::asio::awaitable<bool> fetch_token(std::shared_ptr<session> s);
  protocol::codec_result on_frame(session& s, protocol::byte_view frame);
  void worker_done(session& s) {
    if (--s.workers == 0) s.done.cancel();
  }
  boost::asio::awaitable<void> reader(std::shared_ptr<session> s);
  boost::asio::awaitable<io_result> write_all(session& s, std::vector<boost::asio::const_buffer>& buffers);
  bool collect_writes(session& s, std::vector<boost::asio::const_buffer>& buffers);
  std::optional<clock::time_point> writer_wake_time(session& s);
  boost::asio::awaitable<void> writer(std::shared_ptr<session> s);

  boost::asio::any_io_executor ex_;
  broker_address address_;
  std::string peer_;
  std::shared_ptr<const connection_config> cfg_;
  transport_factory factory_;
  std::string setup_error_;  // non-empty: the connection can never work (TLS without a context)
  multiplexer mux_;
  boost::asio::steady_timer wake_;            // the run loop waits on it: new request, backoff over, close
  boost::asio::steady_timer deadline_timer_;  // the earliest request deadline
  clock::time_point armed_deadline_ = clock::time_point::min();
  std::shared_ptr<session> session_;
  std::shared_ptr<const protocol::api_versions_response> versions_;
  run_handler run_handler_;
  bool running_ = false;
  bool closed_ = false;
  int failures_ = 0;  // consecutive failed connection attempts
  clock::time_point next_attempt_{};
  std::mt19937_64 rng_;
  mutable std::mutex stats_mutex_;
  connection_stats stats_;
};

}  // namespace kwire::net::detail
