// kwire lag -b B -g GROUP [--json] [-X key=value]... [--command-config FILE]
// Per partition the group has committed: end offset, committed offset, lag, and the total
// (client/offsets.hpp group_lag, printed by client/lag.hpp).

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tools/cli/lag_format.hpp"
#include "tools/cli/settings.hpp"
#include <kwire/config/consumer_config.hpp>
#include <kwire/consumer/offsets.hpp>
#include <kwire/net/cluster.hpp>

namespace {

using namespace kwire;

// To stdout with exit 0 for -h/--help, to stderr with exit 2 for bad use.
int usage(std::FILE* out = stderr, int status = 2) {
  std::fprintf(out,
               "usage: kwire lag [-b HOST:PORT[,...]] -g GROUP [--json] [-X key=value]... [--command-config FILE]\n"
               "per partition the group committed: end offset, committed offset, lag; then the total\n"
               "(any consumer property by -X or the file)\n"
               "  -g, --group GROUP          the consumer group\n"
               "  --json                     one JSON document\n"
               "%s",
               cli::common_flags_help);
  return status;
}

}  // namespace

int lag_main(int argc, char** argv) {
  cli::common_flags flags;
  std::string group;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-h" || a == "--help") return usage(stdout, 0);
    const auto took = flags.take(argc, argv, i);
    if (took == cli::common_flags::took::missing_value) return cli::bad_argument("lag", a), usage();
    if (took == cli::common_flags::took::yes) continue;
    if ((a == "-g" || a == "--group") && has_value) {
      group = argv[++i];
    } else if (a == "--json") {
      json = true;
    } else {
      return cli::bad_argument("lag", a), usage();
    }
  }
  if (group.empty()) {
    std::fprintf(stderr, "kwire lag: -g GROUP is required\n");
    return usage();
  }
  client::consumer_config cfg;
  if (!cli::settings("lag", flags, {}, &client::parse_consumer_config, cfg)) return 2;

  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  auto cluster = net::cluster::create(io.get_executor(), cfg.cluster);
  std::thread runner([&io] { io.run(); });

  struct outcome {
    std::error_code ec;
    std::string detail;
    client::lag_report report;
  };
  std::promise<outcome> done;
  cluster->async_start([&](std::error_code ec, std::string detail) {
    if (ec) return done.set_value({ec, "bootstrap: " + detail, {}});
    client::group_lag(cluster, group, cfg.default_api_timeout,
                      [&](std::error_code ec, std::string detail, client::lag_report r) {
                        done.set_value({ec, std::move(detail), std::move(r)});
                      });
  });
  auto result = done.get_future().get();
  std::promise<void> closed;
  cluster->async_close([&](std::error_code) { closed.set_value(); });
  closed.get_future().wait();
  work.reset();
  runner.join();

  if (result.ec) {
    std::fprintf(stderr, "kwire lag: %s [%s]\n", result.detail.c_str(), result.ec.message().c_str());
    return 1;
  }
  const std::string out = json ? client::lag_json(group, result.report) : client::lag_text(group, result.report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
