// The producer's control paths: bootstrap, topic metadata, the idempotent producer id and
// epoch (driving client/producer/idempotence.hpp), flush and close. The record path is in
// producer.cpp, the sender in producer_sender.cpp.

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <kwire/producer/producer.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/init_producer_id.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::client {

namespace asio = boost::asio;

// ---------------------------------------------------------------------------------------------
// Bootstrap.

void producer::start() {
  if (started_ || starting_ || closing_) return;
  starting_ = true;
  cluster_->async_start([self = shared_from_this()](std::error_code ec, std::string detail) {
    self->starting_ = false;
    if (ec) {
      // Records keep waiting (up to max.block.ms) while the bootstrap is tried again, unless no
      // retry can help: the settings do not fit the brokers (a wrong password, CA or client
      // certificate; a store that does not open). Those records fail now, with the cause, as
      // Java's send fails on an AuthenticationException; later records try again.
      self->start_error_ = "bootstrap failed: " + (detail.empty() ? ec.message() : detail);
      const bool permanent = ec == client_errc::invalid_config ||
                             (ec.category() == broker_category() && !is_retriable(static_cast<broker_errc>(ec.value())));
      if (permanent) {
        for (auto& [name, t] : self->topics_) {
          while (!t.waiting.empty()) {
            self->fail_waiting(t.waiting.front(), ec, self->start_error_);
            t.waiting.pop_front();
          }
        }
      }
      // Said at once through the log hook (kwire produce prints it), and again only when the
      // cause changes: the records wait quietly otherwise, for up to max.block.ms. A bootstrap
      // cut short by close() is no news.
      if (!permanent && !self->cluster_closing_ && self->cfg_.cluster.connection.log &&
          self->start_error_ != self->start_error_logged_) {
        self->start_error_logged_ = self->start_error_;
        self->cfg_.cluster.connection.log(
            net::log_level::error,
            "producer: " + self->start_error_ + "; records wait up to max.block.ms (" +
                std::to_string(self->cfg_.max_block.count()) + " ms) while bootstrap.servers is tried again every " +
                std::to_string(self->cfg_.cluster.retry_backoff.count()) + " ms (retry.backoff.ms)");
      }
      self->next_start_ = clock::now() + self->cfg_.cluster.retry_backoff;
      self->arm_timer(self->next_start_);
      return;
    }
    self->started_ = true;
    self->start_error_.clear();
    self->start_error_logged_.clear();
    for (auto& [name, t] : self->topics_)
      if (!t.waiting.empty()) self->fetch_topic(name);
    self->schedule_send();
  });
}

// ---------------------------------------------------------------------------------------------
// Topic metadata.

namespace {

// TOPIC_AUTHORIZATION_FAILED or INVALID_TOPIC_EXCEPTION for `name`: no retry can help, its
// records fail. Sets `detail` when so.
std::error_code topic_refused(const protocol::metadata_response& r, const std::string& name, std::string& detail) {
  for (const auto& t : r.topics) {
    if (t.name != name || t.error_code == 0) continue;
    const auto e = static_cast<broker_errc>(t.error_code);
    if (e != broker_errc::topic_authorization_failed && e != broker_errc::invalid_topic_exception) continue;
    detail = "topic " + name + ": " + std::string(error_name(e)) + " (" + std::string(error_description(e)) + ")";
    return e;
  }
  return {};
}

bool refused(std::error_code ec) {
  return ec == broker_errc::topic_authorization_failed || ec == broker_errc::invalid_topic_exception;
}

}  // namespace

void producer::fetch_topic(const std::string& name) {
  auto& t = topics_[name];
  if (t.fetching || aborted_) return;
  if (!started_) return start();  // the bootstrap's completion fetches every waiting topic
  t.fetching = true;
  // Our own Metadata request, so that a broker with auto.create.topics.enable creates the topic
  // (the cluster's refreshes never create topics); then the cluster's view learns it too.
  protocol::metadata_request req;
  req.topics.emplace().emplace_back().name = name;
  req.allow_auto_topic_creation = true;
  cluster_->async_request(
      net::any_broker{}, std::move(req),
      [self = shared_from_this(), name](std::error_code ec, net::reply<protocol::metadata_response> r) {
        self->on_topic_answer(name, ec, r);
      });
}

void producer::on_topic_answer(const std::string& name, std::error_code ec,
                               const net::reply<protocol::metadata_response>& r) {
  std::string detail = r.detail;
  if (!ec) ec = topic_refused(r.body, name, detail);
  if (ec) return on_topic_metadata(name, ec, detail);
  cluster_->async_metadata({name}, [self = shared_from_this(), name](std::error_code ec, net::metadata_reply m) {
    self->view_ = m.view;
    self->on_topic_metadata(name, ec, m.detail);
  });
}

void producer::on_topic_metadata(const std::string& name, std::error_code ec, const std::string& detail) {
  auto& t = topics_[name];
  t.fetching = false;
  if (refused(ec)) {
    while (!t.waiting.empty()) {
      fail_waiting(t.waiting.front(), ec, detail);
      t.waiting.pop_front();
    }
    return;
  }
  if (ec) {
    t.last_error = ec;
    t.last_detail = detail.empty() ? ec.message() : detail;
  } else {
    learn_topic(name, t);
  }
  if (t.partitions == 0) {
    t.next_fetch = clock::now() + cfg_.cluster.retry_backoff;
    arm_timer(t.next_fetch);
    return;
  }
  admit_waiting(t);
  schedule_send();
}

void producer::learn_topic(const std::string& name, topic_state& t) {
  const auto view = cluster_->snapshot();
  if (view) {
    view_ = view;
    update_topics(*view);
  }
  if (t.partitions > 0) return;
  // Still unknown: remember why, for the records' error if it stays so for max.block.ms.
  const auto* ti = view ? view->topic(name) : nullptr;
  t.last_error = broker_errc::unknown_topic_or_partition;
  t.last_detail = ti && ti->error_code ? "the broker answers " + std::string(error_name(static_cast<broker_errc>(ti->error_code)))
                                       : "the broker does not list it";
}

void producer::admit_waiting(topic_state& t) {
  // Known now: the records that waited go in, in order (behind any waiting for memory).
  while (!t.waiting.empty()) {
    auto& w = t.waiting.front();
    if (blocked_.empty()) {
      const record view = w.rec.view();
      if (try_append(t, view, w.timestamp, w.handler) != append_status::blocked) {
        t.waiting.pop_front();
        continue;
      }
    }
    blocked_.push_back(std::move(w));
    t.waiting.pop_front();
  }
}

void producer::update_topics(const net::metadata_view& view) {
  for (auto& [name, t] : topics_) {
    const auto* ti = view.topic(name);
    if (!ti || ti->error_code != 0 || ti->partitions.empty()) continue;
    t.partitions = static_cast<std::int32_t>(ti->partitions.size());
    t.id = ti->id;
    t.available.clear();
    t.leaders.assign(ti->partitions.size(), -1);
    for (const auto& p : ti->partitions) {
      if (p.leader < 0 || p.partition < 0) continue;
      t.available.push_back(p.partition);
      if (p.partition < t.partitions) t.leaders[static_cast<std::size_t>(p.partition)] = p.leader;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Idempotence: the producer id and epoch.

void producer::request_producer_id(clock::time_point now) {
  auto step = idem_.next_init(now, total_in_flight_ > 0);
  if (step.wake_at) arm_timer(*step.wake_at);
  if (!step.request) return;
  cluster_->async_request(net::any_broker{}, std::move(*step.request),
                          [self = shared_from_this()](std::error_code ec,
                                                      net::reply<protocol::init_producer_id_response> r) {
                            self->on_producer_id(ec, std::move(r));
                          });
}

void producer::on_producer_id(std::error_code ec, net::reply<protocol::init_producer_id_response> r) {
  switch (idem_.on_init(ec, r.detail, r.body, clock::now())) {
    case idempotence::init_outcome::bumped:
      ++stats_.epoch_bumps;
      acc_.renumber(idem_);
      break;
    case idempotence::init_outcome::fatal:
      fatal_ = idem_.fatal_error();  // every record fails, now and later
      fatal_detail_ = idem_.fatal_detail();
      return abort_all(fatal_, fatal_detail_);
    case idempotence::init_outcome::ready:
    case idempotence::init_outcome::retry:  // the sender asks again after the backoff
      break;
  }
  schedule_send();
}

// ---------------------------------------------------------------------------------------------
// Flush and close.

void producer::record_done(std::size_t n) {
  outstanding_ -= std::min(outstanding_, n);
  if (outstanding_ != 0) return;
  for (auto& h : std::exchange(flush_waiters_, {})) {
    acc_.end_flush();
    complete_done(std::move(h), {});
  }
  if (closing_) finish_close();
}

void producer::complete_done(done_handler h, std::error_code ec) {
  // On the handler's own executor (the strand when it has none), never inline.
  auto ex = asio::get_associated_executor(h, strand_);
  asio::post(strand_, asio::bind_executor(ex, [h = std::move(h), ec]() mutable { std::move(h)(ec); }));
}

void producer::flush(done_handler h) {
  asio::post(strand_, [self = shared_from_this(), h = std::move(h)]() mutable {
    if (self->outstanding_ == 0) return self->complete_done(std::move(h), {});
    self->acc_.begin_flush();
    self->flush_waiters_.push_back(std::move(h));
    self->schedule_send();
  });
}

void producer::close(std::chrono::milliseconds timeout, done_handler h) {
  asio::post(strand_, [self = shared_from_this(), timeout, h = std::move(h)]() mutable {
    self->close_waiters_.push_back(std::move(h));
    if (self->closing_) return self->outstanding_ == 0 ? self->finish_close() : void();
    self->closing_ = true;
    const auto now = clock::now();
    self->close_timeout_ = timeout;
    self->close_deadline_ = timeout >= std::chrono::hours(24 * 365) ? clock::time_point::max() : now + timeout;
    self->acc_.begin_flush();
    if (self->outstanding_ == 0) return self->finish_close();
    self->arm_timer(self->close_deadline_);
    self->schedule_send();
  });
}

void producer::abort_all(std::error_code ec, const std::string& why) {
  aborted_ = true;
  for (producer_batch* b : acc_.expired(clock::time_point::max())) fail_batch(b, ec, why);
  for (auto& w : blocked_) fail_waiting(w, ec, why);
  blocked_.clear();
  for (auto& [name, t] : topics_) {
    for (auto& w : t.waiting) fail_waiting(w, ec, why);
    t.waiting.clear();
  }
  // Batches in flight fail when their requests do: closing the connections ends them now.
  if (total_in_flight_ > 0 && closing_) finish_close();
  if (!closing_) aborted_ = false;  // a fatal error: later sends fail through fatal_
}

void producer::finish_close() {
  if (cluster_closing_) return;
  cluster_closing_ = true;
  timer_.cancel();
  cluster_->async_close([self = shared_from_this()](std::error_code ec) {
    for (auto& h : std::exchange(self->close_waiters_, {})) self->complete_done(std::move(h), ec);
  });
}

}  // namespace kwire::client
