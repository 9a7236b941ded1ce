#include <kwire/consumer/consumer_blocking.hpp>

#include <future>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

// Waits for one completion of signature void(std::error_code, T).
template <class T>
struct waiter {
  std::promise<net::result<T>> promise;
  auto callback() {
    return [this](std::error_code ec, T value) {
      net::result<T> r;
      r.ec = ec;
      r.value = std::move(value);
      if (ec) r.detail = ec.message();
      promise.set_value(std::move(r));
    };
  }
  net::result<T> get() { return promise.get_future().get(); }
};

}  // namespace

blocking_consumer::blocking_consumer(consumer_config config)
    : work_(io_.get_executor()), c_(consumer::create(io_.get_executor(), std::move(config))), thread_([this] { io_.run(); }) {}

namespace {

consumer_config parse_or_throw(const properties& props) {
  consumer_config cfg;
  if (auto r = parse_consumer_config(props, cfg); !r) throw std::system_error(r.ec, r.detail);
  return cfg;
}

}  // namespace

blocking_consumer::blocking_consumer(const properties& props) : blocking_consumer(parse_or_throw(props)) {}

blocking_consumer::~blocking_consumer() {
  if (!closed_) close();
  work_.reset();
  thread_.join();
}

net::result<bool> blocking_consumer::start() {
  std::promise<net::result<bool>> p;
  c_->async_start([&p](std::error_code ec, std::string detail) {
    net::result<bool> r;
    r.ec = ec;
    r.detail = std::move(detail);
    r.value = !ec;
    p.set_value(std::move(r));
  });
  return p.get_future().get();
}

net::result<records> blocking_consumer::poll(std::chrono::milliseconds timeout) {
  waiter<records> w;
  c_->async_poll(timeout, w.callback());
  auto r = w.get();
  if (r.ec) r.detail = c_->last_error().empty() ? r.ec.message() : c_->last_error();
  return r;
}

net::result<bool> blocking_consumer::commit(std::optional<offsets_to_commit> offsets) {
  std::promise<net::result<bool>> p;
  c_->async_commit(std::move(offsets), [&p](std::error_code ec, std::string detail) {
    net::result<bool> r;
    r.ec = ec;
    r.detail = std::move(detail);
    r.value = !ec;
    p.set_value(std::move(r));
  });
  return p.get_future().get();
}

net::result<committed_offsets> blocking_consumer::committed(std::vector<topic_partition> partitions) {
  waiter<committed_offsets> w;
  c_->async_committed(std::move(partitions), w.callback());
  return w.get();
}

net::result<std::int64_t> blocking_consumer::position(const topic_partition& tp) {
  waiter<std::int64_t> w;
  c_->async_position(tp, w.callback());
  return w.get();
}

net::result<offset_lookups> blocking_consumer::offsets_for_times(std::map<topic_partition, std::int64_t> timestamps) {
  waiter<offset_lookups> w;
  c_->async_list_offsets(std::move(timestamps), w.callback());
  return w.get();
}

net::result<std::map<topic_partition, std::int64_t>> blocking_consumer::offsets_at(
    const std::vector<topic_partition>& partitions, std::int64_t timestamp) {
  std::map<topic_partition, std::int64_t> ts;
  for (const auto& tp : partitions) ts[tp] = timestamp;
  auto found = offsets_for_times(std::move(ts));
  net::result<std::map<topic_partition, std::int64_t>> out;
  out.ec = found.ec;
  out.detail = found.detail;
  for (const auto& [tp, l] : found.value) {
    if (l.ec && !out.ec) out.ec = l.ec, out.detail = l.detail;
    if (!l.ec) out.value[tp] = l.offset;
  }
  return out;
}

net::result<std::map<topic_partition, std::int64_t>> blocking_consumer::beginning_offsets(
    const std::vector<topic_partition>& partitions) {
  return offsets_at(partitions, earliest_timestamp);
}

net::result<std::map<topic_partition, std::int64_t>> blocking_consumer::end_offsets(
    const std::vector<topic_partition>& partitions) {
  return offsets_at(partitions, latest_timestamp);
}

net::result<std::map<std::string, net::topic_info>> blocking_consumer::topics() {
  waiter<std::map<std::string, net::topic_info>> w;
  c_->async_topics({}, w.callback());
  return w.get();
}

net::result<std::vector<net::partition_info>> blocking_consumer::partitions_for_topic(const std::string& topic) {
  waiter<std::map<std::string, net::topic_info>> w;
  c_->async_topics({topic}, w.callback());
  auto r = w.get();
  net::result<std::vector<net::partition_info>> out;
  out.ec = r.ec;
  out.detail = r.detail;
  auto it = r.value.find(topic);
  if (!out.ec && (it == r.value.end() || it->second.error_code != 0)) {
    out.ec = make_error_code(broker_errc::unknown_topic_or_partition);
    out.detail = "topic " + topic + " does not exist";
  } else if (it != r.value.end()) {
    out.value = it->second.partitions;
  }
  return out;
}

net::result<bool> blocking_consumer::close() {
  closed_ = true;
  std::promise<net::result<bool>> p;
  c_->async_close([&p](std::error_code ec) {
    net::result<bool> r;
    r.ec = ec;
    r.value = !ec;
    p.set_value(std::move(r));
  });
  return p.get_future().get();
}

void blocking_consumer::iterator::fill() {
  batch_.clear();
  index_ = 0;
  const auto limit = owner_->c_->config().consumer_timeout;
  const auto start = std::chrono::steady_clock::now();
  owner_->iteration_error_ = {};
  for (;;) {
    auto wait = std::chrono::milliseconds(1000);
    if (limit) {
      const auto left = *limit - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
      if (left <= std::chrono::milliseconds(0)) break;
      wait = std::min(wait, left);
    }
    auto r = owner_->poll(wait);
    if (!r) {
      owner_->iteration_error_.ec = r.ec;
      owner_->iteration_error_.detail = r.detail;
      break;
    }
    if (!r.value.empty()) {
      batch_ = std::move(r.value);
      return;
    }
  }
  done_ = true;
}

blocking_consumer::iterator& blocking_consumer::iterator::operator++() {
  if (++index_ >= batch_.size()) fill();
  return *this;
}

}  // namespace kwire::client
