#pragma once
// The completion handler of one record, type-erased with room inside for small handlers: a
// callback capturing a few pointers (the hot path) costs no allocation. A larger one goes to the
// heap. Handlers that name an executor of their own (bind_executor, use_future's, a coroutine's)
// are run through it; plain callbacks run directly on the producer's strand.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/system_executor.hpp>
#include <cstddef>
#include <cstdint>
#include <new>
#include <system_error>
#include <type_traits>
#include <utility>

#include <kwire/error.hpp>
#include <kwire/producer/producer_record.hpp>

namespace kwire::client::detail {

class record_handler {
 public:
  static constexpr std::size_t inline_size = 48;

  record_handler() = default;
  record_handler(const record_handler&) = delete;
  record_handler& operator=(const record_handler&) = delete;
  record_handler(record_handler&& o) noexcept { take(o); }
  record_handler& operator=(record_handler&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  ~record_handler() { reset(); }

  // Wraps `h`. When its associated executor is not the default (`Fallback`), it is called
  // through that executor.
  template <class Handler, class Fallback>
  static record_handler wrap(Handler h, const Fallback& fallback) {
    using assoc = boost::asio::associated_executor_t<Handler, Fallback>;
    if constexpr (std::is_same_v<assoc, Fallback>) {
      return record_handler(std::move(h));
    } else {
      auto ex = boost::asio::get_associated_executor(h, fallback);
      return record_handler([h = std::move(h), ex](std::error_code ec, record_metadata md) mutable {
        boost::asio::dispatch(ex, [h = std::move(h), ec, md = std::move(md)]() mutable { std::move(h)(ec, std::move(md)); });
      });
    }
  }

  // The same, writing the outcome into `info` (code, and the detail on failure) before the
  // handler runs; `info` must outlive the send.
  template <class Handler, class Fallback>
  static record_handler wrap(Handler h, const Fallback& fallback, error_info& info) {
    using assoc = boost::asio::associated_executor_t<Handler, Fallback>;
    if constexpr (std::is_same_v<assoc, Fallback>) {
      return record_handler(noting<Handler>{std::move(h), &info});
    } else {
      auto ex = boost::asio::get_associated_executor(h, fallback);
      return record_handler([h = std::move(h), ex, info = &info](std::error_code ec, record_metadata md) mutable {
        note(*info, ec, md);
        boost::asio::dispatch(ex, [h = std::move(h), ec, md = std::move(md)]() mutable { std::move(h)(ec, std::move(md)); });
      });
    }
  }

  explicit operator bool() const { return ops_ != nullptr; }

  // Calls the handler once; it is empty afterwards.
  void operator()(std::error_code ec, record_metadata md) {
    const ops* o = std::exchange(ops_, nullptr);
    o->invoke(storage(), ec, std::move(md));
  }

 private:
  static void note(error_info& info, std::error_code ec, const record_metadata& md) {
    info.ec = ec;
    if (ec)
      info.detail = md.error_detail;
    else
      info.detail.clear();
  }
  template <class Handler>
  struct noting {
    Handler h;
    error_info* info;
    void operator()(std::error_code ec, record_metadata md) {
      note(*info, ec, md);
      std::move(h)(ec, std::move(md));
    }
  };

  struct ops {
    void (*invoke)(void* self, std::error_code, record_metadata&&);  // calls, then destroys
    void (*move)(void* from, void* to);                              // move-constructs, destroys from
    void (*destroy)(void* self);
  };

  template <class F>
  static constexpr bool fits_inline = sizeof(F) <= inline_size && alignof(F) <= alignof(std::max_align_t) &&
                                      std::is_nothrow_move_constructible_v<F>;

  template <class F>
  static const ops* ops_for() {
    if constexpr (fits_inline<F>) {
      static constexpr ops o{
          [](void* self, std::error_code ec, record_metadata&& md) {
            F f(std::move(*static_cast<F*>(self)));
            static_cast<F*>(self)->~F();
            std::move(f)(ec, std::move(md));
          },
          [](void* from, void* to) {
            ::new (to) F(std::move(*static_cast<F*>(from)));
            static_cast<F*>(from)->~F();
          },
          [](void* self) { static_cast<F*>(self)->~F(); },
      };
      return &o;
    } else {
      static constexpr ops o{
          [](void* self, std::error_code ec, record_metadata&& md) {
            F* p = *static_cast<F**>(self);
            F f(std::move(*p));
            delete p;
            std::move(f)(ec, std::move(md));
          },
          [](void* from, void* to) { *static_cast<F**>(to) = *static_cast<F**>(from); },
          [](void* self) { delete *static_cast<F**>(self); },
      };
      return &o;
    }
  }

  template <class F>
  explicit record_handler(F f) {
    if constexpr (fits_inline<F>)
      ::new (storage()) F(std::move(f));
    else
      *static_cast<F**>(storage()) = new F(std::move(f));
    ops_ = ops_for<F>();
  }

  void* storage() { return static_cast<void*>(buf_); }
  void take(record_handler& o) noexcept {
    if (!o.ops_) return;
    o.ops_->move(o.storage(), storage());
    ops_ = std::exchange(o.ops_, nullptr);
  }
  void reset() {
    if (ops_) std::exchange(ops_, nullptr)->destroy(storage());
  }

  alignas(std::max_align_t) unsigned char buf_[inline_size];
  const ops* ops_ = nullptr;
};

// A record appended to a batch and waiting for the batch's answer.
struct pending_record {
  record_handler handler;
  std::int64_t timestamp = -1;  // what the record's metadata reports unless the topic uses LogAppendTime
};

}  // namespace kwire::client::detail
