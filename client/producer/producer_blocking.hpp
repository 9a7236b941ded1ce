#pragma once
// The producer for code without Asio, as kafka-python users know it: it owns an io_context and
// the one thread that runs it.
//
//   kwire::blocking_producer p({{"bootstrap.servers", "localhost:9092"}});
//   auto f = p.send("orders", "key", "value");      // std::future<kwire::record_metadata>
//   kwire::record_metadata md = f.get();             // throws kwire::error on failure
//   p.flush();
//   p.close();
//
// Errors: kwire::error (a std::system_error carrying the detail text; docs/errors.md), from the
// constructor for a bad configuration, from a send's future for a failed delivery, from close().
//
// Calls may come from any thread except the producer's own (a callback waiting on a future of
// this producer would wait for itself).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <initializer_list>

#include <kwire/error.hpp>
#include <kwire/producer/producer.hpp>

namespace kwire::client {

class blocking_producer {
 public:
  // Java-named properties; throws kwire::error (client_errc::invalid_config, naming the key).
  explicit blocking_producer(const properties& props);
  // The same, for blocking_producer x({{"bootstrap.servers", "host:9092"}}): without it one pair of string
  // literals is ambiguous (std::map also takes two const char* as an iterator range).
  explicit blocking_producer(std::initializer_list<properties::value_type> props) : blocking_producer(properties(props)) {}
  // Typed settings (a separate name: a braced list of properties would also fit the struct).
  static std::unique_ptr<blocking_producer> create(producer_config config);
  ~blocking_producer();  // close() without a time limit (errors ignored), then the thread ends
  blocking_producer(const blocking_producer&) = delete;
  blocking_producer& operator=(const blocking_producer&) = delete;

  std::future<record_metadata> send(const record& r);
  std::future<record_metadata> send(std::string_view topic, std::string_view value);
  std::future<record_metadata> send(std::string_view topic, std::string_view key, std::string_view value);
  // With a callback instead of a future (it runs on the producer's thread).
  template <class Callback>
  void send(const record& r, Callback&& cb) {
    producer_->async_send(r, std::forward<Callback>(cb));
  }

  // Waits until every record sent so far has completed (delivered or failed).
  void flush();
  // Flushes for up to `timeout`, fails what is left, closes the connections. Idempotent.
  // Throws kwire::error when closing fails.
  void close(std::chrono::milliseconds timeout = std::chrono::milliseconds::max());

  // Transactions (transactional.id; docs/transactions.md). Each waits for its answer and
  // throws kwire::error on failure; error_info::ec tells fatal (close the producer) from
  // abortable (abort_transaction and carry on) through the producer's transaction_state().
  void init_transactions();
  void begin_transaction();
  void send_offsets_to_transaction(const offsets_to_commit& offsets, const consumer_group_metadata& group);
  void commit_transaction();  // flushes first
  void abort_transaction();
  // The transaction's state now (fatal_error: only close() is left).
  txn_state transaction_state();

  producer& async() { return *producer_; }

 private:
  struct config_tag {};
  blocking_producer(config_tag, producer_config config);
  template <class Start>
  void wait_txn(Start start);

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<producer> producer_;
  std::thread thread_;
  bool closed_ = false;
};

}  // namespace kwire::client

namespace kwire {
using client::blocking_producer;
}  // namespace kwire
