// buffer.memory's gate (client/producer/memory_gate.hpp): asynchronous copies are bounded and
// refused past the limit, tickets give their bytes back, and a blocking sender waits for room
// until a deadline, woken by a released copy or by batches completing on another thread.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <kwire/producer/memory_gate.hpp>

using namespace kwire::client;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

TEST(MemoryGate, CopiesAreBoundedAndGiveTheirBytesBack) {
  memory_gate g(1000);
  auto a = g.try_copy(600);
  ASSERT_TRUE(a);
  EXPECT_EQ(g.copies(), 600);
  EXPECT_FALSE(g.try_copy(401));  // 1001 > 1000: refused, nothing counted
  EXPECT_EQ(g.copies(), 600);
  auto b = g.try_copy(400);
  ASSERT_TRUE(b);
  EXPECT_EQ(g.copies(), 1000);
  EXPECT_FALSE(g.try_copy(1));
  {
    memory_gate::ticket moved = std::move(*a);  // moving keeps the bytes counted once
    EXPECT_EQ(a->bytes(), 0);
    EXPECT_EQ(moved.bytes(), 600);
    EXPECT_EQ(g.copies(), 1000);
  }
  EXPECT_EQ(g.copies(), 400);  // the moved-to ticket released them
  b->release();
  b->release();  // once only
  EXPECT_EQ(g.copies(), 0);
  // Nothing held: one copy bigger than the limit still fits (the accumulator judges its size).
  auto big = g.try_copy(5000);
  ASSERT_TRUE(big);
  EXPECT_FALSE(g.try_copy(1));
  EXPECT_NE(g.describe().find("buffer.memory (1000 bytes) is full: 0 bytes in batches, 5000 bytes of records"),
            std::string::npos)
      << g.describe();
}

TEST(MemoryGate, BlockingWaitTimesOutWhenNothingFrees) {
  memory_gate g(1000);
  g.set_batches(900);
  EXPECT_TRUE(g.wait_for_room(100, steady::now()));  // fits exactly: no wait
  const auto start = steady::now();
  EXPECT_FALSE(g.wait_for_room(101, start + 200ms));
  EXPECT_GE(steady::now() - start, 200ms);
  auto t = g.force_copy(100);  // counted without a check
  EXPECT_EQ(g.copies(), 100);
  EXPECT_FALSE(g.wait_for_room(1, steady::now() + 10ms));
}

TEST(MemoryGate, BlockingWaitWakesWhenBatchesOrCopiesFree) {
  memory_gate g(1000);
  g.set_batches(800);
  auto copy = g.force_copy(200);
  std::thread other([&] {
    std::this_thread::sleep_for(100ms);
    copy.release();  // 800 + 200 of 1000 held: a copy of 200 leaves
  });
  const auto start = steady::now();
  EXPECT_TRUE(g.wait_for_room(200, start + 10s));
  EXPECT_LT(steady::now() - start, 5s);
  other.join();
  std::thread batches([&] {
    std::this_thread::sleep_for(100ms);
    g.set_batches(0);  // the batches completed
  });
  EXPECT_TRUE(g.wait_for_room(900, steady::now() + 10s));
  batches.join();
  // Nothing held at all: any size gets through (one record may be as large as buffer.memory).
  EXPECT_TRUE(g.wait_for_room(5000, steady::now()));
}

}  // namespace
