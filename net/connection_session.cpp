// net::connection, one session (net/detail/connection_impl.hpp): from a connected transport to
// its end, the handshake driven to completion (net/handshake.hpp), KIP-368 re-authentication,
// the reader feeding frames to the handshake or the multiplexer, and the writer. The run loop
// that starts sessions and tears them down is connection.cpp.

#include <boost/asio/co_spawn.hpp>
#include <span>

#include <kwire/net/detail/connection_impl.hpp>
#include <kwire/net/oauth.hpp>
#include <kwire/net/sasl.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net::detail {

namespace asio = boost::asio;
using asio::awaitable;

// The transport is connected: the handshake starts, and the reader and writer serve it.
void connection_impl::start_workers(const std::shared_ptr<session>& s) {
  s->ph = session::phase::handshaking;
  begin_handshake(*s);
  s->workers = 2;
  asio::co_spawn(ex_, reader(s), [self = shared_from_this()](std::exception_ptr e) { rethrow(e); });
  asio::co_spawn(ex_, writer(s), [self = shared_from_this()](std::exception_ptr e) { rethrow(e); });
}

void connection_impl::on_handshake_action(session& s, handshake::action a) {
  using kind = handshake::action::kind;
  if (a.type == kind::write) {
    s.hs_out.emplace_back(a.frame.begin(), a.frame.end());
    s.wake_writer.cancel();
  } else if (a.type == kind::failed) {
    s.end(a.ec, (s.ph == session::phase::reauthenticating ? "re-authentication with " : "handshake with ") + peer_ +
                    " failed: " + a.detail);
  } else {
    on_handshake_done(s);
  }
}

// The handshake (or a re-authentication) completed: requests may be written again.
void connection_impl::on_handshake_done(session& s) {
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

// The handshake (phase handshaking) or a re-authentication (phase reauthenticating) starts; with
// a token endpoint, OAUTHBEARER sends the token fetched for it (s.oauth_token).
void connection_impl::begin_handshake(session& s) {
  if (s.ph == session::phase::handshaking)
    s.hs.emplace(*cfg_, mux_.next_correlation_id());
  else
    s.hs.emplace(*cfg_, *versions_, reauth, mux_.next_correlation_id());
  if (uses_token_source())
    s.hs->use_mechanism(make_oauthbearer([token = s.oauth_token](oauth_token& t) {
      t.value = token;
      return std::error_code();
    }));
  on_handshake_action(s, s.hs->start());
}

bool connection_impl::uses_token_source() const {
  return uses_sasl(cfg_->security) && cfg_->sasl.mechanism == "OAUTHBEARER" && cfg_->sasl.token_source;
}

// A token from the endpoint for the coming handshake (connection.cpp, before connecting): false
// when the session ended meanwhile (the endpoint failed, or close()).
awaitable<bool> connection_impl::fetch_token(std::shared_ptr<session> s) {
  struct outcome {
    bool arrived = false;
    std::error_code ec;
    std::string detail, token;
  };
  auto got = std::make_shared<outcome>();
  cfg_->sasl.token_source->async_token(ex_, [s, got](std::error_code ec, std::string detail, std::string token) {
    *got = {true, ec, std::move(detail), std::move(token)};
    s->wake_writer.cancel();
  });
  while (!got->arrived && !s->ended) {
    s->wake_writer.expires_at(clock::time_point::max());
    co_await s->wake_writer.async_wait(use_tuple);
  }
  if (s->ended) co_return false;
  if (got->ec) {
    s->end(got->ec, "handshake with " + peer_ + " failed: " + got->detail);
    co_return false;
  }
  s->oauth_token = std::move(got->token);
  co_return true;
}

// KIP-368: writing paused; once nothing is in flight, the SASL steps run again (after a token
// from the endpoint, when there is one: a new one once the cached one is due for refresh).
void connection_impl::maybe_begin_reauth(session& s) {
  if (s.ended || s.ph != session::phase::draining || mux_.in_flight() != 0 || mux_.writing()) return;
  s.ph = session::phase::reauthenticating;
  log(log_level::debug, "re-authenticating");
  if (!uses_token_source()) return begin_handshake(s);
  auto sp = session_;  // s, kept alive until the token arrives
  cfg_->sasl.token_source->async_token(ex_, [self = shared_from_this(), sp](std::error_code ec, std::string detail,
                                                                           std::string token) {
    if (sp->ended) return;
    if (ec) return sp->end(ec, "re-authentication with " + self->peer_ + " failed: " + detail);
    sp->oauth_token = std::move(token);
    self->begin_handshake(*sp);
  });
}

protocol::codec_result connection_impl::on_frame(session& s, protocol::byte_view frame) {
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

awaitable<void> connection_impl::reader(std::shared_ptr<session> s) {
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
awaitable<io_result> connection_impl::write_all(session& s, std::vector<asio::const_buffer>& buffers) {
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

// What the writer sends next into `buffers`: a handshake frame first, else requests once the
// session is ready. False when a re-authentication starts instead (the writer looks again).
bool connection_impl::collect_writes(session& s, std::vector<asio::const_buffer>& buffers) {
  buffers.clear();
  if (!s.hs_out.empty()) {
    buffers.push_back(asio::buffer(s.hs_out.front()));
  } else if (s.ph == session::phase::ready) {
    if (s.reauth_at && clock::now() >= *s.reauth_at) {
      s.ph = session::phase::draining;
      maybe_begin_reauth(s);
      return false;
    }
    for (const auto frame : mux_.prepare_write(*versions_, clock::now())) buffers.emplace_back(frame.data(), frame.size());
    sync_stats();
  }
  return true;
}

// With nothing to write: when the writer should look again (the idle limit, the
// re-authentication time, else only when woken). Nullopt: the session was idle too long and ended.
std::optional<clock::time_point> connection_impl::writer_wake_time(session& s) {
  auto wake = clock::time_point::max();
  if (s.ph != session::phase::ready) return wake;
  if (mux_.idle()) {
    const auto idle_at = s.last_activity + cfg_->connections_max_idle;
    if (clock::now() >= idle_at) {
      s.idle = true;
      s.end({}, "idle");
      return std::nullopt;
    }
    wake = idle_at;
  }
  if (s.reauth_at) wake = std::min(wake, *s.reauth_at);
  return wake;
}

awaitable<void> connection_impl::writer(std::shared_ptr<session> s) {
  std::vector<asio::const_buffer> buffers;
  while (!s->ended) {
    const bool handshake_write = !s->hs_out.empty();
    if (!collect_writes(*s, buffers)) continue;
    if (buffers.empty()) {
      const auto wake = writer_wake_time(*s);
      if (!wake) break;
      s->wake_writer.expires_at(*wake);
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

}  // namespace kwire::net::detail
