#pragma once
// kwire::admin: the admin client (issue #16), asynchronous (any Asio completion token), over
// net::cluster. Every call routes to the node that must answer it (any broker, the controller,
// a partition leader, a group or transaction coordinator), batches what Kafka batches, retries
// what Kafka marks retriable within default.api.timeout.ms (or the call's own timeout), and
// returns one kwire::result per item: one bad topic does not hide the others' success.
//
//   auto a = kwire::admin::create(ioc.get_executor(), {{"bootstrap.servers", "localhost:9092"}});
//   kwire::error_info diag;
//   a->async_create_topics({{.name = "orders", .partitions = 3}}, {}, diag,
//                          [](std::error_code ec, kwire::created_topics made) { ... });
//   a->async_close(token);
//
// The calls come in families, one header each (topics.hpp, configs.hpp, groups.hpp,
// records.hpp, cluster.hpp, security.hpp, transactions.hpp); docs/admin.md maps each
// kafka-*.sh task and each Java AdminClient method to its call.

#include <memory>

#include <kwire/admin/admin_core.hpp>
#include <kwire/admin/cluster.hpp>
#include <kwire/admin/configs.hpp>
#include <kwire/admin/groups.hpp>
#include <kwire/admin/records.hpp>
#include <kwire/admin/security.hpp>
#include <kwire/admin/topics.hpp>
#include <kwire/admin/transactions.hpp>

namespace kwire::client {

class admin : public admin_core,
              public topics_calls<admin>,
              public cluster_calls<admin>,
              public configs_calls<admin>,
              public groups_calls<admin>,
              public records_calls<admin>,
              public security_calls<admin>,
              public transactions_calls<admin> {
 public:
  static std::shared_ptr<admin> create(boost::asio::any_io_executor executor, admin_config config);
  // Java-named properties; throws kwire::error (client_errc::invalid_config, naming the key).
  static std::shared_ptr<admin> create(boost::asio::any_io_executor executor, const properties& props);

 private:
  admin(boost::asio::any_io_executor executor, admin_config config);
};

}  // namespace kwire::client

namespace kwire {
using client::admin;
}  // namespace kwire
