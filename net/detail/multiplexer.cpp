#include <kwire/net/detail/multiplexer.hpp>

#include <algorithm>
#include <limits>

#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/versions.hpp>

namespace kwire::net::detail {
namespace {

std::int32_t peek_correlation_id(protocol::byte_view frame) {
  return static_cast<std::int32_t>((std::uint32_t{frame[0]} << 24) | (std::uint32_t{frame[1]} << 16) |
                                   (std::uint32_t{frame[2]} << 8) | std::uint32_t{frame[3]});
}

}  // namespace

multiplexer::~multiplexer() { fail_all(client_errc::connection_closed, "connection destroyed"); }

std::string multiplexer::describe(const pending_request& op) const {
  std::string text(protocol::info(op.api()).name);
  if (op.version >= 0) text += " v" + std::to_string(op.version);
  if (op.correlation_id >= 0) text += " (correlation id " + std::to_string(op.correlation_id) + ")";
  return text + " to " + settings_.peer;
}

void multiplexer::finish(op_ptr op, std::error_code ec, std::string detail, protocol::byte_view frame) {
  if (ec) ++failed;
  if (ec == client_errc::timed_out) ++timeouts;
  // The write in progress may still point into this frame.
  if (writing_ && !op->frame.empty()) retired_.push_back(std::move(op->frame));
  op->complete(ec, std::move(detail), frame);
}

void multiplexer::enqueue(std::unique_ptr<pending_request> op) {
  op->sequence = enqueued_++;
  queued_.push_back(std::move(op));
}

std::int32_t multiplexer::take_correlation_id() {
  const auto id = next_correlation_id_;
  // Wrap to 0 rather than overflow; ids only need to differ between requests in flight.
  next_correlation_id_ = id == std::numeric_limits<std::int32_t>::max() ? 0 : id + 1;
  return id;
}

const std::vector<protocol::byte_view>& multiplexer::prepare_write(const protocol::api_versions_response& broker,
                                                                   clock::time_point now) {
  batch_.clear();
  if (writing_) return batch_;
  const auto limit = static_cast<std::size_t>(std::max(settings_.max_in_flight, 1));
  while (!queued_.empty() && in_flight_.size() + unanswered_.size() < limit) {
    op_ptr op = std::move(queued_.front());
    queued_.pop_front();
    const auto key = op->api();
    // Version: the request's own pin is exact; the config's pin is a ceiling.
    auto choice = protocol::choose_version(key, broker, op->version_pin);
    if (choice.status && !op->version_pin) {
      if (auto pin = settings_.version_pins.find(key);
          pin != settings_.version_pins.end() && pin->second < choice.version)
        choice = protocol::choose_version(key, broker, pin->second);
    }
    if (!choice.status) {
      finish(std::move(op), choice.status.ec, choice.status.detail + " (request to " + settings_.peer + ")");
      continue;
    }
    op->version = choice.version;
    const auto id = next_correlation_id_;
    op->frame.clear();
    if (auto r = op->encode(op->version, id, settings_.client_id, op->frame); !r) {
      op->frame.clear();
      finish(std::move(op), r.ec, r.detail);
      continue;
    }
    op->correlation_id = take_correlation_id();
    op->written_at = now;
    batch_.push_back(op->frame);
    ++written;
    if (op->expect_response)
      in_flight_.push_back(std::move(op));
    else
      unanswered_.push_back(std::move(op));
  }
  writing_ = !batch_.empty();
  return batch_;
}

void multiplexer::on_write_done() {
  writing_ = false;
  retired_.clear();
  batch_.clear();
  auto done = std::move(unanswered_);
  unanswered_.clear();
  for (auto& op : done) finish(std::move(op), {}, {});
}

protocol::codec_result multiplexer::on_response(protocol::byte_view frame, clock::time_point now) {
  const auto got = peek_correlation_id(frame);  // frame_reader guarantees 4 bytes
  if (in_flight_.empty())
    return {client_errc::correlation_id_mismatch, "response with correlation id " + std::to_string(got) +
                                                      " from " + settings_.peer + " while no request is in flight"};
  auto& front = *in_flight_.front();
  if (got != front.correlation_id)
    return {client_errc::correlation_id_mismatch,
            "response with correlation id " + std::to_string(got) + " from " + settings_.peer + ", expected " +
                std::to_string(front.correlation_id) + " (" + std::string(protocol::info(front.api()).name) +
                "): responses must come in request order"};
  op_ptr op = std::move(in_flight_.front());
  in_flight_.pop_front();
  last_rtt = std::chrono::duration_cast<std::chrono::microseconds>(now - op->written_at);
  total_rtt += last_rtt;
  ++answered;
  finish(std::move(op), {}, {}, frame);
  return {};
}

std::optional<clock::time_point> multiplexer::next_deadline() const {
  std::optional<clock::time_point> first;
  auto consider = [&](const op_ptr& op) {
    if (op->deadline != clock::time_point::max() && (!first || op->deadline < *first)) first = op->deadline;
  };
  std::for_each(queued_.begin(), queued_.end(), consider);
  std::for_each(in_flight_.begin(), in_flight_.end(), consider);
  std::for_each(unanswered_.begin(), unanswered_.end(), consider);
  return first;
}

multiplexer::expired multiplexer::expire(clock::time_point now) {
  expired result;
  auto sweep = [&](auto& list, std::size_t& count, bool in_flight) {
    for (auto it = list.begin(); it != list.end();) {
      if ((*it)->deadline > now) {
        ++it;
        continue;
      }
      op_ptr op = std::move(*it);
      it = list.erase(it);
      auto what = describe(*op);
      if (in_flight && result.first_in_flight.empty()) result.first_in_flight = what;
      ++count;
      finish(std::move(op), client_errc::timed_out,
             what + (in_flight ? " timed out waiting for its response" : " timed out before it could be sent"));
    }
  };
  sweep(queued_, result.queued, false);
  sweep(in_flight_, result.in_flight, true);
  sweep(unanswered_, result.in_flight, true);
  return result;
}

void multiplexer::fail_all(std::error_code ec, const std::string& detail, std::uint64_t queued_before) {
  // Move the lists out first: a completion may enqueue again (it is posted, but be safe).
  auto flight = std::move(in_flight_);
  in_flight_.clear();
  auto unanswered = std::move(unanswered_);
  unanswered_.clear();
  std::deque<op_ptr> queued;
  std::deque<op_ptr> later;
  for (auto& op : queued_) (op->sequence < queued_before ? queued : later).push_back(std::move(op));
  queued_ = std::move(later);
  for (auto& op : flight) {
    auto what = describe(*op);
    finish(std::move(op), ec, what + ": " + detail + " (written, response not received)");
  }
  for (auto& op : unanswered) {
    auto what = describe(*op);
    finish(std::move(op), ec, what + ": " + detail + " (write not completed)");
  }
  for (auto& op : queued) {
    auto what = describe(*op);
    finish(std::move(op), ec, what + ": " + detail + " (not sent)");
  }
}

}  // namespace kwire::net::detail
