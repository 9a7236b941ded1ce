#include <kwire/producer/memory_gate.hpp>

namespace kwire::client {

void memory_gate::ticket::release() {
  if (!gate_) return;
  gate_->copies_.fetch_sub(bytes_);
  gate_->freed();
  gate_ = nullptr;
}

std::optional<memory_gate::ticket> memory_gate::try_copy(std::int64_t n) {
  std::int64_t held = copies_.load();
  do {
    if (held > 0 && held + n > limit_) return std::nullopt;
  } while (!copies_.compare_exchange_weak(held, held + n));
  return ticket(this, n);
}

memory_gate::ticket memory_gate::force_copy(std::int64_t n) {
  copies_.fetch_add(n);
  return ticket(this, n);
}

bool memory_gate::wait_for_room(std::int64_t n, std::chrono::steady_clock::time_point deadline) {
  const auto fits = [&] {
    const std::int64_t held = batches_.load() + copies_.load();
    return held == 0 || held + n <= limit_;
  };
  if (fits()) return true;
  std::unique_lock lock(mutex_);
  // Counted before the check under the lock: a release that does not see this waiter happened
  // before the check, which then sees the freed bytes.
  waiters_.fetch_add(1);
  const bool ok = cv_.wait_until(lock, deadline, fits);
  waiters_.fetch_sub(1);
  return ok;
}

void memory_gate::set_batches(std::int64_t bytes) {
  const std::int64_t before = batches_.exchange(bytes);
  if (bytes < before) freed();
}

void memory_gate::freed() {
  if (waiters_.load() == 0) return;
  { std::lock_guard lock(mutex_); }
  cv_.notify_all();
}

std::string memory_gate::describe() const {
  return "buffer.memory (" + std::to_string(limit_) + " bytes) is full: " + std::to_string(batches()) +
         " bytes in batches, " + std::to_string(copies()) + " bytes of records waiting to be appended";
}

}  // namespace kwire::client
