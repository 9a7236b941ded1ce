// The asynchronous consumer on the program's own io_context, as a C++20 coroutine (no
// kafka-python counterpart: aiokafka's `async for msg in consumer` is the nearest). Any Asio
// completion token works; with use_awaitable each call gives a tuple (std::error_code, value).
// Polls until 5 s pass without a record, committing after each batch, then closes.
// Usage: consume_async TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/consumer/consumer.hpp>

namespace client = kwire::client;
using boost::asio::use_awaitable;

static int status = 0;
static void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  status = 1;
}

static boost::asio::awaitable<void> consume(std::shared_ptr<client::consumer> c, std::string topic) {
  if (auto [ec, detail] = co_await c->async_start(use_awaitable); ec) co_return fail(detail);
  c->subscribe({topic});
  for (;;) {
    auto [ec, batch] = co_await c->async_poll(std::chrono::seconds(5), use_awaitable);
    if (ec) co_return fail(c->last_error());
    if (batch.empty()) break;
    for (const auto& m : batch)
      std::printf("partition=%d offset=%lld value=%s\n", m.partition, static_cast<long long>(m.offset),
                  m.value ? std::string(m.value->begin(), m.value->end()).c_str() : "null");
    if (auto [cec, detail] = co_await c->async_commit(std::nullopt, use_awaitable); cec) co_return fail(detail);
  }
  co_await c->async_close(use_awaitable);
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_async TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  client::consumer_config config;
  const auto parsed = client::parse_consumer_config({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                                     {"group.id", argv[2]},
                                                     {"auto.offset.reset", "earliest"},
                                                     {"enable.auto.commit", "false"}},
                                                    config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 1;

  boost::asio::io_context io;
  auto consumer = client::consumer::create(io.get_executor(), config);
  boost::asio::co_spawn(io, consume(consumer, argv[1]), boost::asio::detached);
  io.run();  // returns when the coroutine is done and the consumer closed
  return status;
}
