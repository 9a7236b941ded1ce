// The asynchronous consumer on the program's own io_context, as a C++20 coroutine (no
// kafka-python counterpart: aiokafka's `async for msg in consumer` is the nearest). Any Asio
// completion token works; with use_awaitable each call gives a tuple (std::error_code, value),
// and the kwire::error_info passed before the token holds the detail of a failure.
// Polls until 5 s pass without a record, committing after each batch, then closes.
// Usage: consume_async TOPIC GROUP; the broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <kwire/kwire.hpp>

using boost::asio::use_awaitable;

static int status = 0;
static void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  status = 1;
}

static boost::asio::awaitable<void> consume(std::shared_ptr<kwire::consumer> c, std::string topic) {
  kwire::error_info diag;
  if (auto ec = co_await c->async_start(diag, use_awaitable)) co_return fail(diag.message());
  c->subscribe({topic});
  for (;;) {
    auto [ec, batch] = co_await c->async_poll(std::chrono::seconds(5), diag, use_awaitable);
    if (ec) co_return fail(diag.message());
    if (batch.empty()) break;
    for (const auto& m : batch)
      std::cout << "partition=" << m.partition() << " offset=" << m.offset() << " value=" << m.value_text() << '\n';
    if (auto cec = co_await c->async_commit(std::nullopt, diag, use_awaitable)) co_return fail(diag.message());
  }
  co_await c->async_close(use_awaitable);
}

int main(int argc, char** argv) {
  if (argc != 3) return std::fprintf(stderr, "usage: consume_async TOPIC GROUP\n"), 2;
  const char* bootstrap = std::getenv("KWIRE_BOOTSTRAP");
  kwire::consumer_config config;
  const auto parsed = kwire::parse_consumer_config({{"bootstrap.servers", bootstrap ? bootstrap : "localhost:9092"},
                                                     {"group.id", argv[2]},
                                                     {"auto.offset.reset", "earliest"},
                                                     {"enable.auto.commit", "false"}},
                                                    config);
  if (!parsed) return std::fprintf(stderr, "%s\n", parsed.detail.c_str()), 1;

  boost::asio::io_context io;
  auto consumer = kwire::consumer::create(io.get_executor(), config);
  boost::asio::co_spawn(io, consume(consumer, argv[1]), boost::asio::detached);
  io.run();  // returns when the coroutine is done and the consumer closed
  return status;
}
