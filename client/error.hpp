#pragma once
// kwire's one error-information type and its one exception (see docs/errors.md).
//
// error_info is a code plus the detail text: the broker's own error message, or ours, naming
// what failed ("Fetch orders-0 at offset 42: OFFSET_OUT_OF_RANGE"). The code is a
// std::error_code of kwire::broker_errc (Kafka's error codes), kwire::client_errc (our own
// failures) or compression_errc; compare it with those enums.
//
// kwire::error is what every blocking call throws: a std::system_error (so code() works and
// catch (const std::system_error&) catches it) whose what() is the detail text.

#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire {

struct error_info {
  std::error_code ec;
  std::string detail;  // what went wrong; empty when ec is clear

  bool failed() const { return static_cast<bool>(ec); }
  // The detail, or the code's own message when there is none.
  std::string message() const { return detail.empty() ? ec.message() : detail; }
};

class error : public std::system_error {
 public:
  explicit error(error_info info)
      : std::system_error(info.ec), info_(std::move(info)), what_(info_.message()) {}
  error(std::error_code ec, std::string detail) : error(error_info{ec, std::move(detail)}) {}

  // The detail text alone (std::system_error's own what() would append the code's message,
  // which the detail already names).
  const char* what() const noexcept override { return what_.c_str(); }
  const error_info& info() const noexcept { return info_; }
  const std::string& detail() const noexcept { return info_.detail; }

 private:
  error_info info_;
  std::string what_;
};

// Throws kwire::error when `info` holds an error.
inline void throw_if_failed(const error_info& info) {
  if (info.failed()) throw error(info);
}

}  // namespace kwire
