#include <kwire/admin/admin_core.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

error_info item_error(std::string_view api, std::string_view item, std::int16_t code,
                      const std::optional<std::string>& message) {
  if (code == 0) return {};
  return error_info{static_cast<broker_errc>(code),
                    std::string(api) + " " + std::string(item) + ": " + error_text(code, message)};
}

admin_core::admin_core(boost::asio::any_io_executor executor, admin_config config)
    : cfg_(std::move(config)), cluster_(net::cluster::create(std::move(executor), cfg_.cluster)) {}

admin_core::~admin_core() = default;

admin_core::clock::time_point admin_core::deadline(const admin_options& options) const {
  return clock::now() + options.timeout.value_or(cfg_.default_api_timeout);
}

net::target admin_core::controller() const {
  const auto view = cluster_->snapshot();
  if (view && view->controller_id >= 0 && view->broker(view->controller_id)) return net::node{view->controller_id};
  return net::any_broker{};
}

void admin_core::later(callback<> fn) { later(cfg_.cluster.retry_backoff, std::move(fn)); }

void admin_core::later(std::chrono::milliseconds delay, callback<> fn) {
  auto timer = std::make_shared<boost::asio::steady_timer>(get_executor(), delay);
  timer->async_wait([timer, fn = std::move(fn)](boost::system::error_code) mutable { std::move(fn)(); });
}

bool admin_core::retriable(std::error_code ec) {
  if (!ec) return false;
  if (ec.category() == broker_category()) return is_retriable(static_cast<broker_errc>(ec.value()));
  if (ec == client_errc::connection_closed || ec == client_errc::timed_out) return true;
  // Socket-level failures (refused, reset, unreachable) come as system or asio errors.
  return ec.category() == std::system_category() || ec.category() == boost::asio::error::get_system_category() ||
         ec.category() == boost::asio::error::get_misc_category();
}

std::chrono::milliseconds admin_core::request_timeout(clock::time_point deadline) const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  return std::clamp(left, std::chrono::milliseconds(1), cfg_.cluster.connection.request_timeout);
}

void admin_core::ensure_started(callback<std::error_code, std::string> fn) {
  boost::asio::post(get_executor(), [self = shared_from_this(), fn = std::move(fn)]() mutable {
    switch (self->phase_) {
      case phase::started:
        return std::move(fn)(std::error_code(), std::string());
      case phase::closed:
        return std::move(fn)(make_error_code(client_errc::connection_closed), std::string("the admin client is closed"));
      case phase::starting:
        return self->start_waiters_.push_back(std::move(fn));
      case phase::idle:
        break;
    }
    self->phase_ = phase::starting;
    self->start_waiters_.push_back(std::move(fn));
    self->cluster_->async_start(boost::asio::bind_executor(self->get_executor(), [self](std::error_code ec, std::string detail) {
      if (self->phase_ == phase::starting) self->phase_ = ec ? phase::idle : phase::started;  // a failed start is tried again
      auto waiters = std::move(self->start_waiters_);
      self->start_waiters_.clear();
      for (auto& w : waiters) std::move(w)(ec, detail);
    }));
  });
}

void admin_core::start(detailed<> h) {
  ensure_started([h = std::move(h)](std::error_code ec, std::string detail) mutable { std::move(h)(ec, std::move(detail)); });
}

void admin_core::close(detailed<> h) {
  boost::asio::post(get_executor(), [self = shared_from_this(), h = std::move(h)]() mutable {
    self->phase_ = phase::closed;
    self->cluster_->async_close(boost::asio::bind_executor(
        self->get_executor(), [h = std::move(h)](std::error_code ec) mutable { std::move(h)(ec, std::string()); }));
  });
}

}  // namespace kwire::client
