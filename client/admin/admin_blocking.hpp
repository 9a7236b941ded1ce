#pragma once
// The admin client for users without Asio: it owns an io_context and the one thread that runs
// it; every call waits for its answer.
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   a.create_topics({{.name = "orders", .partitions = 3, .replication_factor = 1}}).at("orders").get();
//   for (const auto& [name, t] : a.list_topics()) std::cout << name << '\n';
//
// Errors: a call that fails as a whole (no broker answered within the timeout, a bad argument)
// throws kwire::error (docs/errors.md), the constructor too for a bad configuration; per-item
// outcomes come back as kwire::result, whose get() throws for that item.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>
#include <tuple>

#include <initializer_list>

#include <kwire/admin/admin.hpp>

namespace kwire::client {

class blocking_admin : public blocking_topics_calls<blocking_admin>,
                       public blocking_cluster_calls<blocking_admin>,
                       public blocking_configs_calls<blocking_admin>,
                       public blocking_groups_calls<blocking_admin>,
                       public blocking_records_calls<blocking_admin>,
                       public blocking_security_calls<blocking_admin>,
                       public blocking_transactions_calls<blocking_admin> {
 public:
  explicit blocking_admin(admin_config config);
  // Java-named properties; throws kwire::error (client_errc::invalid_config, naming the key).
  explicit blocking_admin(const properties& props);
  // The same, for blocking_admin x({{"bootstrap.servers", "host:9092"}}): without it one pair of string
  // literals is ambiguous (std::map also takes two const char* as an iterator range).
  explicit blocking_admin(std::initializer_list<properties::value_type> props) : blocking_admin(properties(props)) {}
  ~blocking_admin();  // closes (errors ignored), then joins the thread
  blocking_admin(const blocking_admin&) = delete;
  blocking_admin& operator=(const blocking_admin&) = delete;

  // Bootstraps now (otherwise the first call does), e.g. to fail fast on a wrong
  // bootstrap.servers.
  void start();
  void close();

  // The asynchronous admin underneath.
  admin& async() { return *a_; }

  // Runs one asynchronous call and waits: its value, or kwire::error with the call's detail.
  // start(diag, handler) begins the call. The family mixins use it.
  template <class T, class Start>
  T wait(Start start) {
    std::promise<T> p;
    error_info diag;
    start(diag, [&p](std::error_code ec, T v) {
      if (ec) return p.set_value(T{});
      p.set_value(std::move(v));
    });
    auto out = p.get_future().get();
    throw_if_failed(diag);  // written before the handler ran, so visible after the future
    return out;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<admin> a_;
  std::thread thread_;
  bool closed_ = false;
};

}  // namespace kwire::client

namespace kwire {
using client::blocking_admin;
}  // namespace kwire
