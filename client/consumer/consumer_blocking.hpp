#pragma once
// The consumer for users without Asio (kafka-python style): it owns an io_context and the one
// thread that runs it; every call waits for its answer.
//
//   kwire::blocking_consumer c({{"bootstrap.servers", "localhost:9092"}, {"group.id", "g"}});
//   c.subscribe({"orders"});
//   for (const kwire::consumer_record& r : c) { ... }   // ends after consumer.timeout.ms without a record
//   auto batch = c.poll(1000ms);                        // or poll yourself
//   c.commit();  c.close();
//
// Errors: every call that fails throws kwire::error (a std::system_error carrying the detail
// text; docs/errors.md), the constructor too for a bad configuration. The consumer starts
// (bootstraps) on the first call that needs the cluster; start() does it earlier, e.g. to
// fail fast on a wrong bootstrap.servers.
// Iteration ends when consumer.timeout.ms passes without a record (never when it is unset); a
// failed poll throws from the loop's increment (or from begin()).
// Calls may come from any thread except the facade's own (a listener runs on it: do not call
// the facade from a rebalance listener).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <thread>

#include <initializer_list>

#include <kwire/consumer/consumer.hpp>

namespace kwire::client {

class blocking_consumer {
 public:
  explicit blocking_consumer(consumer_config config);
  // Java-named properties; throws kwire::error (client_errc::invalid_config, naming the key).
  explicit blocking_consumer(const properties& props);
  // The same, for blocking_consumer x({{"bootstrap.servers", "host:9092"}}): without it one pair of string
  // literals is ambiguous (std::map also takes two const char* as an iterator range).
  explicit blocking_consumer(std::initializer_list<properties::value_type> props) : blocking_consumer(properties(props)) {}
  ~blocking_consumer();  // close() when not closed yet (errors ignored), then joins the thread
  blocking_consumer(const blocking_consumer&) = delete;
  blocking_consumer& operator=(const blocking_consumer&) = delete;

  // Bootstraps now (otherwise the first call that needs the cluster does). Once is enough.
  void start();
  // subscribe() while assigned, or assign() while subscribed, throws kwire::error
  // (client_errc::invalid_value, naming both) and changes nothing: unsubscribe() first.
  void subscribe(std::vector<std::string> topics, rebalance_listener listener = {}) {
    throw_if_failed(c_->subscribe(std::move(topics), std::move(listener)));
  }
  void subscribe(std::initializer_list<std::string> topics, rebalance_listener listener = {}) {
    throw_if_failed(c_->subscribe(std::vector<std::string>(topics), std::move(listener)));
  }
  void subscribe(std::regex pattern, rebalance_listener listener = {}) {
    throw_if_failed(c_->subscribe(std::move(pattern), std::move(listener)));
  }
  void unsubscribe() { c_->unsubscribe(); }
  void assign(std::vector<topic_partition> partitions) { throw_if_failed(c_->assign(std::move(partitions))); }
  void seek(const topic_partition& tp, std::int64_t offset) { c_->seek(tp, offset); }
  void seek_to_beginning(std::vector<topic_partition> p) { c_->seek_to_beginning(std::move(p)); }
  void seek_to_end(std::vector<topic_partition> p) { c_->seek_to_end(std::move(p)); }
  void pause(std::vector<topic_partition> p) { c_->pause(std::move(p)); }
  void resume(std::vector<topic_partition> p) { c_->resume(std::move(p)); }
  std::vector<topic_partition> assignment() const { return c_->assignment(); }
  consumer_group_metadata group_metadata() const { return c_->group_metadata(); }  // KIP-447, see consumer.hpp

  records poll(std::chrono::milliseconds timeout);
  void commit(std::optional<offsets_to_commit> offsets = std::nullopt);
  committed_offsets committed(std::vector<topic_partition> partitions);
  std::int64_t position(const topic_partition& tp);
  // Throw when any partition's lookup fails (the error names it).
  std::map<topic_partition, std::int64_t> beginning_offsets(const std::vector<topic_partition>& partitions);
  std::map<topic_partition, std::int64_t> end_offsets(const std::vector<topic_partition>& partitions);
  // One outcome per partition: a partition's failure does not hide the others' answers.
  offsets_found offsets_for_times(std::map<topic_partition, std::int64_t> timestamps);
  // Throws (UNKNOWN_TOPIC_OR_PARTITION) when the topic does not exist.
  std::vector<partition_info> partitions_for_topic(const std::string& topic);
  std::map<std::string, topic_info> topics();
  // Commits (auto-commit), leaves the group and closes the connections; waits at most
  // default.api.timeout.ms + 10 s, then abandons them and throws timed_out.
  void close();

  // Range form.
  struct sentinel {};
  class iterator {
   public:
    const consumer_record& operator*() const { return batch_[index_]; }
    const consumer_record* operator->() const { return &batch_[index_]; }
    iterator& operator++();
    bool operator==(sentinel) const { return done_; }

   private:
    friend class blocking_consumer;
    explicit iterator(blocking_consumer* owner) : owner_(owner) { fill(); }
    void fill();
    blocking_consumer* owner_;
    records batch_;
    std::size_t index_ = 0;
    bool done_ = false;
  };
  iterator begin() { return iterator(this); }
  sentinel end() { return {}; }

  consumer& async() { return *c_; }

 private:
  void ensure_started();
  std::map<topic_partition, std::int64_t> offsets_at(const std::vector<topic_partition>& partitions, std::int64_t timestamp);


  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<consumer> c_;
  std::thread thread_;
  std::mutex start_mutex_;
  bool started_ = false;
  bool closed_ = false;
  bool abandoned_ = false;  // close() gave up waiting: io_ stopped, thread_ joined
};

}  // namespace kwire::client

namespace kwire {
using client::blocking_consumer;
}  // namespace kwire
