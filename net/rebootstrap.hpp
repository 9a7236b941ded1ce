#pragma once
// When the cluster goes back to bootstrap.servers (KIP-899 metadata.recovery.strategy, KIP-1102
// metadata.recovery.rebootstrap.trigger.ms and REBOOTSTRAP_REQUIRED), sans-I/O: the cluster
// reports metadata attempts, answers and failures with the time; the policy says whether to
// rebootstrap now and why. Tests drive it with made-up times.
//
// With metadata.recovery.strategy=rebootstrap it says yes when
// - every broker known from the metadata failed one metadata attempt (connection refused or
//   lost, timed out, an error answer): the brokers we learned are gone from their addresses;
// - a broker answered Metadata with REBOOTSTRAP_REQUIRED (error 129, KIP-1102): our metadata is
//   too stale for the broker to serve;
// - metadata has been wanted for metadata.recovery.rebootstrap.trigger.ms without an answer
//   (checked at each failed attempt, so a refresh that keeps failing on one broker after another
//   ends in a rebootstrap even while some brokers are not tried yet).
// Not twice within `min_interval` of the last one (reconnect.backoff.max.ms): when the bootstrap
// servers are down too, the rounds go on at the refresh's pace with the known brokers alone in
// between. With strategy none it never says yes: the cluster keeps today's behaviour.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <kwire/net/config.hpp>

namespace kwire::net {

class rebootstrap_policy {
 public:
  using clock = std::chrono::steady_clock;
  enum class failure {
    one_broker,            // one known broker failed a metadata attempt; others may follow
    every_known_broker,    // each broker the metadata lists failed this attempt
    rebootstrap_required,  // a broker answered REBOOTSTRAP_REQUIRED
  };

  rebootstrap_policy(metadata_recovery strategy, milliseconds trigger, milliseconds min_interval)
      : strategy_(strategy), trigger_(trigger), min_interval_(min_interval) {}

  // A metadata attempt starts: the trigger clock runs from the first attempt without an answer.
  void on_attempt(clock::time_point now) {
    if (!wanted_since_) wanted_since_ = now;
  }
  // A metadata answer was applied (from a known broker or a bootstrap server): the clock stops.
  void on_answer() { wanted_since_.reset(); }

  // Whether to rebootstrap after `f`, and why (the reason names the rule); nullopt: go on as
  // before (try the next broker, or fail the refresh and retry after the backoff).
  std::optional<std::string> decide(failure f, clock::time_point now) const {
    if (strategy_ == metadata_recovery::none) return std::nullopt;
    if (last_ && now - *last_ < min_interval_) return std::nullopt;
    switch (f) {
      case failure::rebootstrap_required:
        return std::string("a broker answered Metadata with REBOOTSTRAP_REQUIRED");
      case failure::every_known_broker:
        return std::string("no broker known from the metadata answered");
      case failure::one_broker:
        break;
    }
    if (wanted_since_ && now - *wanted_since_ >= trigger_)
      return "no metadata answer for " +
             std::to_string(std::chrono::duration_cast<milliseconds>(now - *wanted_since_).count()) +
             " ms (metadata.recovery.rebootstrap.trigger.ms=" + std::to_string(trigger_.count()) + ")";
    return std::nullopt;
  }

  // The cluster goes back to bootstrap.servers now: the trigger clock starts again from here.
  void on_rebootstrap(clock::time_point now) {
    last_ = now;
    wanted_since_ = now;
    ++count_;
  }

  std::uint64_t count() const { return count_; }
  metadata_recovery strategy() const { return strategy_; }

 private:
  metadata_recovery strategy_;
  milliseconds trigger_;
  milliseconds min_interval_;
  std::optional<clock::time_point> wanted_since_;
  std::optional<clock::time_point> last_;
  std::uint64_t count_ = 0;
};

}  // namespace kwire::net
