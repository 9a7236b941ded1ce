#include <kwire/consumer/consumer_blocking.hpp>

#include <future>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

// Runs one asynchronous call and waits: its value, or kwire::error with the call's detail.
template <class... T, class Start>
auto wait_for(Start start) {
  using value = std::conditional_t<sizeof...(T) == 0, bool, std::tuple_element_t<0, std::tuple<T..., bool>>>;
  std::promise<value> p;
  error_info diag;
  start(diag, [&p](std::error_code ec, T... v) {
    if (ec) return p.set_value(value{});
    if constexpr (sizeof...(T) == 0) p.set_value(true);
    else p.set_value(std::move(v)...);
  });
  auto out = p.get_future().get();
  throw_if_failed(diag);  // written before the handler ran, so visible after the future
  return out;
}


}  // namespace

blocking_consumer::blocking_consumer(consumer_config config)
    : work_(io_.get_executor()), c_(consumer::create(io_.get_executor(), std::move(config))), thread_([this] { io_.run(); }) {}

blocking_consumer::blocking_consumer(const properties& props) : blocking_consumer(parse_or_throw(props, &parse_consumer_config)) {}

blocking_consumer::~blocking_consumer() {
  if (!closed_) {
    try {
      close();
    } catch (const error&) {  // a destructor reports nothing; close() explicitly to see errors
    }
  }
  work_.reset();
  if (thread_.joinable()) thread_.join();  // close() joined it if it had to abandon
}

void blocking_consumer::start() {
  std::lock_guard<std::mutex> lock(start_mutex_);
  if (started_) return;
  wait_for<>([this](error_info& diag, auto h) { c_->async_start(diag, std::move(h)); });
  started_ = true;
}

void blocking_consumer::ensure_started() {
  start();
}

records blocking_consumer::poll(std::chrono::milliseconds timeout) {
  ensure_started();
  return wait_for<records>([&](error_info& diag, auto h) { c_->async_poll(timeout, diag, std::move(h)); });
}

void blocking_consumer::commit(std::optional<offsets_to_commit> offsets) {
  ensure_started();
  wait_for<>([&](error_info& diag, auto h) { c_->async_commit(std::move(offsets), diag, std::move(h)); });
}

committed_offsets blocking_consumer::committed(std::vector<topic_partition> partitions) {
  ensure_started();
  return wait_for<committed_offsets>(
      [&](error_info& diag, auto h) { c_->async_committed(std::move(partitions), diag, std::move(h)); });
}

std::int64_t blocking_consumer::position(const topic_partition& tp) {
  ensure_started();
  return wait_for<std::int64_t>([&](error_info& diag, auto h) { c_->async_position(tp, diag, std::move(h)); });
}

offsets_found blocking_consumer::offsets_for_times(std::map<topic_partition, std::int64_t> timestamps) {
  ensure_started();
  return wait_for<offsets_found>(
      [&](error_info& diag, auto h) { c_->async_list_offsets(std::move(timestamps), diag, std::move(h)); });
}

std::map<topic_partition, std::int64_t> blocking_consumer::offsets_at(const std::vector<topic_partition>& partitions,
                                                                      std::int64_t timestamp) {
  std::map<topic_partition, std::int64_t> ts;
  for (const auto& tp : partitions) ts[tp] = timestamp;
  std::map<topic_partition, std::int64_t> out;
  for (auto& [tp, r] : offsets_for_times(std::move(ts))) out[tp] = r.get().offset;  // the first failure throws
  return out;
}

std::map<topic_partition, std::int64_t> blocking_consumer::beginning_offsets(const std::vector<topic_partition>& partitions) {
  return offsets_at(partitions, earliest_timestamp);
}

std::map<topic_partition, std::int64_t> blocking_consumer::end_offsets(const std::vector<topic_partition>& partitions) {
  return offsets_at(partitions, latest_timestamp);
}

std::map<std::string, topic_info> blocking_consumer::topics() {
  ensure_started();
  return wait_for<std::map<std::string, topic_info>>(
      [&](error_info& diag, auto h) { c_->async_topics({}, diag, std::move(h)); });
}

std::vector<partition_info> blocking_consumer::partitions_for_topic(const std::string& topic) {
  ensure_started();
  auto all = wait_for<std::map<std::string, topic_info>>(
      [&](error_info& diag, auto h) { c_->async_topics({topic}, diag, std::move(h)); });
  auto it = all.find(topic);
  if (it == all.end() || it->second.error)
    throw error(it == all.end() ? make_error_code(broker_errc::unknown_topic_or_partition) : it->second.error,
                "topic " + topic + " does not exist");
  return std::move(it->second.partitions);
}

void blocking_consumer::close() {
  if (abandoned_) return;
  closed_ = true;
  // async_close's commit and leave are bounded by default.api.timeout.ms. A completion that
  // never comes (a bug) must not hang the caller or the destructor: past that bound and a grace,
  // the io_context is stopped, its connections abandoned (closed when destroyed), and close()
  // throws timed_out.
  auto done = std::make_shared<std::promise<void>>();
  auto diag = std::make_shared<error_info>();
  c_->async_close(*diag, [done](std::error_code) { done->set_value(); });
  const auto bound = c_->config().default_api_timeout + std::chrono::seconds(10);
  if (done->get_future().wait_for(bound) == std::future_status::timeout) {
    io_.stop();
    thread_.join();
    abandoned_ = true;
    throw error(client_errc::timed_out,
                "consumer close() did not complete within default.api.timeout.ms + 10 s (" +
                    std::to_string(bound.count()) + " ms); its connections were abandoned");
  }
  throw_if_failed(*diag);
}

void blocking_consumer::iterator::fill() {
  batch_.clear();
  index_ = 0;
  const auto limit = owner_->c_->config().consumer_timeout;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto wait = std::chrono::milliseconds(1000);
    if (limit) {
      const auto left = *limit - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
      if (left <= std::chrono::milliseconds(0)) break;
      wait = std::min(wait, left);
    }
    auto batch = owner_->poll(wait);  // throws kwire::error: the loop ends with it
    if (!batch.empty()) {
      batch_ = std::move(batch);
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
