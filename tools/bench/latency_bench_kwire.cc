// End-to-end latency, kwire side of the side-by-side benchmark (issue 18, tools/bench/run).
//
//   latency_bench_kwire BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...
//
// A kwire::consumer in the fresh group GROUP subscribes to TOPIC (from the beginning, nothing
// committed) on one thread; once the group has assigned it partitions, a client::producer on a
// second thread sends a probe record every 10 ms until the consumer has returned one (the group
// join, the offset lookup and the first fetch are then behind it), then RATE records of 100 bytes
// per second for SECONDS seconds, paced by a timer
// every millisecond (the records due by then are sent from the producer's strand). Each value
// carries its send time (steady clock, ns) and sequence number; the consumer takes the time when
// its async_poll completes minus the send time. Records sent in the first second are left out
// (warm-up). Prints one line:
//   kwire latency records=K p50_us=A p99_us=B p999_us=C max_us=D
// Settings: key=value, producer settings and consumer settings alike; the fetch.* ones,
// max.partition.fetch.bytes and check.crcs go to the consumer, the rest to the producer.

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <kwire/consumer/consumer.hpp>
#include <kwire/producer/producer.hpp>

namespace {

using clock_type = std::chrono::steady_clock;
const clock_type::time_point origin = clock_type::now();
constexpr std::uint64_t probe = ~std::uint64_t{0};  // the sequence number of a probe record

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - origin).count());
}

unsigned long long count(const char* name, const char* s) {
  char* end = nullptr;
  const unsigned long long n = std::strtoull(s, &end, 10);
  if (!*s || *end || n == 0) {
    std::fprintf(stderr, "latency_bench_kwire: %s: expected a positive count, got '%s'\n", name, s);
    std::exit(2);
  }
  return n;
}

struct receiver {
  std::shared_ptr<kwire::consumer> consumer;
  std::uint64_t total = 0, warm = 0, received = 0;
  std::vector<std::uint64_t> latencies;
  std::atomic<bool> assigned{false}, live{false};
  std::atomic<bool> finished{false};
  std::string error;
  kwire::error_info diag;

  void poll() {
    consumer->async_poll(std::chrono::milliseconds(100), diag, [this](std::error_code ec, kwire::records recs) {
      if (ec) {
        error = "poll: " + diag.message();
        return close();
      }
      const std::uint64_t now = now_ns();
      for (const auto& r : recs) {
        std::uint64_t sent = 0, seq = 0;
        if (!r.value() || r.value()->size() < 16) {
          error = "a record without the 16 bytes of send time and sequence number";
          return close();
        }
        std::memcpy(&sent, r.value()->data(), 8);
        std::memcpy(&seq, r.value()->data() + 8, 8);
        if (seq == probe) {
          live = true;
          continue;
        }
        if (seq >= warm) latencies.push_back(now - sent);
        ++received;
      }
      if (received >= total) {
        finished = true;
        return close();
      }
      poll();
    });
  }
  void close() {
    consumer->async_close([](std::error_code) {});
  }
};

struct sender {
  receiver* rx = nullptr;
  std::shared_ptr<kwire::client::producer> producer;
  kwire::client::record rec;
  std::uint64_t rate = 0, total = 0, sent = 0, acked = 0, failed = 0;
  clock_type::time_point start;
  std::string first_error;
  std::unique_ptr<boost::asio::steady_timer> timer;
  unsigned char value[100] = {};

  // A probe every 10 ms until the consumer has returned one, then the paced records.
  void probe_tick() {
    if (rx->live) {
      start = clock_type::now();
      return tick();
    }
    if (clock_type::now() - start > std::chrono::seconds(60)) {
      std::fprintf(stderr, "latency_bench_kwire: no probe record came back within 60 s\n");
      std::_Exit(1);
    }
    std::memcpy(value + 8, &probe, 8);
    producer->send(rec, [](std::error_code, const kwire::client::record_metadata&) {});
    timer->expires_after(std::chrono::milliseconds(10));
    timer->async_wait([this](boost::system::error_code ec) {
      if (!ec) probe_tick();
    });
  }
  void tick() {
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    const std::uint64_t due = std::min<std::uint64_t>(total, static_cast<std::uint64_t>(elapsed * rate));
    for (; sent < due; ++sent) {
      const std::uint64_t t = now_ns();
      std::memcpy(value, &t, 8);
      std::memcpy(value + 8, &sent, 8);
      producer->send(rec, [this](std::error_code ec, const kwire::client::record_metadata& md) {
        ++acked;
        if (ec) {
          ++failed;
          if (first_error.empty()) first_error = md.error_detail.empty() ? ec.message() : md.error_detail;
        }
        if (acked == total) producer->async_close(std::chrono::seconds(10), [](std::error_code) {});
      });
    }
    if (sent == total) return;
    timer->expires_after(std::chrono::milliseconds(1));
    timer->async_wait([this](boost::system::error_code ec) {
      if (!ec) tick();
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: latency_bench_kwire BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...\n");
    return 2;
  }
  const unsigned long long rate = count("RATE", argv[3]), seconds = count("SECONDS", argv[4]);
  kwire::properties cprops{{"bootstrap.servers", argv[1]},   {"client.id", "kwire-latency"},
                           {"group.id", argv[5]},            {"auto.offset.reset", "earliest"},
                           {"enable.auto.commit", "false"}};
  kwire::client::properties pprops{{"bootstrap.servers", argv[1]}, {"client.id", "kwire-latency"}};
  std::vector<std::string> cextra, pextra;
  for (int i = 6; i < argc; ++i) {
    const std::string a = argv[i];
    const bool consumer_side = a.rfind("fetch.", 0) == 0 || a.rfind("max.partition.fetch.bytes", 0) == 0 ||
                               a.rfind("check.crcs", 0) == 0;
    (consumer_side ? cextra : pextra).push_back(a);
  }
  kwire::consumer_config ccfg;
  kwire::client::producer_config pcfg;
  if (auto r = kwire::parse_assignments(cextra, cprops); !r) {
    std::fprintf(stderr, "latency_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }
  if (auto r = kwire::parse_consumer_config(cprops, ccfg); !r) {
    std::fprintf(stderr, "latency_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }
  if (auto r = kwire::client::parse_assignments(pextra, pprops); !r) {
    std::fprintf(stderr, "latency_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }
  if (auto r = kwire::client::parse_producer_config(pprops, pcfg); !r) {
    std::fprintf(stderr, "latency_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }

  receiver rx;
  rx.total = rate * seconds;
  rx.warm = rate;
  rx.latencies.reserve(rx.total);
  boost::asio::io_context cio(1);
  rx.consumer = kwire::consumer::create(cio.get_executor(), ccfg);
  kwire::rebalance_listener listener;
  listener.assigned = [&rx](const std::vector<kwire::topic_partition>& tps) {
    if (!tps.empty()) rx.assigned = true;
  };
  rx.consumer->subscribe(std::vector<std::string>{argv[2]}, listener);
  rx.consumer->async_start(rx.diag, [&rx](std::error_code ec) {
    if (ec) {
      rx.error = "start: " + rx.diag.message();
      return rx.close();
    }
    rx.poll();
  });
  std::thread consumer_thread([&cio] { cio.run(); });

  const auto deadline = clock_type::now() + std::chrono::seconds(60);
  while (!rx.assigned && clock_type::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!rx.assigned) {
    std::fprintf(stderr, "latency_bench_kwire: no partitions assigned within 60 s: %s\n", rx.error.c_str());
    std::_Exit(1);
  }

  boost::asio::io_context pio(1);
  sender tx;
  tx.rx = &rx;
  tx.producer = kwire::client::producer::create(pio.get_executor(), pcfg);
  tx.rec.topic = argv[2];
  tx.rec.value = kwire::client::bytes_view(reinterpret_cast<const std::byte*>(tx.value), sizeof tx.value);
  tx.rate = rate;
  tx.total = rate * seconds;
  tx.timer = std::make_unique<boost::asio::steady_timer>(tx.producer->get_executor());
  boost::asio::post(tx.producer->get_executor(), [&tx] {
    tx.start = clock_type::now();
    tx.probe_tick();
  });
  pio.run();
  // Every record is acknowledged: the consumer gets 60 s more to see the last of them.
  const auto last = clock_type::now() + std::chrono::seconds(60);
  while (!rx.finished && clock_type::now() < last) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!rx.finished) {
    std::fprintf(stderr, "latency_bench_kwire: not every record came back within 60 s of the last acknowledgement\n");
    std::_Exit(1);
  }
  consumer_thread.join();
  if (tx.failed) {
    std::fprintf(stderr, "latency_bench_kwire: %llu records failed: %s\n", static_cast<unsigned long long>(tx.failed),
                 tx.first_error.c_str());
    return 1;
  }
  if (!rx.finished || rx.latencies.empty()) {
    std::fprintf(stderr, "latency_bench_kwire: received %llu of %llu records: %s\n",
                 static_cast<unsigned long long>(rx.received), static_cast<unsigned long long>(rx.total),
                 rx.error.c_str());
    return 1;
  }
  auto& l = rx.latencies;
  std::sort(l.begin(), l.end());
  auto q = [&l](double p) { return l[static_cast<std::size_t>(p * static_cast<double>(l.size() - 1))] / 1e3; };
  std::printf("kwire latency records=%zu p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n", l.size(), q(0.5),
              q(0.99), q(0.999), q(1.0));
  return 0;
}
