// Producer throughput, kwire side of the side-by-side benchmark (issues #7, 18; tools/bench/run).
//
//   producer_bench_kwire BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...
//
// Sends N records of 100 bytes (no key: the partitioner picks the partition) to TOPIC as fast as the producer takes them, with
// one callback per record (no future per record), then waits for every acknowledgement and
// prints one line:  kwire records=N seconds=S msgs_per_s=R mb_per_s=M failed=F
// The clock starts before the first send (the producer already exists, metadata not yet
// fetched: the same point ProducerPerformance and the librdkafka bench start theirs).
// Everything runs on one thread, the producer's strand: sending from the strand appends straight
// into the batch (no copy per record). At most `window` records are outstanding at once (the
// Java perf tool is bounded the same way, by buffer.memory blocking send()); acknowledgements
// refill the window.
// Payloads: like ProducerPerformance's (random letters A-Z, which lz4 barely compresses), but
// taken round-robin from 1024 made up front, so generating them costs nothing per record; a
// 16 KiB batch holds ~150 records, so no payload repeats within a batch.

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <kwire/producer/producer.hpp>

namespace {

using namespace kwire;

struct bench {
  std::shared_ptr<client::producer> producer;
  std::string topic;
  std::vector<std::string> payloads;
  std::uint64_t total = 0, sent = 0, done = 0, failed = 0;
  std::uint64_t window = 0;
  std::string first_error;
  std::chrono::steady_clock::time_point start, end;
  client::producer_stats stats;
  bool finished = false;

  void fill() {
    client::record r;
    r.topic = topic;
    while (sent < total && sent - done < window) {
      r.value = client::as_bytes(payloads[sent % payloads.size()]);
      ++sent;
      producer->send(r, [this](std::error_code ec, const client::record_metadata& md) { on_ack(ec, md); });
    }
  }
  void on_ack(std::error_code ec, const client::record_metadata& md) {
    ++done;
    if (ec) {
      ++failed;
      if (first_error.empty()) first_error = md.error_detail.empty() ? ec.message() : md.error_detail;
    }
    if (done == total) {
      end = std::chrono::steady_clock::now();
      finished = true;
      stats = producer->stats();
      producer->async_close(std::chrono::seconds(10), [](std::error_code) {});
      return;
    }
    // Refill in chunks, not one record per acknowledgement.
    if (sent < total && sent - done <= window / 2) fill();
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: producer_bench_kwire BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...\n");
    return 2;
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(argv[3], &end, 10);
  if (!*argv[3] || *end || n == 0) {
    std::fprintf(stderr, "producer_bench_kwire: N: expected a positive count, got '%s'\n", argv[3]);
    return 2;
  }
  client::properties props{{"bootstrap.servers", argv[1]},
                           {"client.id", "kwire-bench"},
                           {"acks", argv[4]},
                           {"compression.type", argv[5]},
                           {"linger.ms", "5"}};
  std::vector<std::string> extra(argv + 6, argv + argc);
  if (auto r = client::parse_assignments(extra, props); !r) {
    std::fprintf(stderr, "producer_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }
  client::producer_config cfg;
  if (auto r = client::parse_producer_config(props, cfg); !r) {
    std::fprintf(stderr, "producer_bench_kwire: %s\n", r.detail.c_str());
    return 2;
  }

  boost::asio::io_context io(1);
  bench b;
  b.producer = client::producer::create(io.get_executor(), cfg);
  b.topic = argv[2];
  b.total = n;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> letter('A', 'Z');
  for (int i = 0; i < 1024; ++i) {
    std::string p(100, ' ');
    for (auto& c : p) c = static_cast<char>(letter(rng));
    b.payloads.push_back(std::move(p));
  }
  // Records fit in buffer.memory with room to spare (~130 bytes each in a batch).
  b.window = static_cast<std::uint64_t>(cfg.buffer_memory) / 200;
  boost::asio::post(b.producer->get_executor(), [&b] {
    b.start = std::chrono::steady_clock::now();
    b.fill();
  });
  io.run();
  if (!b.finished) {
    std::fprintf(stderr, "producer_bench_kwire: stopped after %llu of %llu acknowledgements\n",
                 static_cast<unsigned long long>(b.done), n);
    return 1;
  }
  const double s = std::chrono::duration<double>(b.end - b.start).count();
  std::printf("kwire records=%llu seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f failed=%llu requests=%llu\n", n, s,
              n / s, n * 100.0 / s / 1e6, static_cast<unsigned long long>(b.failed),
              static_cast<unsigned long long>(b.stats.requests));
  if (b.failed) std::fprintf(stderr, "producer_bench_kwire: first error: %s\n", b.first_error.c_str());
  return b.failed ? 1 : 0;
}
