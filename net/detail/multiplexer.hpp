#pragma once
// The bookkeeping of one connection, without I/O (STYLE.md, net/): requests move
// queued -> in flight (written, answer awaited) -> answered. It picks each request's version
// (min of ours, the broker's and the pins), hands out correlation ids, assembles a write batch
// of several frames for one gathered write without copying them, matches responses to requests
// in order, and enforces deadlines. The Asio layer (net/connection.cpp) only moves bytes.

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <kwire/net/detail/pending_request.hpp>
#include <kwire/protocol/messages/api_versions.hpp>

namespace kwire::net::detail {

class multiplexer {
 public:
  struct settings {
    int max_in_flight = 5;
    std::optional<std::string> client_id;
    std::map<protocol::api_key, std::int16_t> version_pins;  // highest version per API
    std::string peer = "broker";                              // for error details
  };

  explicit multiplexer(settings s) : settings_(std::move(s)) {}
  ~multiplexer();  // completes whatever is left with connection_closed
  multiplexer(const multiplexer&) = delete;
  multiplexer& operator=(const multiplexer&) = delete;

  void enqueue(std::unique_ptr<pending_request> op);

  // --- write side
  // Encodes queued requests while fewer than max_in_flight are in flight and returns their
  // frames for one gathered write (empty: nothing to write). A request that cannot be encoded
  // (no common version, a field its version lacks) completes with that error instead. The
  // requests count as in flight from here on: a response can be read before the write
  // completion is seen. Call on_write_done() before the next prepare_write().
  const std::vector<protocol::byte_view>& prepare_write(const protocol::api_versions_response& broker,
                                                        clock::time_point now);
  // The whole batch went out: requests that expect no response complete now.
  void on_write_done();
  bool writing() const { return writing_; }
  // The write failed or the connection ended under it (after fail_all): forget the batch.
  void abandon_write() {
    writing_ = false;
    retired_.clear();
    batch_.clear();
  }

  // --- read side
  // One response frame (size prefix stripped). It must answer the oldest request in flight;
  // otherwise the error says which correlation id came and which was expected, and the
  // connection must fail (fail_all).
  protocol::codec_result on_response(protocol::byte_view frame, clock::time_point now);

  // --- deadlines
  std::optional<clock::time_point> next_deadline() const;
  struct expired {
    std::size_t queued = 0;     // completed with timed_out; nothing else to do
    std::size_t in_flight = 0;  // completed with timed_out; the connection must be re-established
    std::string first_in_flight;  // description of the first in-flight one, for the log
  };
  expired expire(clock::time_point now);

  // Completes every request in flight and every queued one enqueued before `queued_before` (a
  // value of enqueued()) with `ec`: a request that came after its connection ended waits for
  // the next one.
  void fail_all(std::error_code ec, const std::string& detail,
                std::uint64_t queued_before = std::numeric_limits<std::uint64_t>::max());
  // How many requests were ever enqueued.
  std::uint64_t enqueued() const { return enqueued_; }

  std::size_t queued() const { return queued_.size(); }
  std::size_t in_flight() const { return in_flight_.size() + unanswered_.size(); }
  bool idle() const { return queued_.empty() && in_flight() == 0; }

  std::int32_t next_correlation_id() const { return next_correlation_id_; }
  void set_next_correlation_id(std::int32_t id) { next_correlation_id_ = id; }

  // Counters for connection_stats.
  std::uint64_t written = 0;
  std::uint64_t answered = 0;
  std::uint64_t failed = 0;
  std::uint64_t timeouts = 0;
  std::chrono::microseconds last_rtt{0};
  std::chrono::microseconds total_rtt{0};

  const settings& config() const { return settings_; }

 private:
  using op_ptr = std::unique_ptr<pending_request>;
  void finish(op_ptr op, std::error_code ec, std::string detail, protocol::byte_view frame = {});
  std::int32_t take_correlation_id();
  std::string describe(const pending_request& op) const;

  settings settings_;
  std::deque<op_ptr> queued_;
  std::deque<op_ptr> in_flight_;         // written (or being written), response awaited, in order
  std::vector<op_ptr> unanswered_;       // in the current batch, expecting no response
  std::vector<protocol::byte_view> batch_;
  std::vector<protocol::bytes> retired_;  // frames of requests completed while their write runs
  bool writing_ = false;
  std::int32_t next_correlation_id_ = 0;
  std::uint64_t enqueued_ = 0;
};

}  // namespace kwire::net::detail
