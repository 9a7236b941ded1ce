#include <kwire/producer/producer_blocking.hpp>

#include <boost/asio/post.hpp>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

std::unique_ptr<blocking_producer> blocking_producer::create(producer_config config) {
  return std::unique_ptr<blocking_producer>(new blocking_producer(config_tag{}, std::move(config)));
}

blocking_producer::blocking_producer(config_tag, producer_config config)
    : work_(io_.get_executor()),
      producer_(producer::create(io_.get_executor(), std::move(config))),
      thread_([this] { io_.run(); }) {}

blocking_producer::blocking_producer(const properties& props) : blocking_producer(config_tag{}, parse_or_throw(props, &parse_producer_config)) {}

blocking_producer::~blocking_producer() {
  try {
    close();
  } catch (const error&) {  // a destructor reports nothing; close() explicitly to see errors
  }
  work_.reset();
  thread_.join();
}

std::future<record_metadata> blocking_producer::send(const record& r) {
  auto done = std::make_shared<std::promise<record_metadata>>();
  auto f = done->get_future();
  // buffer.memory full: wait here, in the caller's thread, up to max.block.ms (as Java's send).
  if (std::string why; !producer_->wait_for_buffer(r, why)) {
    done->set_exception(std::make_exception_ptr(error(client_errc::timed_out, std::move(why))));
    return f;
  }
  producer_->async_send(r, [done](std::error_code ec, record_metadata md) {
    if (ec)
      done->set_exception(std::make_exception_ptr(error(ec, std::move(md.error_detail))));
    else
      done->set_value(std::move(md));
  });
  return f;
}

std::future<record_metadata> blocking_producer::send(std::string_view topic, std::string_view value) {
  record r;
  r.topic = topic;
  r.value = as_bytes(value);
  return send(r);
}

std::future<record_metadata> blocking_producer::send(std::string_view topic, std::string_view key,
                                                     std::string_view value) {
  record r;
  r.topic = topic;
  r.key = as_bytes(key);
  r.value = as_bytes(value);
  return send(r);
}

void blocking_producer::flush() {
  std::promise<void> done;
  producer_->async_flush([&done](std::error_code) { done.set_value(); });
  done.get_future().wait();
}

template <class Start>
void blocking_producer::wait_txn(Start start) {
  std::promise<void> done;
  error_info info;
  start(info, [&done](std::error_code) { done.set_value(); });
  done.get_future().wait();
  if (info.failed()) throw error(info);
}

void blocking_producer::init_transactions() {
  wait_txn([this](error_info& i, auto h) { producer_->async_init_transactions(i, std::move(h)); });
}
void blocking_producer::begin_transaction() {
  wait_txn([this](error_info& i, auto h) { producer_->async_begin_transaction(i, std::move(h)); });
}
void blocking_producer::send_offsets_to_transaction(const offsets_to_commit& offsets, const consumer_group_metadata& group) {
  wait_txn([&](error_info& i, auto h) { producer_->async_send_offsets_to_transaction(offsets, group, i, std::move(h)); });
}
void blocking_producer::commit_transaction() {
  wait_txn([this](error_info& i, auto h) { producer_->async_commit_transaction(i, std::move(h)); });
}
void blocking_producer::abort_transaction() {
  wait_txn([this](error_info& i, auto h) { producer_->async_abort_transaction(i, std::move(h)); });
}
txn_state blocking_producer::transaction_state() {
  std::promise<txn_state> s;
  boost::asio::post(producer_->get_executor(), [&] { s.set_value(producer_->transaction_state()); });
  return s.get_future().get();
}

void blocking_producer::close(std::chrono::milliseconds timeout) {
  if (closed_) return;
  closed_ = true;
  std::promise<std::error_code> done;
  producer_->async_close(timeout, [&done](std::error_code ec) { done.set_value(ec); });
  if (auto ec = done.get_future().get()) throw error(ec, "close: " + ec.message());
}

}  // namespace kwire::client
