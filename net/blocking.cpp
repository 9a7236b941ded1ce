#include <kwire/net/blocking.hpp>

namespace kwire::net {

blocking_cluster::blocking_cluster(cluster_config config)
    : work_(io_.get_executor()),
      cluster_(cluster::create(io_.get_executor(), std::move(config))),
      thread_([this] { io_.run(); }) {}

blocking_cluster::~blocking_cluster() {
  std::promise<void> closed;
  auto done = closed.get_future();
  cluster_->async_close([&closed](std::error_code) { closed.set_value(); });
  done.wait();
  cluster_.reset();
  work_.reset();
  thread_.join();
}

result<bool> blocking_cluster::start() {
  std::promise<result<bool>> done;
  auto answer = done.get_future();
  cluster_->async_start([&done](std::error_code ec, std::string detail) {
    done.set_value({ec, std::move(detail), !ec});
  });
  return answer.get();
}

result<std::shared_ptr<const metadata_view>> blocking_cluster::metadata(std::vector<std::string> topics) {
  std::promise<result<std::shared_ptr<const metadata_view>>> done;
  auto answer = done.get_future();
  cluster_->async_metadata(std::move(topics), [&done](std::error_code ec, metadata_reply r) {
    result<std::shared_ptr<const metadata_view>> out;
    out.ec = ec;
    out.detail = std::move(r.detail);
    out.value = std::move(r.view);
    done.set_value(std::move(out));
  });
  return answer.get();
}

}  // namespace kwire::net
