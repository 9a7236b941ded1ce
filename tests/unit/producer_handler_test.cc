// The per-record completion handler: small callbacks stored inline (no allocation), large ones on
// the heap, moved and destroyed correctly, and run through their own executor when they name one.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <cstdlib>
#include <memory>
#include <new>

#include <kwire/producer/producer_handler.hpp>

namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace kwire::client::detail {
namespace {

using fallback_type = boost::asio::strand<boost::asio::io_context::executor_type>;

TEST(RecordHandler, SmallCallbackIsStoredWithoutAllocating) {
  boost::asio::io_context io;
  const fallback_type fallback(io.get_executor());
  int calls = 0;
  std::int64_t seen = -1;
  auto* a = &calls;
  auto* b = &seen;
  const long before = allocations.load();
  record_handler h = record_handler::wrap(
      [a, b](std::error_code ec, record_metadata md) {
        ++*a;
        *b = ec ? -2 : md.offset;
      },
      fallback);
  record_handler moved = std::move(h);
  EXPECT_EQ(allocations.load(), before);
  EXPECT_FALSE(h);
  ASSERT_TRUE(moved);
  record_metadata md;
  md.offset = 42;
  moved({}, std::move(md));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 42);
  EXPECT_FALSE(moved);  // called once, empty afterwards
}

TEST(RecordHandler, LargeCallbackGoesToTheHeapAndStillWorks) {
  boost::asio::io_context io;
  const fallback_type fallback(io.get_executor());
  std::array<char, 200> big{};
  big[199] = 'z';
  char got = 0;
  auto* out = &got;
  record_handler h = record_handler::wrap([big, out](std::error_code, record_metadata) { *out = big[199]; }, fallback);
  record_handler moved = std::move(h);
  moved({}, {});
  EXPECT_EQ(got, 'z');
}

TEST(RecordHandler, DestroyedUncalledReleasesWhatItHolds) {
  boost::asio::io_context io;
  const fallback_type fallback(io.get_executor());
  auto owned = std::make_shared<int>(1);
  std::weak_ptr<int> watch = owned;
  {
    record_handler h = record_handler::wrap([owned](std::error_code, record_metadata) {}, fallback);
    owned.reset();
    EXPECT_FALSE(watch.expired());
    record_handler other;
    other = std::move(h);
  }
  EXPECT_TRUE(watch.expired());
  // A large one too.
  owned = std::make_shared<int>(2);
  watch = owned;
  {
    std::array<char, 200> pad{};
    record_handler h = record_handler::wrap([owned, pad](std::error_code, record_metadata) { (void)pad; }, fallback);
    owned.reset();
  }
  EXPECT_TRUE(watch.expired());
}

// A handler bound to another executor runs there, not where the producer completes it.
TEST(RecordHandler, BoundExecutorIsHonoured) {
  boost::asio::io_context producer_io, user_io;
  const fallback_type fallback(producer_io.get_executor());
  bool called = false;
  record_handler h = record_handler::wrap(
      boost::asio::bind_executor(user_io, [&called](std::error_code ec, record_metadata md) {
        called = true;
        EXPECT_EQ(ec, std::make_error_code(std::errc::timed_out));
        EXPECT_EQ(md.error_detail, "why");
      }),
      fallback);
  record_metadata md;
  md.error_detail = "why";
  h(std::make_error_code(std::errc::timed_out), std::move(md));
  EXPECT_FALSE(called);  // queued on user_io
  user_io.run();
  EXPECT_TRUE(called);
}

}  // namespace
}  // namespace kwire::client::detail
