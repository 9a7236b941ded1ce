// The consumer as the driver of its group membership. Membership is a sans-I/O machine,
// client/group/classic_membership.hpp (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) or
// kip848_membership.hpp (ConsumerGroupHeartbeat): this file sends the requests it asks for
// through the cluster, arms its timers, runs the listener and the auto-commit around
// revocations, and feeds the answers back. consumer_group_kip848.cpp has the KIP-848 specifics.

#include <algorithm>
#include <boost/asio/post.hpp>

#include <kwire/consumer/consumer.hpp>
#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

error_info consumer::subscribe(std::vector<std::string> topics, rebalance_listener listener) {
  if (topics.empty()) {
    unsubscribe();
    return {};
  }
  if (auto refused = enter_mode(mode::subscribed, "subscribe()"); refused.failed()) return refused;
  boost::asio::post(executor_, [self = shared_from_this(), topics, listener] {
    if (!self->cfg_.group_id)
      return self->set_error(make_error_code(client_errc::invalid_config), "subscribe needs group.id");
    self->topics_ = topics;
    std::sort(self->topics_.begin(), self->topics_.end());
    self->topics_.erase(std::unique(self->topics_.begin(), self->topics_.end()), self->topics_.end());
    self->pattern_.reset();
    self->listener_ = listener;
    self->resubscribe();
  });
  return {};
}

error_info consumer::subscribe(std::regex pattern, rebalance_listener listener) {
  if (auto refused = enter_mode(mode::subscribed, "subscribe()"); refused.failed()) return refused;
  boost::asio::post(executor_, [self = shared_from_this(), pattern, listener] {
    if (!self->cfg_.group_id)
      return self->set_error(make_error_code(client_errc::invalid_config), "subscribe needs group.id");
    self->topics_.clear();
    self->pattern_ = pattern;
    self->listener_ = listener;
    self->resubscribe();
  });
  return {};
}

void consumer::reset_group() {
  ++group_resets_;
  classic_.reset();
  if (!cfg_.group_id) return kip848_.reset();
  group::membership_config m;
  m.group_id = *cfg_.group_id;
  m.group_instance_id = cfg_.group_instance_id;
  m.client_rack = cfg_.client_rack;
  m.session_timeout = cfg_.session_timeout;
  m.heartbeat_interval = cfg_.heartbeat_interval;
  m.max_poll_interval = cfg_.max_poll_interval;
  m.retry_backoff = cfg_.cluster.retry_backoff;
  m.remote_assignor = cfg_.group_remote_assignor;
  if (kip848()) return reset_kip848(std::move(m));
  std::vector<std::unique_ptr<group::assignor>> assignors;
  for (const auto& name : cfg_.assignment_strategies)
    if (auto a = group::make_assignor(name)) assignors.push_back(std::move(a));
  classic_ = std::make_unique<group::classic_membership>(std::move(m), std::move(assignors));
}

// max.poll.interval.ms: the machine arms its timer when a poll returns and cancels it (joining
// again if it had left for want of polls) when the next one starts.
void consumer::poll_started() {
  if (classic_) group_run(classic_->poll_started());
  if (kip848_) group_run(kip848_->poll_started());
}

void consumer::poll_returned() {
  if (closed_) return;
  if (classic_) group_run(classic_->poll_returned());
  if (kip848_) group_run(kip848_->poll_returned());
}

bool consumer::group_active() const {
  return (classic_ && classic_->active()) || (kip848_ && kip848_->active());
}

bool consumer::group_joining() const {
  return (classic_ && classic_->joining()) || (kip848_ && kip848_->joining());
}

// After subscribe(): join, or tell the group the subscription changed.
void consumer::resubscribe() {
  subscribed_ = true;
  if (!started_) return;  // start() joins
  if (!group_active()) return group_start();
  const auto topics = subscribed_topics();
  if (kip848_) return group_run(kip848_machine().subscribe(topics));
  group_run(classic_->subscribe(topics, partition_counts(topics)));
}

void consumer::unsubscribe() {
  {
    std::lock_guard lock(mode_mutex_);
    mode_ = mode::none;
  }
  boost::asio::post(executor_, [self = shared_from_this()] {
    self->subscribed_ = false;
    auto forget = [self] {
      self->topics_.clear();
      self->pattern_.reset();
    };
    if (!self->group_active()) {
      forget();
      return self->set_assignment({});
    }
    self->leave_group(forget);
  });
}

std::vector<std::string> consumer::subscribed_topics() const {
  if (!pattern_) return topics_;
  std::vector<std::string> out;
  for (const auto& [name, t] : cluster_->snapshot()->topics)
    if (!t.internal && std::regex_match(name, *pattern_)) out.push_back(name);
  return out;
}

std::map<std::string, std::int32_t> consumer::partition_counts(const std::vector<std::string>& topics) const {
  std::map<std::string, std::int32_t> out;
  const auto md = cluster_->snapshot();
  for (const auto& name : topics)
    if (const auto* t = md->topic(name); t && t->error_code == 0) out[name] = static_cast<std::int32_t>(t->partitions.size());
  return out;
}

commit_identity consumer::identity() const {
  commit_identity who;
  who.group_id = cfg_.group_id.value_or("");
  const auto member = kip848_ ? kip848_->identity() : classic_ ? classic_->identity() : group::member_identity{};
  if (group_active() && !member.member_id.empty()) {
    who.generation = member.generation;
    who.member_id = member.member_id;
    who.group_instance_id = cfg_.group_instance_id;
  }
  return who;
}

void consumer::group_start() {
  // Every topic for a pattern, else the subscribed ones: the JoinGroup lists what exists.
  auto topics = pattern_ ? std::vector<std::string>{} : topics_;
  cluster_->async_metadata(topics, [self = shared_from_this()](std::error_code, net::metadata_reply) {
    if (self->closed_ || !self->subscribed_) return;
    const auto now = self->subscribed_topics();
    if (self->kip848_) return self->group_run(self->kip848_machine().subscribe(now));
    self->group_run(self->classic_->subscribe(now, self->partition_counts(now)));
  });
  if (pattern_) refresh_pattern();
}

// A pattern is matched against every topic: list them all every metadata.max.age.ms, so a new
// matching topic (or one deleted) triggers a rejoin.
void consumer::refresh_pattern() {
  metadata_timer_.expires_after(cfg_.cluster.metadata_max_age);
  metadata_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
    if (e || self->closed_ || !self->group_active() || !self->pattern_) return;
    self->cluster_->async_metadata({}, [self](std::error_code, net::metadata_reply) {
      self->check_metadata();
      self->refresh_pattern();
    });
  });
}

void consumer::check_metadata() {
  if (!group_active()) return;
  // A topic of our assignment deleted: poll hears it, even when the rebalance that follows
  // revokes its partitions before a Fetch notices.
  {
    const auto md = cluster_->snapshot();
    std::set<std::string> assigned;
    for (const auto& [tp, p] : parts_) assigned.insert(tp.topic);
    for (const auto& name : assigned) topic_gone(name, md->topic(name));
  }
  const auto topics = subscribed_topics();
  if (kip848_) {  // partition counts are the coordinator's business; a regex's matches are ours
    if (topics != kip848_->topics()) group_run(kip848_machine().subscribe(topics));
    return;
  }
  if (topics != classic_->topics()) return group_run(classic_->subscribe(topics, partition_counts(topics)));
  group_run(classic_->metadata_changed(partition_counts(topics)));
}

void consumer::rejoin(const char* why) {
  if (closed_) return;
  if (kip848_) return group_run(kip848_machine().heartbeat_now());  // the coordinator decides; it hears our state now
  if (classic_) group_run(classic_->rejoin(why));
}

// ---- carrying out the classic machine's actions ---------------------------------------------

void consumer::group_run(group::actions as) {
  using kind = group::action::kind;
  const auto log = [this](net::log_level level, const std::string& m) {
    if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(level, m);
  };
  for (auto& a : as) {
    switch (a.type) {
      case kind::send:
        group_send(a.id, std::move(*a.request));
        break;
      case kind::need_metadata:
        group_metadata(a.id, std::move(a.topics));
        break;
      case kind::arm_timer:
        group_arm(a.timer, a.delay, a.id);
        break;
      case kind::cancel_timer:
        (a.timer == group::timer_kind::heartbeat ? heartbeat_timer_ : poll_interval_timer_).cancel();
        break;
      case kind::revoke: {
        log(net::log_level::info, "revoking " + std::to_string(a.partitions.size()) + " partition(s) of group " + *cfg_.group_id);
        // Posted: the machine hears "done" only after the actions of this round are carried out.
        revoke_then(a.partitions, [self = shared_from_this(), id = a.id] {
          boost::asio::post(self->executor_, [self, id] {
            if (self->closed_) return;
            self->group_run(self->kip848_ ? self->kip848_machine().revocation_done(id) : self->classic_->revocation_done(id));
          });
        });
        break;
      }
      case kind::assign:
        set_assignment(a.partitions);
        // Classic: after every rebalance, as Java; KIP-848: when a reconciliation adds some.
        if (listener_.assigned && (classic_ || !a.added.empty())) listener_.assigned(a.added);
        break;
      case kind::lose: {
        log(net::log_level::warn, "partitions lost: " + (kip848_ ? kip848_->last_reason() : classic_->last_reason()));
        if (listener_.lost) listener_.lost(a.partitions);
        set_assignment(group::minus(assignment(), a.partitions));
        break;
      }
      case kind::fail:
        set_error(a.ec, a.detail);
        break;
      case kind::left:
        if (auto done = std::exchange(on_left_, nullptr)) done();
        break;
    }
  }
}

void consumer::group_send(std::uint64_t id, group::group_request request) {
  const net::coordinator to{net::coordinator_type::group, *cfg_.group_id};
  std::visit([&](auto& req) {
    using Req = std::decay_t<decltype(req)>;
    using Resp = protocol::response_of_t<Req>;
    net::request_options opts;
    // The coordinator holds JoinGroup and SyncGroup until every member joined (the rebalance
    // timeout, max.poll.interval.ms): the answer may take that long.
    if constexpr (std::is_same_v<Req, protocol::join_group_request> || std::is_same_v<Req, protocol::sync_group_request>)
      opts.timeout = std::max(cfg_.cluster.connection.request_timeout, cfg_.max_poll_interval + std::chrono::seconds(5));
    cluster_->async_request(to, std::move(req),
        [self = shared_from_this(), id](std::error_code ec, net::reply<Resp> r) {
          if (self->closed_) return;
          if constexpr (std::is_same_v<Req, protocol::consumer_group_heartbeat_request>) {
            self->kip848_answer(id, ec, std::move(r));
            return;
          }
          if (!self->classic_) return;
          auto& m = *self->classic_;
          if constexpr (std::is_same_v<Req, protocol::join_group_request>) self->group_run(m.on_join(id, ec, r.body));
          else if constexpr (std::is_same_v<Req, protocol::sync_group_request>) self->group_run(m.on_sync(id, ec, r.body));
          else if constexpr (std::is_same_v<Req, protocol::heartbeat_request>) {
            self->group_run(m.on_heartbeat(id, ec, r.body));
            self->check_metadata();
          } else if constexpr (std::is_same_v<Req, protocol::leave_group_request>) self->group_run(m.on_leave(id, ec));
        },
        opts);
  }, request);
}

void consumer::group_arm(group::timer_kind t, std::chrono::milliseconds delay, std::uint64_t id) {
  auto& timer = t == group::timer_kind::heartbeat ? heartbeat_timer_ : poll_interval_timer_;
  timer.expires_after(delay);
  timer.async_wait([self = shared_from_this(), t, id](boost::system::error_code e) {
    if (e || self->closed_) return;
    if (t == group::timer_kind::poll_interval && self->poller_) return;  // a poll is under way
    if (t == group::timer_kind::poll_interval && self->cfg_.cluster.connection.log)
      self->cfg_.cluster.connection.log(net::log_level::warn, "no poll for max.poll.interval.ms (" +
                                        std::to_string(self->cfg_.max_poll_interval.count()) + " ms): leaving group " +
                                        *self->cfg_.group_id + "; the next poll joins again");
    self->group_run(self->kip848_ ? self->kip848_machine().on_timer(t, id) : self->classic_->on_timer(t, id));
  });
}

// Classic: the leader's assignor needs the partition counts of every topic a member subscribes
// to. KIP-848: the target assignment names a topic id the metadata does not know yet.
void consumer::group_metadata(std::uint64_t id, std::vector<std::string> topics) {
  if (kip848_) return kip848_refresh();
  cluster_->async_metadata(topics, [self = shared_from_this(), id, topics](std::error_code, net::metadata_reply) {
    if (self->closed_ || !self->classic_) return;
    self->group_run(self->classic_->on_metadata(id, self->partition_counts(topics)));
  });
}

// ---- revocation, loss, leaving --------------------------------------------------------------

void consumer::revoke_then(std::vector<topic_partition> revoked, std::function<void()> next) {
  if (revoked.empty()) return next();
  // The auto-commit below is asynchronous: if assign() replaced the membership meanwhile (e.g.
  // unsubscribe() then assign() at once), the partitions now assigned are the user's and the old
  // machine is gone; finishing would drop what assign() just set.
  auto finish = [self = shared_from_this(), revoked, next, resets = group_resets_] {
    if (self->listener_.revoked) self->listener_.revoked(revoked);
    if (self->group_resets_ != resets) return;
    self->set_assignment(group::minus(self->assignment(), revoked));
    next();
  };
  if (!cfg_.enable_auto_commit || closing_) return finish();
  // Only what the application has finished with (finished_): records of the batch it may still
  // be processing go to the partition's next owner again rather than being lost.
  offsets_to_commit offsets;
  for (const auto& tp : revoked)
    if (auto it = finished_.find(tp); it != finished_.end()) offsets[tp] = it->second;
  commit_offsets(cluster_, identity(), std::move(offsets), [finish](std::error_code, std::string) { finish(); });
}

void consumer::leave_group(std::function<void()> done) {
  on_left_ = std::move(done);
  if (kip848_) return group_run(kip848_machine().leave());
  if (classic_) return group_run(classic_->leave());
  std::exchange(on_left_, nullptr)();
}

}  // namespace kwire::client
