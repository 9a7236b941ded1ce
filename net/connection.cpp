#include <kwire/net/connection.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <mutex>
#include <random>

#include <kwire/net/detail/frame_reader.hpp>
#include <kwire/net/detail/multiplexer.hpp>
#include <kwire/net/detail/transport.hpp>
#include <kwire/net/handshake.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {
namespace detail {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string peer_text(const broker_address& a) {
  auto text = (a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host) + ":" + a.port;
  if (a.node_id >= 0) text += " (node " + std::to_string(a.node_id) + ")";
  return text;
}

std::string ms_text(milliseconds d) { return std::to_string(d.count()) + " ms"; }

// Rethrows what a coroutine threw: a bug, or bad_alloc; it surfaces from io_context::run().
void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

}  // namespace

class connection_impl : public std::enable_shared_from_this<connection_impl> {
 public:
  using run_handler = asio::any_completion_handler<void(std::error_code)>;

  connection_impl(asio::any_io_executor ex, broker_address address, std::shared_ptr<const connection_config> cfg,
                  transport_factory factory, std::string setup_error)
      : ex_(std::move(ex)),
        address_(std::move(address)),
        peer_(peer_text(address_)),
        cfg_(std::move(cfg)),
        factory_(std::move(factory)),
        setup_error_(std::move(setup_error)),
        mux_({cfg_->max_in_flight, cfg_->client_id, cfg_->version_pins, peer_}),
        wake_(ex_),
        deadline_timer_(ex_),
        rng_(std::random_device{}()) {}

  void start_run(run_handler handler) {
    asio::dispatch(ex_, [self = shared_from_this(), h = std::move(handler)]() mutable {
      self->start_run_here(std::move(h));
    });
  }

  void enqueue(std::unique_ptr<pending_request> op, std::optional<milliseconds> timeout) {
    const auto t = timeout.value_or(cfg_->request_timeout);
    op->deadline = t.count() > 0 ? clock::now() + t : clock::time_point::max();
    asio::dispatch(ex_, [self = shared_from_this(), op = std::move(op)]() mutable {
      self->enqueue_here(std::move(op));
    });
  }

  void close() {
    asio::dispatch(ex_, [self = shared_from_this()] { self->close_here(); });
  }

  const protocol::api_versions_response* versions() const { return versions_.get(); }

  connection_stats stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
  }

 private:
  struct session {
    session(const asio::any_io_executor& ex, const multiplexer& m) : mux(m), wake_writer(ex), done(ex), setup_timer(ex) {}

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
    std::deque<protocol::bytes> hs_out;  // handshake frames waiting for the writer
    std::optional<clock::time_point> reauth_at;
    clock::time_point last_activity = clock::now();
    bool ended = false;
    bool idle = false;  // ended because it was idle: nothing to fail
    std::error_code ec;
    std::string detail;
    int workers = 0;
    asio::steady_timer wake_writer;  // cancelled to wake the writer
    asio::steady_timer done;         // cancelled when the last worker leaves
    asio::steady_timer setup_timer;  // connection_setup_timeout
  };

  void log(log_level level, const std::string& message) const {
    if (cfg_->log) cfg_->log(level, "connection to " + peer_ + ": " + message);
  }

  template <class F>
  void update_stats(F&& f) {
    std::lock_guard lock(stats_mutex_);
    f(stats_);
    stats_.queued = mux_.queued();
    stats_.in_flight = mux_.in_flight();
    stats_.requests_written = mux_.written;
    stats_.responses = mux_.answered;
    stats_.failed = mux_.failed;
    stats_.timeouts = mux_.timeouts;
    stats_.last_rtt = mux_.last_rtt;
    stats_.avg_rtt = mux_.answered ? std::chrono::microseconds(mux_.total_rtt.count() / static_cast<long long>(mux_.answered)) : std::chrono::microseconds{0};
  }
  void sync_stats() {
    update_stats([](connection_stats&) {});
  }

  void start_run_here(run_handler handler) {
    if (running_ || closed_ || !setup_error_.empty()) {
      std::error_code ec = client_errc::invalid_config;
      std::string why = !setup_error_.empty() ? setup_error_
                        : running_         ? "async_run called twice on the connection to " + peer_
                                           : "async_run called after close() on the connection to " + peer_;
      if (!setup_error_.empty()) log(log_level::error, why);
      if (!setup_error_.empty()) mux_.fail_all(ec, why);
      sync_stats();
      complete_run(std::move(handler), ec);
      return;
    }
    running_ = true;
    // Boost 1.81's any_completion_handler move-assignment wraps the handler in itself forever
    // (it copies `other` as an lvalue into the converting constructor): swap instead.
    run_handler(std::move(handler)).swap(run_handler_);
    asio::co_spawn(ex_, watch_deadlines(), [self = shared_from_this()](std::exception_ptr e) { rethrow(e); });
    asio::co_spawn(ex_, run(), [self = shared_from_this()](std::exception_ptr e) {
      rethrow(e);
      if (self->run_handler_) self->complete_run(std::move(self->run_handler_), {});
    });
  }

  void complete_run(run_handler handler, std::error_code ec) {
    auto ex = asio::get_associated_executor(handler, ex_);
    asio::post(ex_, asio::bind_executor(ex, [h = std::move(handler), ec]() mutable { std::move(h)(ec); }));
  }

  void enqueue_here(std::unique_ptr<pending_request> op) {
    update_stats([](connection_stats& s) { ++s.requests; });
    if (closed_ || !setup_error_.empty()) {
      op->complete(closed_ ? std::error_code(client_errc::connection_closed) : client_errc::invalid_config,
                   closed_ ? "the connection to " + peer_ + " is closed" : setup_error_, {});
      update_stats([](connection_stats& s) { ++s.failed; });
      return;
    }
    const auto deadline = op->deadline;
    mux_.enqueue(std::move(op));
    sync_stats();
    if (deadline < armed_deadline_) deadline_timer_.cancel();
    if (session_) session_->wake_writer.cancel();
    wake_.cancel();
  }

  void close_here() {
    if (closed_) return;
    closed_ = true;
    log(log_level::info, "closed by the application");
    const std::string why = "the connection to " + peer_ + " was closed by the application";
    if (session_)
      session_->end(client_errc::connection_closed, why);  // its teardown fails the rest
    else
      mux_.fail_all(client_errc::connection_closed, why);
    sync_stats();
    wake_.cancel();
    deadline_timer_.cancel();
  }

  milliseconds backoff_after(int failures) {
    // reconnect.backoff.ms doubled per consecutive failure up to reconnect.backoff.max.ms, with
    // +-20% jitter so that many clients do not retry in lockstep (the Java client's rule).
    const auto base = cfg_->reconnect_backoff.count();
    const auto cap = std::max(cfg_->reconnect_backoff_max.count(), base);
    double exp = static_cast<double>(base);
    for (int i = 1; i < failures && exp < static_cast<double>(cap); ++i) exp *= 2;
    exp = std::min(exp, static_cast<double>(cap));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    const auto ms = static_cast<long long>(exp * jitter(rng_));
    return milliseconds(std::clamp<long long>(ms, 0, cap));
  }

  // The one long-running loop: connect when there is something to send, serve, tear down,
  // back off, repeat; until close().
  awaitable<void> run() {
    while (!closed_) {
      if (mux_.queued() == 0) {  // lazy: connect only for a request
        wake_.expires_at(clock::time_point::max());
        co_await wake_.async_wait(use_tuple);
        continue;
      }
      if (clock::now() < next_attempt_) {
        wake_.expires_at(next_attempt_);
        co_await wake_.async_wait(use_tuple);
        continue;
      }
      co_await run_session();
    }
    mux_.fail_all(client_errc::connection_closed, "the connection to " + peer_ + " was closed by the application");
    sync_stats();
  }

  awaitable<void> run_session() {
    auto s = std::make_shared<session>(ex_, mux_);
    session_ = s;
    s->t = factory_(ex_);
    const auto setup_timeout = cfg_->connection_setup_timeout;
    s->setup_timer.expires_after(setup_timeout);
    s->setup_timer.async_wait([s, this, setup_timeout](boost::system::error_code ec) {
      if (!ec && !s->became_ready)
        s->end(client_errc::timed_out, "connection setup to " + peer_ + " (connect, TLS, handshake) took longer than " +
                                           ms_text(setup_timeout) + " (socket.connection.setup.timeout.ms)");
    });
    log(log_level::debug, "connecting");

    auto connected = co_await s->t->connect(address_);
    if (!connected && !s->ended) s->end(connected.ec, connected.detail);
    if (!s->ended) {
      s->ph = session::phase::handshaking;
      s->hs.emplace(*cfg_, mux_.next_correlation_id());
      on_handshake_action(*s, s->hs->start());
      s->workers = 2;
      asio::co_spawn(ex_, reader(s), [self = shared_from_this()](std::exception_ptr e) { rethrow(e); });
      asio::co_spawn(ex_, writer(s), [self = shared_from_this()](std::exception_ptr e) { rethrow(e); });
      while (s->workers > 0) {
        s->done.expires_at(clock::time_point::max());
        co_await s->done.async_wait(use_tuple);
      }
    }
    session_.reset();
    s->setup_timer.cancel();

    if (s->idle) {
      log(log_level::info, "closed after " + ms_text(cfg_->connections_max_idle) +
                               " idle (connections.max.idle.ms); the next request reconnects");
      next_attempt_ = clock::now();
    } else {
      mux_.fail_all(s->ec, s->detail, s->queued_before);
      if (!closed_) {
        int failures = 1;
        if (!s->became_ready) {
          failures = ++failures_;
          update_stats([](connection_stats& st) { ++st.connect_failures; });
        }
        const auto wait = backoff_after(failures);
        next_attempt_ = clock::now() + wait;
        log(s->became_ready ? log_level::warn : log_level::error,
            s->detail + "; next attempt in " + ms_text(wait) + " at the earliest");
      }
    }
    mux_.abandon_write();
    update_stats([](connection_stats& st) { st.connected = false; });
  }

  void on_handshake_action(session& s, handshake::action a) {
    using kind = handshake::action::kind;
    if (a.type == kind::write) {
      s.hs_out.emplace_back(a.frame.begin(), a.frame.end());
      s.wake_writer.cancel();
      return;
    }
    if (a.type == kind::failed) {
      s.end(a.ec, (s.ph == session::phase::reauthenticating ? "re-authentication with " : "handshake with ") + peer_ +
                      " failed: " + a.detail);
      return;
    }
    // done
    mux_.set_next_correlation_id(s.hs->next_correlation_id());
    const auto lifetime = s.hs->session_lifetime();
    if (s.ph == session::phase::handshaking) {
      versions_ = std::make_shared<const protocol::api_versions_response>(s.hs->versions());
      s.became_ready = true;
      s.setup_timer.cancel();
      failures_ = 0;
      update_stats([](connection_stats& st) {
        ++st.connects;
        st.connected = true;
      });
      log(log_level::info, "connected");
    } else {
      update_stats([](connection_stats& st) { ++st.reauthentications; });
      log(log_level::info, "re-authenticated (KIP-368)");
    }
    s.reauth_at.reset();
    if (lifetime) {
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      const auto delay = reauthentication_delay(*lifetime, unit(rng_));
      s.reauth_at = clock::now() + delay;
      log(log_level::debug, "session lifetime " + ms_text(*lifetime) + ", re-authenticating in " + ms_text(delay));
    }
    s.hs.reset();
    s.ph = session::phase::ready;
    s.wake_writer.cancel();
  }

  // KIP-368: writing paused; once nothing is in flight, the SASL steps run again.
  void maybe_begin_reauth(session& s) {
    if (s.ended || s.ph != session::phase::draining || mux_.in_flight() != 0 || mux_.writing()) return;
    s.ph = session::phase::reauthenticating;
    log(log_level::debug, "re-authenticating");
    s.hs.emplace(*cfg_, *versions_, reauth, mux_.next_correlation_id());
    on_handshake_action(s, s.hs->start());
  }

  protocol::codec_result on_frame(session& s, protocol::byte_view frame) {
    if (s.ended) return {client_errc::connection_closed, s.detail};
    if (s.hs) {
      on_handshake_action(s, s.hs->on_frame(frame));
      if (s.ended) return {s.ec, s.detail};
      return {};
    }
    auto r = mux_.on_response(frame, clock::now());
    if (!r) return r;
    if (s.ph == session::phase::draining) maybe_begin_reauth(s);
    s.wake_writer.cancel();  // a slot in flight is free
    return {};
  }

  void worker_done(session& s) {
    if (--s.workers == 0) s.done.cancel();
  }

  awaitable<void> reader(std::shared_ptr<session> s) {
    while (!s->ended) {
      const auto room = s->frames.prepare();
      const auto r = co_await s->t->read_some(asio::buffer(room.data(), room.size()));
      if (s->ended) break;
      if (r.ec) {
        // A detail means the broker refused our certificate (TLS 1.3 says so only now): the
        // settings' fault, as a failed handshake would be.
        if (!r.detail.empty())
          s->end(client_errc::invalid_config, "reading from " + peer_ + " failed: " + r.detail);
        else
          s->end(client_errc::connection_closed,
                 r.eof ? peer_ + " closed the connection" : "reading from " + peer_ + " failed: " + r.ec.message());
        break;
      }
      s->last_activity = clock::now();
      update_stats([&](connection_stats& st) { st.bytes_in += r.bytes; });
      auto res = s->frames.commit(r.bytes, [&](protocol::byte_view f) { return on_frame(*s, f); });
      if (!res && !s->ended) s->end(res.ec, res.detail);
      sync_stats();
    }
    worker_done(*s);
  }

  // Writes every buffer, however the transport splits it (partial writes).
  awaitable<io_result> write_all(session& s, std::vector<asio::const_buffer>& buffers) {
    std::span<asio::const_buffer> rest(buffers);
    io_result total;
    while (!rest.empty()) {
      const auto r = co_await s.t->write_some(rest);
      if (r.ec) co_return io_result{r.ec, total.bytes};
      total.bytes += r.bytes;
      update_stats([&](connection_stats& st) { st.bytes_out += r.bytes; });
      auto n = r.bytes;
      while (!rest.empty() && n >= rest.front().size()) {
        n -= rest.front().size();
        rest = rest.subspan(1);
      }
      if (n > 0) rest.front() += n;
    }
    co_return total;
  }

  awaitable<void> writer(std::shared_ptr<session> s) {
    std::vector<asio::const_buffer> buffers;
    while (!s->ended) {
      buffers.clear();
      const bool handshake_write = !s->hs_out.empty();
      if (handshake_write) {
        buffers.push_back(asio::buffer(s->hs_out.front()));
      } else if (s->ph == session::phase::ready) {
        if (s->reauth_at && clock::now() >= *s->reauth_at) {
          s->ph = session::phase::draining;
          maybe_begin_reauth(*s);
          continue;
        }
        for (const auto frame : mux_.prepare_write(*versions_, clock::now()))
          buffers.emplace_back(frame.data(), frame.size());
        sync_stats();
      }
      if (buffers.empty()) {
        auto wake = clock::time_point::max();
        if (s->ph == session::phase::ready) {
          if (mux_.idle()) {
            const auto idle_at = s->last_activity + cfg_->connections_max_idle;
            if (clock::now() >= idle_at) {
              s->idle = true;
              s->end({}, "idle");
              break;
            }
            wake = idle_at;
          }
          if (s->reauth_at) wake = std::min(wake, *s->reauth_at);
        }
        s->wake_writer.expires_at(wake);
        co_await s->wake_writer.async_wait(use_tuple);
        continue;
      }
      const auto r = co_await write_all(*s, buffers);
      if (s->ended) break;
      if (r.ec) {
        s->end(client_errc::connection_closed, "writing to " + peer_ + " failed: " + r.ec.message());
        break;
      }
      s->last_activity = clock::now();
      if (handshake_write)
        s->hs_out.pop_front();
      else
        mux_.on_write_done();
      if (s->ph == session::phase::draining) maybe_begin_reauth(*s);
      sync_stats();
    }
    worker_done(*s);
  }

  // Request deadlines, for the whole life of async_run.
  awaitable<void> watch_deadlines() {
    while (!closed_) {
      armed_deadline_ = mux_.next_deadline().value_or(clock::time_point::max());
      deadline_timer_.expires_at(armed_deadline_);
      co_await deadline_timer_.async_wait(use_tuple);
      if (closed_) break;
      const auto expired = mux_.expire(clock::now());
      if (expired.queued + expired.in_flight == 0) continue;
      sync_stats();
      log(log_level::warn, std::to_string(expired.queued + expired.in_flight) + " request(s) timed out");
      if (expired.in_flight > 0 && session_) {
        // A response we stopped waiting for would still arrive and be taken for the next one's:
        // the stream is out of step with our bookkeeping, so the connection is closed and made
        // again, as the Java client does (NetworkClient disconnects on request timeout).
        session_->end(client_errc::connection_closed,
                      "connection closed because " + expired.first_in_flight +
                          " timed out (request.timeout.ms); it is re-established for later requests");
      }
    }
    armed_deadline_ = clock::time_point::min();
  }

  asio::any_io_executor ex_;
  broker_address address_;
  std::string peer_;
  std::shared_ptr<const connection_config> cfg_;
  transport_factory factory_;
  std::string setup_error_;  // non-empty: the connection can never work (TLS without a context)
  multiplexer mux_;
  asio::steady_timer wake_;            // the run loop waits on it: new request, backoff over, close
  asio::steady_timer deadline_timer_;  // the earliest request deadline
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

}  // namespace detail

std::shared_ptr<connection> connection::create(executor_type executor, broker_address address,
                                               std::shared_ptr<const connection_config> config,
                                               std::shared_ptr<boost::asio::ssl::context> tls) {
  const bool tls_missing = uses_tls(config->security) && !tls;
  auto cfg = config;
  detail::transport_factory factory = [cfg, tls](const boost::asio::any_io_executor& ex) {
    return detail::make_socket_transport(ex, *cfg, tls);
  };
  return std::shared_ptr<connection>(
      new connection(std::move(executor), std::move(address), std::move(config), std::move(factory), tls_missing));
}

std::shared_ptr<connection> connection::create_with_transport(executor_type executor, broker_address address,
                                                              std::shared_ptr<const connection_config> config,
                                                              detail::transport_factory factory) {
  return std::shared_ptr<connection>(
      new connection(std::move(executor), std::move(address), std::move(config), std::move(factory), false));
}

connection::connection(executor_type executor, broker_address address, std::shared_ptr<const connection_config> config,
                       detail::transport_factory factory, bool tls_missing)
    : executor_(std::move(executor)), address_(std::move(address)) {
  std::string setup_error;
  if (tls_missing)
    setup_error = "security protocol needs TLS but no TLS context was given for " + detail::peer_text(address_) +
                  " (make one with make_tls_context)";
  impl_ = std::make_shared<detail::connection_impl>(executor_, address_, std::move(config), std::move(factory),
                                                    std::move(setup_error));
}

connection::~connection() { impl_->close(); }

void connection::close() { impl_->close(); }

void connection::start_run(run_handler handler) { impl_->start_run(std::move(handler)); }

void connection::enqueue(std::unique_ptr<detail::pending_request> op, std::optional<milliseconds> timeout) {
  impl_->enqueue(std::move(op), timeout);
}

const protocol::api_versions_response* connection::broker_versions() const { return impl_->versions(); }

connection_stats connection::stats() const { return impl_->stats(); }

}  // namespace kwire::net
