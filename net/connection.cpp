// net::connection, the run loop (net/detail/connection_impl.hpp): connect when a request is
// queued, hand the session to connection_session.cpp, tear it down, back off, reconnect; request
// intake, close() and request deadlines. Then the public face, net::connection.

#include <kwire/net/connection.hpp>

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>

#include <kwire/net/detail/connection_impl.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {
namespace detail {

namespace asio = boost::asio;
using asio::awaitable;

std::string peer_text(const broker_address& a) {
  auto text = (a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host) + ":" + a.port;
  if (a.node_id >= 0) text += " (node " + std::to_string(a.node_id) + ")";
  return text;
}

std::string ms_text(milliseconds d) { return std::to_string(d.count()) + " ms"; }

void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

connection_impl::connection_impl(asio::any_io_executor ex, broker_address address,
                                 std::shared_ptr<const connection_config> cfg, transport_factory factory,
                                 std::string setup_error)
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

void connection_impl::start_run(run_handler handler) {
  asio::dispatch(ex_, [self = shared_from_this(), h = std::move(handler)]() mutable {
    self->start_run_here(std::move(h));
  });
}

void connection_impl::enqueue(std::unique_ptr<pending_request> op, std::optional<milliseconds> timeout) {
  const auto t = timeout.value_or(cfg_->request_timeout);
  op->deadline = t.count() > 0 ? clock::now() + t : clock::time_point::max();
  asio::dispatch(ex_, [self = shared_from_this(), op = std::move(op)]() mutable {
    self->enqueue_here(std::move(op));
  });
}

void connection_impl::close() {
  asio::dispatch(ex_, [self = shared_from_this()] { self->close_here(); });
}

void connection_impl::copy_mux_stats() {
  stats_.queued = mux_.queued();
  stats_.in_flight = mux_.in_flight();
  stats_.requests_written = mux_.written;
  stats_.responses = mux_.answered;
  stats_.failed = mux_.failed;
  stats_.timeouts = mux_.timeouts;
  stats_.last_rtt = mux_.last_rtt;
  stats_.avg_rtt = mux_.answered ? std::chrono::microseconds(mux_.total_rtt.count() / static_cast<long long>(mux_.answered))
                                 : std::chrono::microseconds{0};
}

void connection_impl::start_run_here(run_handler handler) {
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

void connection_impl::complete_run(run_handler handler, std::error_code ec) {
  auto ex = asio::get_associated_executor(handler, ex_);
  asio::post(ex_, asio::bind_executor(ex, [h = std::move(handler), ec]() mutable { std::move(h)(ec); }));
}

void connection_impl::enqueue_here(std::unique_ptr<pending_request> op) {
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

void connection_impl::close_here() {
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

milliseconds connection_impl::backoff_after(int failures) {
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
awaitable<void> connection_impl::run() {
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

// One session: connect, then the reader and the writer (connection_session.cpp) until it ends.
awaitable<void> connection_impl::run_session() {
  auto s = std::make_shared<session>(ex_, mux_);
  session_ = s;
  // OAUTHBEARER with a token endpoint: the token first, within the endpoint's own time limits
  // (sasl.login.*), so that its failure is reported as such and not as a setup timeout.
  if (!uses_token_source() || co_await fetch_token(s)) {
    s->t = factory_(ex_);
    arm_setup_timeout(s);
    log(log_level::debug, "connecting");

    auto connected = co_await s->t->connect(address_);
    if (!connected && !s->ended) s->end(connected.ec, connected.detail);
  }
  if (!s->ended) {
    start_workers(s);
    while (s->workers > 0) {
      s->done.expires_at(clock::time_point::max());
      co_await s->done.async_wait(use_tuple);
    }
  }
  session_.reset();
  s->setup_timer.cancel();
  after_session(*s);
}

void connection_impl::arm_setup_timeout(const std::shared_ptr<session>& s) {
  const auto setup_timeout = cfg_->connection_setup_timeout;
  s->setup_timer.expires_after(setup_timeout);
  s->setup_timer.async_wait([s, this, setup_timeout](boost::system::error_code ec) {
    if (!ec && !s->became_ready)
      s->end(client_errc::timed_out, "connection setup to " + peer_ + " (connect, TLS, handshake) took longer than " +
                                         ms_text(setup_timeout) + " (socket.connection.setup.timeout.ms)");
  });
}

// After a session ended: fail what it leaves (unless it only went idle) and set the next attempt.
void connection_impl::after_session(const session& s) {
  if (s.idle) {
    log(log_level::info, "closed after " + ms_text(cfg_->connections_max_idle) +
                             " idle (connections.max.idle.ms); the next request reconnects");
    next_attempt_ = clock::now();
  } else {
    mux_.fail_all(s.ec, s.detail, s.queued_before);
    if (!closed_) {
      int failures = 1;
      if (!s.became_ready) {
        failures = ++failures_;
        update_stats([](connection_stats& st) { ++st.connect_failures; });
      }
      const auto wait = backoff_after(failures);
      next_attempt_ = clock::now() + wait;
      log(s.became_ready ? log_level::warn : log_level::error,
          s.detail + "; next attempt in " + ms_text(wait) + " at the earliest");
    }
  }
  mux_.abandon_write();
  update_stats([](connection_stats& st) { st.connected = false; });
}

// Request deadlines, for the whole life of async_run.
awaitable<void> connection_impl::watch_deadlines() {
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
