#include <kwire/admin/admin_blocking.hpp>

namespace kwire::client {
blocking_admin::blocking_admin(admin_config config)
    : work_(io_.get_executor()), a_(admin::create(io_.get_executor(), std::move(config))), thread_([this] { io_.run(); }) {}

blocking_admin::blocking_admin(const properties& props) : blocking_admin(parse_or_throw(props, &parse_admin_config)) {}

blocking_admin::~blocking_admin() {
  if (!closed_) {
    try {
      close();
    } catch (const error&) {  // a destructor reports nothing; close() explicitly to see errors
    }
  }
  work_.reset();
  thread_.join();
}

void blocking_admin::start() {
  wait<bool>([this](error_info& diag, auto h) {
    a_->async_start(diag, [h = std::move(h)](std::error_code ec) mutable { std::move(h)(ec, !ec); });
  });
}

void blocking_admin::close() {
  closed_ = true;
  wait<bool>([this](error_info&, auto h) {
    a_->async_close([h = std::move(h)](std::error_code ec) mutable { std::move(h)(ec, !ec); });
  });
}

}  // namespace kwire::client
