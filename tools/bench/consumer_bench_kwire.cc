// Consumer throughput, kwire side of the side-by-side benchmark (issues #8, 18; tools/bench/run).
//
//   consumer_bench_kwire BOOTSTRAP TOPIC N GROUP [key=value]...
//
// Subscribes to TOPIC in the (fresh) group GROUP with the asynchronous kwire::consumer, the API
// an Asio user takes (create, async_start, subscribe, async_poll in a loop), reads from the
// beginning (auto.offset.reset=earliest, nothing committed) until N records have arrived, and
// prints one line:
//   kwire records=N bytes=B seconds=S total_seconds=T msgs_per_s=R mb_per_s=M
// `seconds` runs from the moment the group assigned partitions (the listener's `assigned`) to the
// poll that returned the N-th record: offset lookup (OffsetFetch, ListOffsets) and every Fetch,
// not the bootstrap or the group join. ConsumerPerformance's fetch.nMsg.sec starts at the same
// point (its onPartitionsAssigned). `total_seconds` also counts bootstrap and join.
// Bytes are key + value sizes, as ConsumerPerformance counts them. Every record is touched
// (its value's size is read), nothing else is done with it. Everything runs on one thread.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <kwire/consumer/consumer.hpp>

namespace {

using namespace kwire;
using clock_type = std::chrono::steady_clock;

struct bench {
  std::shared_ptr<kwire::consumer> consumer;
  std::uint64_t total = 0, received = 0, bytes = 0;
  clock_type::time_point begin, assigned, end;
  bool has_assignment = false, finished = false;
  std::string error;
  kwire::error_info diag;

  void poll() {
    consumer->async_poll(std::chrono::milliseconds(100), diag, [this](std::error_code ec, kwire::records recs) {
      if (ec) {
        error = "poll: " + diag.message();
        return close();
      }
      for (const auto& r : recs) {
        if (r.key()) bytes += r.key()->size();
        if (r.value()) bytes += r.value()->size();
      }
      received += recs.size();
      if (received >= total) {
        end = clock_type::now();
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: consumer_bench_kwire BOOTSTRAP TOPIC N GROUP [key=value]...\n");
    return 2;
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(argv[3], &end, 10);
  if (!*argv[3] || *end || n == 0) {
    std::fprintf(stderr, "consumer_bench_kwire: N: expected a positive count, got '%s'\n", argv[3]);
    return 2;
  }
  kwire::properties props{{"bootstrap.servers", argv[1]},
                           {"client.id", "kwire-bench"},
                           {"group.id", argv[4]},
                           {"auto.offset.reset", "earliest"},
                           {"enable.auto.commit", "false"}};
  std::vector<std::string> extra(argv + 5, argv + argc);
  if (auto r = kwire::parse_assignments(extra, props); !r) {
    std::fprintf(stderr, "consumer_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }
  kwire::consumer_config cfg;
  if (auto r = kwire::parse_consumer_config(props, cfg); !r) {
    std::fprintf(stderr, "consumer_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }

  boost::asio::io_context io(1);
  bench b;
  b.total = n;
  b.begin = clock_type::now();
  b.consumer = kwire::consumer::create(io.get_executor(), cfg);
  kwire::rebalance_listener listener;
  listener.assigned = [&b](const std::vector<kwire::topic_partition>& tps) {
    if (!b.has_assignment && !tps.empty()) {
      b.has_assignment = true;
      b.assigned = clock_type::now();
    }
  };
  b.consumer->subscribe(std::vector<std::string>{argv[2]}, listener);
  b.consumer->async_start(b.diag, [&b](std::error_code ec) {
    if (ec) {
      b.error = "start: " + b.diag.message();
      return b.close();
    }
    b.poll();
  });
  io.run();
  if (!b.finished) {
    std::fprintf(stderr, "consumer_bench_kwire: stopped after %llu of %llu records: %s\n",
                 static_cast<unsigned long long>(b.received), n, b.error.c_str());
    return 1;
  }
  const double s = std::chrono::duration<double>(b.end - b.assigned).count();
  const double total_s = std::chrono::duration<double>(b.end - b.begin).count();
  std::printf("kwire records=%llu bytes=%llu seconds=%.3f total_seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f\n",
              static_cast<unsigned long long>(b.received), static_cast<unsigned long long>(b.bytes), s, total_s,
              b.received / s, b.bytes / s / 1e6);
  return 0;
}
