#pragma once
// The consumer for users without Asio (kafka-python style): it owns an io_context and the one
// thread that runs it; every call waits for its answer.
//
//   client::blocking_consumer c({{"bootstrap.servers", "localhost:9092"}, {"group.id", "g"}});
//   if (auto r = c.start(); !r) fail(r.detail);      // (or a consumer_config from parse_consumer_config)
//   c.subscribe({"orders"});
//   for (auto& rec : c) { ... }            // ends after consumer.timeout.ms without a record
//   auto batch = c.poll(1000ms);           // or poll yourself
//   c.commit();  c.close();
//
// Iteration ends when consumer.timeout.ms passes without a record (never when it is unset) or
// when a poll fails; iteration_error() then says why (empty after a timeout).
// Calls may come from any thread except the facade's own (a listener runs on it: do not call
// the facade from a rebalance listener).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include <kwire/consumer/consumer.hpp>
#include <kwire/net/blocking.hpp>

namespace kwire::client {

class blocking_consumer {
 public:
  explicit blocking_consumer(consumer_config config);
  // Java-named properties; throws std::system_error (client_errc::invalid_config, naming the key).
  explicit blocking_consumer(const properties& props);
  ~blocking_consumer();  // close() when not closed yet, then joins the thread
  blocking_consumer(const blocking_consumer&) = delete;
  blocking_consumer& operator=(const blocking_consumer&) = delete;

  net::result<bool> start();
  void subscribe(std::vector<std::string> topics, rebalance_listener listener = {}) { c_->subscribe(std::move(topics), std::move(listener)); }
  void subscribe(std::initializer_list<std::string> topics, rebalance_listener listener = {}) { c_->subscribe(std::vector<std::string>(topics), std::move(listener)); }
  void subscribe(std::regex pattern, rebalance_listener listener = {}) { c_->subscribe(std::move(pattern), std::move(listener)); }
  void unsubscribe() { c_->unsubscribe(); }
  void assign(std::vector<topic_partition> partitions) { c_->assign(std::move(partitions)); }
  void seek(const topic_partition& tp, std::int64_t offset) { c_->seek(tp, offset); }
  void seek_to_beginning(std::vector<topic_partition> p) { c_->seek_to_beginning(std::move(p)); }
  void seek_to_end(std::vector<topic_partition> p) { c_->seek_to_end(std::move(p)); }
  void pause(std::vector<topic_partition> p) { c_->pause(std::move(p)); }
  void resume(std::vector<topic_partition> p) { c_->resume(std::move(p)); }
  std::vector<topic_partition> assignment() const { return c_->assignment(); }

  net::result<records> poll(std::chrono::milliseconds timeout);
  net::result<bool> commit(std::optional<offsets_to_commit> offsets = std::nullopt);
  net::result<committed_offsets> committed(std::vector<topic_partition> partitions);
  net::result<std::int64_t> position(const topic_partition& tp);
  net::result<std::map<topic_partition, std::int64_t>> beginning_offsets(const std::vector<topic_partition>& partitions);
  net::result<std::map<topic_partition, std::int64_t>> end_offsets(const std::vector<topic_partition>& partitions);
  net::result<offset_lookups> offsets_for_times(std::map<topic_partition, std::int64_t> timestamps);
  net::result<std::vector<net::partition_info>> partitions_for_topic(const std::string& topic);
  net::result<std::map<std::string, net::topic_info>> topics();
  net::result<bool> close();

  // Range form.
  struct sentinel {};
  class iterator {
   public:
    consumer_record& operator*() { return batch_[index_]; }
    consumer_record* operator->() { return &batch_[index_]; }
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
  // Why the last iteration ended: ok after consumer.timeout.ms of silence.
  const net::result<bool>& iteration_error() const { return iteration_error_; }

  consumer& async() { return *c_; }

 private:
  net::result<std::map<topic_partition, std::int64_t>> offsets_at(const std::vector<topic_partition>& partitions,
                                                                  std::int64_t timestamp);
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<consumer> c_;
  std::thread thread_;
  bool closed_ = false;
  net::result<bool> iteration_error_;
};

}  // namespace kwire::client
