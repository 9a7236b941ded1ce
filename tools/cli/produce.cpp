// kwire produce: one record per line of stdin.
//
//   kwire produce -b HOST:PORT -t TOPIC [-p PARTITION] [-K DELIM] [-H key=value]...
//                 [-z gzip|snappy|lz4|zstd] [--acks 0|1|all] [--linger-ms N] [-X key=value]...
//                 [--command-config FILE] [--json]
//                 [--transactional-id ID [--transaction-records N] [--abort]]
//
// With -K the key is what precedes the first DELIM of a line and the value what follows (a line
// without DELIM has a null key). -H adds a header to every record; -X sets any producer property
// by its Java name. At the end a summary (records, bytes, errors) goes to stdout, or to stderr
// with --json, where stdout carries one delivery report per record instead:
//   {"record":1,"topic":"t","partition":0,"offset":41,"timestamp":1700000000000,"error":null}
// --transactional-id: the records go in transactions of N records (--transaction-records;
// default one transaction for all), each committed, or with --abort written and then aborted; the
// summary adds how many transactions were committed and aborted.
// Exit status: 0 when every record was delivered (and every transaction ended as asked), 1 when
// some failed, 2 for a usage error.
// Lines are handed to the producer's thread in chunks of up to 1024 (at most buffer.memory bytes
// of lines are read ahead of their delivery).

#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "tools/cli/settings.hpp"
#include <kwire/producer/producer.hpp>

namespace {

using namespace kwire;

// To stdout with exit 0 for -h/--help, to stderr with exit 2 for bad use.
int usage(std::FILE* out = stderr, int status = 2) {
  std::fprintf(out,
               "usage: kwire produce [-b HOST:PORT] -t TOPIC [-p PARTITION] [-K DELIM] [-H key=value]...\n"
               "                     [-z gzip|snappy|lz4|zstd] [--acks 0|1|all] [--linger-ms N]\n"
               "                     [-X key=value]... [--command-config FILE] [--json]\n"
               "                     [--transactional-id ID [--transaction-records N] [--abort]]\n"
               "one record per line of stdin (any producer property by -X or the file)\n"
               "  -t, --topic TOPIC          where the records go\n"
               "  -p, --partition N          this partition (default: the partitioner's choice)\n"
               "  -K, --key-delimiter DELIM  the key is what precedes the first DELIM of a line\n"
               "  -H, --header key=value     a header on every record (repeatable)\n"
               "  -z, --compression CODEC    compression.type; --acks, --linger-ms: acks, linger.ms\n"
               "  --json                     one delivery report per record on stdout, the summary on stderr\n"
               "  --transactional-id ID      send in transactions (transactional.id=ID), committed at the end\n"
               "  --transaction-records N    a transaction per N records (default: one for all)\n"
               "  --abort                    write each transaction, then abort it instead of committing\n"
               "%s",
               cli::common_flags_help);
  return status;
}

// What the delivery callbacks (on the producer's thread) and the reading thread share.
struct tally {
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t sent = 0, delivered = 0, failed = 0, bytes = 0;
  std::uint64_t in_flight_bytes = 0;
  std::string first_error;
  bool json = false;
};

}  // namespace

int produce_main(int argc, char** argv) {
  cli::common_flags flags;
  auto& assignments = flags.assignments;  // --acks, -z and --linger-ms join -X, in order
  std::string topic, delimiter;
  std::optional<std::int32_t> partition;
  std::vector<std::pair<std::string, std::string>> headers;
  bool json = false;
  std::string txn_id;
  std::uint64_t txn_records = 0;  // 0: one transaction for all
  bool txn_abort = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-h" || a == "--help") return usage(stdout, 0);
    if (const auto took = flags.take(argc, argv, i); took != cli::common_flags::took::no) {
      if (took == cli::common_flags::took::missing_value) return cli::bad_argument("produce", a), usage();
    } else if ((a == "-t" || a == "--topic") && has_value) {
      topic = argv[++i];
    } else if ((a == "-p" || a == "--partition") && has_value) {
      char* end = nullptr;
      const long p = std::strtol(argv[++i], &end, 10);
      if (!*argv[i] || *end || p < 0 || p > INT32_MAX) {
        std::fprintf(stderr, "kwire produce: -p: expected a partition number, got '%s'\n", argv[i]);
        return 2;
      }
      partition = static_cast<std::int32_t>(p);
    } else if ((a == "-K" || a == "--key-delimiter") && has_value) {
      delimiter = argv[++i];
      if (delimiter.empty()) {
        std::fprintf(stderr, "kwire produce: -K: the key delimiter must not be empty\n");
        return 2;
      }
    } else if ((a == "-H" || a == "--header") && has_value) {
      const std::string h = argv[++i];
      const auto eq = h.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "kwire produce: -H: expected key=value, got '%s'\n", h.c_str());
        return 2;
      }
      headers.emplace_back(h.substr(0, eq), h.substr(eq + 1));
    } else if ((a == "-z" || a == "--compression") && has_value) {
      assignments.push_back(std::string("compression.type=") + argv[++i]);
    } else if (a == "--acks" && has_value) {
      assignments.push_back(std::string("acks=") + argv[++i]);
    } else if (a == "--linger-ms" && has_value) {
      assignments.push_back(std::string("linger.ms=") + argv[++i]);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--transactional-id" && has_value) {
      txn_id = argv[++i];
      if (txn_id.empty()) {
        std::fprintf(stderr, "kwire produce: --transactional-id: the id must not be empty\n");
        return 2;
      }
      assignments.push_back("transactional.id=" + txn_id);
    } else if (a == "--transaction-records" && has_value) {
      char* end = nullptr;
      const long long n = std::strtoll(argv[++i], &end, 10);
      if (!*argv[i] || *end || n <= 0) {
        std::fprintf(stderr, "kwire produce: --transaction-records: expected a positive number of records, got '%s'\n",
                     argv[i]);
        return 2;
      }
      txn_records = static_cast<std::uint64_t>(n);
    } else if (a == "--abort") {
      txn_abort = true;
    } else {
      return cli::bad_argument("produce", a), usage();
    }
  }
  if (topic.empty()) {
    std::fprintf(stderr, "kwire produce: -t TOPIC is required\n");
    return usage();
  }
  if (txn_id.empty() && (txn_records || txn_abort)) {
    std::fprintf(stderr, "kwire produce: --transaction-records and --abort need --transactional-id\n");
    return usage();
  }
  client::producer_config cfg;
  if (!cli::settings("produce", flags, {}, &client::parse_producer_config, cfg)) return 2;
  cfg.cluster.connection.log = cli::stderr_errors("produce");

  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  auto producer = client::producer::create(io.get_executor(), cfg);
  std::thread runner([&io] { io.run(); });

  // Transactions: each call waited for; a failure is reported and ends the run.
  const bool txn = !txn_id.empty();
  std::uint64_t committed = 0, aborted = 0, in_txn = 0;
  std::string txn_error;
  const auto txn_wait = [&](const char* what, auto call) {
    std::promise<void> done;
    error_info info;
    call(info, [&done](std::error_code) { done.set_value(); });
    done.get_future().wait();
    if (info.failed() && txn_error.empty()) txn_error = std::string(what) + ": " + info.message();
    return !info.failed();
  };
  const auto begin_txn = [&] {
    return txn_wait("begin_transaction", [&](error_info& i, auto h) { producer->async_begin_transaction(i, std::move(h)); });
  };
  // Ends the open transaction as asked; an abortable failure of the commit aborts it.
  const auto end_txn = [&] {
    if (txn_abort) {
      // Written first, so that the abort has something to take back.
      txn_wait("flush", [&](error_info& i, auto h) { producer->async_flush([&i, h = std::move(h)](std::error_code ec) mutable {
        i.ec = ec;
        std::move(h)(ec);
      }); });
      if (txn_wait("abort_transaction", [&](error_info& i, auto h) { producer->async_abort_transaction(i, std::move(h)); }))
        ++aborted;
      return txn_error.empty();
    }
    if (txn_wait("commit_transaction", [&](error_info& i, auto h) { producer->async_commit_transaction(i, std::move(h)); })) {
      ++committed;
      return true;
    }
    std::promise<client::txn_state> state;
    boost::asio::post(producer->get_executor(), [&] { state.set_value(producer->transaction_state()); });
    if (state.get_future().get() == client::txn_state::abortable_error &&
        txn_wait("abort_transaction", [&](error_info& i, auto h) { producer->async_abort_transaction(i, std::move(h)); }))
      ++aborted;
    return false;
  };
  bool txn_ok = true;
  if (txn) {
    txn_ok = txn_wait("init_transactions", [&](error_info& i, auto h) { producer->async_init_transactions(i, std::move(h)); }) &&
             begin_txn();
  }

  std::vector<client::header> header_refs;
  for (const auto& [k, v] : headers) header_refs.push_back({k, client::as_bytes(v)});

  tally t;
  t.json = json;
  // Lines read ahead of their delivery are held as copies on the producer's side: bound them so
  // a fast stdin cannot outrun the broker without limit.
  const std::uint64_t max_ahead = static_cast<std::uint64_t>(cfg.buffer_memory);
  constexpr std::uint64_t max_records = 1 << 17;
  const bool progress = ::isatty(2) != 0;
  auto last_progress = std::chrono::steady_clock::now();

  // Lines go to the producer's thread in chunks: there, async_send appends each record straight
  // into its batch (on the producer's strand no copy is made per record).
  struct chunk {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // offset, length in text
    std::uint64_t first = 0;                                 // number of the first line
  };
  const auto on_delivery = [&t](std::uint64_t number, std::uint64_t size, std::error_code ec,
                                const client::record_metadata& md) {
    std::lock_guard lock(t.mutex);
    t.in_flight_bytes -= size;
    if (ec) {
      ++t.failed;
      if (t.first_error.empty()) t.first_error = md.error_detail.empty() ? ec.message() : md.error_detail;
    } else {
      ++t.delivered;
      t.bytes += size;
    }
    if (t.json) {
      std::printf("{\"record\":%llu,\"topic\":%s,\"partition\":%d,\"offset\":%lld,\"timestamp\":%lld,\"error\":%s}\n",
                  static_cast<unsigned long long>(number), cli::json_string(md.topic).c_str(), md.partition,
                  static_cast<long long>(md.offset), static_cast<long long>(md.timestamp),
                  ec ? cli::json_string(md.error_detail.empty() ? ec.message() : md.error_detail).c_str() : "null");
    }
    t.changed.notify_all();
  };
  const auto send_chunk = [&](std::shared_ptr<chunk> c) {
    {
      std::unique_lock lock(t.mutex);
      // Bounded in bytes and in records (a record waiting for its topic's metadata is a copy).
      t.changed.wait(lock, [&] {
        const std::uint64_t outstanding = t.sent - t.delivered - t.failed;
        return outstanding == 0 ||
               (t.in_flight_bytes + c->text.size() <= max_ahead && outstanding + c->lines.size() <= max_records);
      });
      t.in_flight_bytes += c->text.size();
      t.sent += c->lines.size();
    }
    boost::asio::post(producer->get_executor(), [&, c] {
      for (std::size_t i = 0; i < c->lines.size(); ++i) {
        const auto [offset, length] = c->lines[i];
        std::string_view text(c->text.data() + offset, length);
        client::record r;
        r.topic = topic;
        r.partition = partition;
        r.headers = header_refs;
        if (!delimiter.empty()) {
          if (const auto at = text.find(delimiter); at != std::string_view::npos) {
            r.key = client::as_bytes(text.substr(0, at));
            text.remove_prefix(at + delimiter.size());
          }
        }
        r.value = client::as_bytes(text);
        const std::uint64_t number = c->first + i;
        const std::uint64_t size = length;
        producer->async_send(r, [&on_delivery, number, size](std::error_code ec, client::record_metadata md) {
          on_delivery(number, size, ec, md);
        });
      }
    });
  };

  std::ios::sync_with_stdio(false);
  std::string line;
  std::uint64_t number = 0;
  auto pending = std::make_shared<chunk>();
  while (txn_ok && std::getline(std::cin, line)) {
    ++number;
    if (pending->lines.empty()) pending->first = number;
    pending->lines.emplace_back(pending->text.size(), line.size());
    pending->text += line;
    if (txn && ++in_txn == txn_records) {  // the transaction is full: its records go, it ends
      send_chunk(std::exchange(pending, std::make_shared<chunk>()));
      in_txn = 0;
      txn_ok = end_txn() && begin_txn();
      continue;
    }
    if (pending->lines.size() >= 1024 || pending->text.size() >= (256 << 10)) {
      send_chunk(std::exchange(pending, std::make_shared<chunk>()));
      if (progress) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_progress >= std::chrono::seconds(1)) {
          last_progress = now;
          std::lock_guard lock(t.mutex);
          std::fprintf(stderr, "\r%llu read, %llu delivered, %llu failed", static_cast<unsigned long long>(number),
                       static_cast<unsigned long long>(t.delivered), static_cast<unsigned long long>(t.failed));
        }
      }
    }
  }
  if (!pending->lines.empty()) send_chunk(std::move(pending));
  if (txn && txn_ok && in_txn > 0) txn_ok = end_txn();

  std::promise<void> closed;
  producer->async_close(std::chrono::milliseconds::max(), [&closed](std::error_code) { closed.set_value(); });
  closed.get_future().wait();
  work.reset();
  runner.join();
  if (progress && number >= 1024) std::fprintf(stderr, "\n");

  std::FILE* summary = json ? stderr : stdout;
  std::fprintf(summary, "%llu records, %llu bytes delivered to %s, %llu errors\n",
               static_cast<unsigned long long>(t.delivered), static_cast<unsigned long long>(t.bytes), topic.c_str(),
               static_cast<unsigned long long>(t.failed));
  if (txn)
    std::fprintf(summary, "%llu transactions committed, %llu aborted\n", static_cast<unsigned long long>(committed),
                 static_cast<unsigned long long>(aborted));
  if (t.failed) std::fprintf(stderr, "kwire produce: first error: %s\n", t.first_error.c_str());
  if (!txn_error.empty()) std::fprintf(stderr, "kwire produce: %s\n", txn_error.c_str());
  std::fflush(stdout);
  return t.failed || !txn_error.empty() ? 1 : 0;
}
