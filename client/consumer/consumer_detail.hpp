#pragma once
// Completion plumbing shared by the consumer's files: type-erased handlers become copyable
// one-shot callbacks (internal continuations are std::function), and every user handler runs
// on its associated executor, never inline.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>

#include <kwire/protocol/client_errc.hpp>

namespace kwire::client::detail {

template <class Handler, class... Args>
void complete_on(const boost::asio::any_io_executor& fallback, Handler h, Args... args) {
  auto ex = boost::asio::get_associated_executor(h, fallback);
  boost::asio::post(fallback, boost::asio::bind_executor(ex, [h = std::move(h), ... args = std::move(args)]() mutable {
                      std::move(h)(std::move(args)...);
                    }));
}

// A copyable callback that completes `h` once (later calls are ignored).
template <class... Args>
std::function<void(Args...)> once(const boost::asio::any_io_executor& fallback,
                                  boost::asio::any_completion_handler<void(Args...)> h) {
  auto slot = std::make_shared<std::optional<boost::asio::any_completion_handler<void(Args...)>>>(std::move(h));
  return [slot, fallback](Args... args) {
    if (!*slot) return;
    auto handler = std::move(**slot);
    slot->reset();
    complete_on(fallback, std::move(handler), std::move(args)...);
  };
}

// An answer whose bytes break the protocol (it does not decode, or answers another request).
// Fetching again is right (the next answer may be fine), but each such answer is reported to
// poll: retrying in silence hid a broken broker forever.
inline bool malformed_answer(std::error_code ec) {
  if (ec.category() != client_category()) return false;
  switch (static_cast<client_errc>(ec.value())) {
    case client_errc::truncated:
    case client_errc::negative_length:
    case client_errc::length_exceeds_input:
    case client_errc::varint_too_long:
    case client_errc::extra_bytes:
    case client_errc::unexpected_null:
    case client_errc::invalid_value:
    case client_errc::crc_mismatch:
    case client_errc::unsupported_compression:
    case client_errc::corrupt_record_batch:
    case client_errc::correlation_id_mismatch:
      return true;
    default:
      return false;
  }
}

}  // namespace kwire::client::detail
