#include <kwire/admin/admin.hpp>

namespace kwire::client {

admin::admin(boost::asio::any_io_executor executor, admin_config config)
    : admin_core(std::move(executor), std::move(config)) {}

std::shared_ptr<admin> admin::create(boost::asio::any_io_executor executor, admin_config config) {
  return std::shared_ptr<admin>(new admin(std::move(executor), std::move(config)));
}

std::shared_ptr<admin> admin::create(boost::asio::any_io_executor executor, const properties& props) {
  return create(std::move(executor), parse_or_throw(props, &parse_admin_config));
}

}  // namespace kwire::client
