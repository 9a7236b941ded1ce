// The consumer's classic group membership: JoinGroup / SyncGroup / Heartbeat / LeaveGroup, the
// leader's assignment, eager and cooperative (KIP-429) rebalances, static membership.

#include <algorithm>
#include <boost/asio/post.hpp>

#include <kwire/consumer/consumer.hpp>
#include <kwire/consumer/consumer_detail.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>
#include <kwire/protocol/messages/heartbeat.hpp>
#include <kwire/protocol/messages/join_group.hpp>
#include <kwire/protocol/messages/leave_group.hpp>
#include <kwire/protocol/messages/sync_group.hpp>

namespace kwire::client {

namespace {

std::vector<topic_partition> minus(const std::vector<topic_partition>& a, const std::set<topic_partition>& b) {
  std::vector<topic_partition> out;
  for (const auto& tp : a)
    if (!b.count(tp)) out.push_back(tp);
  return out;
}

}  // namespace

void consumer::subscribe(std::vector<std::string> topics, rebalance_listener listener) {
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
}

void consumer::subscribe(std::regex pattern, rebalance_listener listener) {
  boost::asio::post(executor_, [self = shared_from_this(), pattern, listener] {
    if (!self->cfg_.group_id)
      return self->set_error(make_error_code(client_errc::invalid_config), "subscribe needs group.id");
    self->topics_.clear();
    self->pattern_ = pattern;
    self->listener_ = listener;
    self->resubscribe();
  });
}

// After subscribe(): join, or tell the group the subscription changed.
void consumer::resubscribe() {
  if (!started_ || state_ == group_state::none) {
    state_ = group_state::joining;
    if (started_) group_start();
    return;
  }
  if (kip848()) return kip848_heartbeat();
  if (state_ == group_state::stable) return rejoin("the subscription changed");
  join_group();  // a join under way asked with the old topics: this one supersedes it
}

void consumer::unsubscribe() {
  boost::asio::post(executor_, [self = shared_from_this()] {
    if (self->state_ == group_state::none) return self->set_assignment({});
    self->state_ = group_state::joining;  // no heartbeats, no auto-commit from here
    ++self->join_id_;
    self->revoke_then(self->assignment(), [self] {
      self->leave_group([self] {
        self->topics_.clear();
        self->pattern_.reset();
      });
    });
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
  if (state_ != group_state::none && !member_id_.empty()) {
    who.generation = generation_;
    who.member_id = member_id_;
    who.group_instance_id = cfg_.group_instance_id;
  }
  return who;
}

void consumer::group_start() {
  // Every topic for a pattern, else the subscribed ones: the JoinGroup lists what exists.
  auto topics = pattern_ ? std::vector<std::string>{} : topics_;
  cluster_->async_metadata(topics, [self = shared_from_this()](std::error_code, net::metadata_reply) {
    self->kip848() ? self->kip848_heartbeat() : self->join_group();
  });
  if (pattern_) refresh_pattern();
  poll_returned();  // max.poll.interval.ms counts from the subscription until the first poll
}

// A pattern is matched against every topic: list them all every metadata.max.age.ms, so a new
// matching topic (or one deleted) triggers a rejoin.
void consumer::refresh_pattern() {
  metadata_timer_.expires_after(cfg_.cluster.metadata_max_age);
  metadata_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
    if (e || self->closed_ || self->state_ == group_state::none || !self->pattern_) return;
    self->cluster_->async_metadata({}, [self](std::error_code, net::metadata_reply) {
      self->check_metadata();
      self->refresh_pattern();
    });
  });
}

void consumer::join_group() {
  if (closed_ || state_ == group_state::none) return;
  state_ = group_state::joining;
  const auto id = ++join_id_;
  const auto topics = subscribed_topics();
  protocol::join_group_request req;
  req.group_id = *cfg_.group_id;
  req.session_timeout_ms = static_cast<std::int32_t>(cfg_.session_timeout.count());
  req.rebalance_timeout_ms = static_cast<std::int32_t>(cfg_.max_poll_interval.count());
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  req.protocol_type = "consumer";
  for (const auto& a : assignors_) {
    group::subscription s;
    s.topics = topics;
    s.user_data = a->subscription_user_data(generation_);
    s.owned_partitions = assignment();
    if (generation_ >= 0) s.generation_id = generation_;
    if (!cfg_.client_rack.empty()) s.rack_id = cfg_.client_rack;
    protocol::join_group_request::join_group_request_protocol p;
    p.name = std::string(a->name());
    if (auto r = group::encode(group::to_wire(s), group::consumer_protocol_max_version, p.metadata); !r)
      return set_error(r.ec, "JoinGroup subscription: " + r.detail);
    req.protocols.push_back(std::move(p));
  }
  net::request_options opts;
  opts.timeout = std::max(cfg_.cluster.connection.request_timeout, cfg_.max_poll_interval + std::chrono::seconds(5));
  cluster_->async_request(net::coordinator{net::coordinator_type::group, *cfg_.group_id}, std::move(req),
      [self = shared_from_this(), id](std::error_code ec, net::reply<protocol::join_group_response> r) {
        if (id != self->join_id_) return;
        self->on_join(ec, std::move(r));
      },
      opts);
}

void consumer::on_join(std::error_code ec, net::reply<protocol::join_group_response> r) {
  if (closed_ || state_ == group_state::none) return;
  auto again_later = [this] {
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
    timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) { self->join_group(); });
  };
  if (ec) return again_later();
  const auto e = static_cast<broker_errc>(r.body.error_code);
  switch (e) {
    case broker_errc::none:
      break;
    case broker_errc::member_id_required:  // KIP-394: join again with the id the broker gave
      member_id_ = r.body.member_id;
      return join_group();
    case broker_errc::unknown_member_id:
      member_id_.clear();
      generation_ = -1;
      return join_group();
    case broker_errc::rebalance_in_progress:
    case broker_errc::coordinator_load_in_progress:
    case broker_errc::coordinator_not_available:
    case broker_errc::not_coordinator:
      return again_later();
    default:
      state_ = group_state::none;
      return set_error(make_error_code(e), "JoinGroup for group " + *cfg_.group_id + ": " + error_text(r.body.error_code));
  }
  member_id_ = r.body.member_id;
  generation_ = r.body.generation_id;
  protocol_name_ = r.body.protocol_name.value_or("");
  if (r.body.leader == member_id_) return lead(r.body);
  sync_group({});
}

void consumer::lead(const protocol::join_group_response& resp) {
  const group::assignor* chosen = nullptr;
  for (const auto& a : assignors_)
    if (a->name() == protocol_name_) chosen = a.get();
  if (!chosen)
    return set_error(make_error_code(client_errc::invalid_value),
                     "JoinGroup chose assignor '" + protocol_name_ + "', which this consumer did not offer");
  std::vector<group::member_subscription> members;
  std::set<std::string> topics;
  std::int16_t min_version = group::consumer_protocol_max_version;
  for (const auto& m : resp.members) {
    group::consumer_protocol_subscription wire;
    std::int16_t version = 0;
    if (auto r = group::decode(m.metadata, wire, &version); !r)
      return set_error(r.ec, "JoinGroup: the subscription of member " + m.member_id + ": " + r.detail);
    min_version = std::min<std::int16_t>(min_version, std::max<std::int16_t>(version, 0));
    group::member_subscription ms{m.member_id, m.group_instance_id, group::from_wire(wire)};
    topics.insert(ms.sub.topics.begin(), ms.sub.topics.end());
    members.push_back(std::move(ms));
  }
  const auto id = join_id_;
  cluster_->async_metadata(std::vector<std::string>(topics.begin(), topics.end()),
      [self = shared_from_this(), chosen, members, topics, min_version, id](std::error_code, net::metadata_reply) {
        if (id != self->join_id_) return;
        auto counts = self->partition_counts(std::vector<std::string>(topics.begin(), topics.end()));
        auto result = chosen->assign(members, counts);
        if (!result)
          return self->set_error(result.ec, "assignor " + std::string(chosen->name()) + ": " + result.detail);
        std::vector<protocol::sync_group_request::sync_group_request_assignment> out;
        for (const auto& [member, parts] : result.assignment) {
          protocol::sync_group_request::sync_group_request_assignment a;
          a.member_id = member;
          if (auto r = group::encode(group::to_wire(parts), min_version, a.assignment); !r)
            return self->set_error(r.ec, "SyncGroup assignment: " + r.detail);
          out.push_back(std::move(a));
        }
        self->sync_group(std::move(out));
      });
}

void consumer::sync_group(std::vector<protocol::sync_group_request::sync_group_request_assignment> assignments) {
  protocol::sync_group_request req;
  req.group_id = *cfg_.group_id;
  req.generation_id = generation_;
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  req.protocol_type = "consumer";
  req.protocol_name = protocol_name_;
  req.assignments = std::move(assignments);
  const auto id = join_id_;
  net::request_options opts;
  opts.timeout = std::max(cfg_.cluster.connection.request_timeout, cfg_.max_poll_interval + std::chrono::seconds(5));
  cluster_->async_request(net::coordinator{net::coordinator_type::group, *cfg_.group_id}, std::move(req),
      [self = shared_from_this(), id](std::error_code ec, net::reply<protocol::sync_group_response> r) {
        if (id != self->join_id_) return;
        self->on_sync(ec, std::move(r));
      },
      opts);
}

void consumer::on_sync(std::error_code ec, net::reply<protocol::sync_group_response> r) {
  if (closed_ || state_ == group_state::none) return;
  if (ec) return join_group();
  const auto e = static_cast<broker_errc>(r.body.error_code);
  if (e == broker_errc::unknown_member_id || e == broker_errc::illegal_generation) {
    if (e == broker_errc::unknown_member_id) member_id_.clear();
    generation_ = -1;
    lose_partitions("SyncGroup: the member is no longer in the group");
    return join_group();
  }
  if (e == broker_errc::rebalance_in_progress) return join_group();
  if (e != broker_errc::none) {
    state_ = group_state::none;
    return set_error(make_error_code(e), "SyncGroup for group " + *cfg_.group_id + ": " + error_text(r.body.error_code));
  }
  std::vector<topic_partition> assigned;
  if (!r.body.assignment.empty()) {
    group::consumer_protocol_assignment wire;
    if (auto res = group::decode(r.body.assignment, wire); !res) return set_error(res.ec, "SyncGroup assignment: " + res.detail);
    assigned = group::from_wire(wire);
  }
  std::sort(assigned.begin(), assigned.end());
  const auto owned = assignment();
  const std::set<topic_partition> new_set(assigned.begin(), assigned.end());
  const std::set<topic_partition> owned_set(owned.begin(), owned.end());
  const auto revoked = minus(owned, new_set);
  const auto added = minus(assigned, owned_set);
  joined_counts_ = partition_counts(subscribed_topics());
  revoke_then(revoked, [self = shared_from_this(), assigned, added, revoked] {
    self->set_assignment(assigned);
    self->state_ = group_state::stable;
    if (self->listener_.assigned) self->listener_.assigned(added);
    self->schedule_heartbeat();
    if (!revoked.empty()) self->join_group();  // KIP-429: the revoked partitions go out next round
  });
}

void consumer::revoke_then(std::vector<topic_partition> revoked, std::function<void()> next) {
  if (revoked.empty()) return next();
  auto finish = [self = shared_from_this(), revoked, next] {
    if (self->listener_.revoked) self->listener_.revoked(revoked);
    auto keep = self->assignment();
    std::set<topic_partition> gone(revoked.begin(), revoked.end());
    keep.erase(std::remove_if(keep.begin(), keep.end(), [&](const auto& tp) { return gone.count(tp) > 0; }), keep.end());
    self->set_assignment(keep);
    next();
  };
  if (!cfg_.enable_auto_commit) return finish();
  // Only what the application has finished with (finished_): records of the batch it may still
  // be processing go to the partition's next owner again rather than being lost.
  offsets_to_commit offsets;
  for (const auto& tp : revoked)
    if (auto it = finished_.find(tp); it != finished_.end()) offsets[tp] = it->second;
  commit_offsets(cluster_, identity(), std::move(offsets), [finish](std::error_code, std::string) { finish(); });
}

void consumer::rejoin(const char* why) {
  if (closed_ || state_ == group_state::none) return;
  if (kip848()) return kip848_heartbeat();  // the coordinator decides; it hears our state now
  if (state_ != group_state::stable) return;
  if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::info, std::string("rejoining: ") + why);
  state_ = group_state::joining;
  heartbeat_timer_.cancel();
  bool cooperative = false;
  for (const auto& a : assignors_)
    if (a->name() == protocol_name_) cooperative = a->cooperative();
  if (cooperative) return join_group();
  revoke_then(assignment(), [self = shared_from_this()] { self->join_group(); });
}

void consumer::lose_partitions(const char* why) {
  const auto owned = assignment();
  if (owned.empty()) return;
  if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(net::log_level::warn, std::string("partitions lost: ") + why);
  if (listener_.lost) listener_.lost(owned);
  set_assignment({});
}

void consumer::schedule_heartbeat() {
  heartbeat_timer_.expires_after(cfg_.heartbeat_interval);
  const auto id = join_id_;
  heartbeat_timer_.async_wait([self = shared_from_this(), id](boost::system::error_code e) {
    if (e || self->closed_ || self->state_ != group_state::stable || id != self->join_id_) return;
    self->heartbeat();
  });
}

void consumer::heartbeat() {
  protocol::heartbeat_request req;
  req.group_id = *cfg_.group_id;
  req.generation_id = generation_;
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  const auto id = join_id_;
  cluster_->async_request(net::coordinator{net::coordinator_type::group, *cfg_.group_id}, std::move(req),
      [self = shared_from_this(), id](std::error_code ec, net::reply<protocol::heartbeat_response> r) {
        if (self->closed_ || self->state_ != group_state::stable || id != self->join_id_) return;
        const auto e = ec ? broker_errc::none : static_cast<broker_errc>(r.body.error_code);
        switch (e) {
          case broker_errc::rebalance_in_progress:
            return self->rejoin("the group is rebalancing");
          case broker_errc::unknown_member_id:
          case broker_errc::illegal_generation:
            if (e == broker_errc::unknown_member_id) self->member_id_.clear();
            self->generation_ = -1;
            self->state_ = group_state::joining;
            self->lose_partitions("Heartbeat: the member is no longer in the group");
            return self->join_group();
          case broker_errc::fenced_instance_id:
            self->state_ = group_state::none;
            self->lose_partitions("another member took group.instance.id");
            return self->set_error(make_error_code(e), "Heartbeat: FENCED_INSTANCE_ID (group.instance.id " +
                                                           self->cfg_.group_instance_id.value_or("") + ")");
          default:
            break;
        }
        self->check_metadata();
        if (self->state_ == group_state::stable) self->schedule_heartbeat();
      });
}

void consumer::check_metadata() {
  if (kip848()) {  // partition counts are the coordinator's business; a regex's matches are ours
    if (state_ != group_state::none && subscribed_topics() != sent_topics_) kip848_heartbeat();
    return;
  }
  if (state_ != group_state::stable) return;
  if (partition_counts(subscribed_topics()) != joined_counts_) rejoin("the subscribed topics' metadata changed");
}

void consumer::leave_group(std::function<void()> done) {
  if (kip848()) return kip848_leave(std::move(done));
  heartbeat_timer_.cancel();
  const auto member = member_id_;
  auto finish = [self = shared_from_this(), done] {
    self->state_ = group_state::none;
    self->generation_ = -1;
    ++self->join_id_;
    done();
  };
  // Static members stay: a restart within session.timeout.ms keeps the assignment (KIP-345).
  if (member.empty() || cfg_.group_instance_id) {
    if (!cfg_.group_instance_id) member_id_.clear();
    return finish();
  }
  member_id_.clear();
  auto send = std::make_shared<std::function<void(bool)>>();
  *send = [self = shared_from_this(), member, finish, send](bool new_form) {
    protocol::leave_group_request req;
    req.group_id = *self->cfg_.group_id;
    if (new_form) req.members.push_back({member, std::nullopt, std::string("the consumer is closing"), {}});
    else req.member_id = member;
    self->cluster_->async_request(net::coordinator{net::coordinator_type::group, *self->cfg_.group_id}, std::move(req),
        [finish, send, new_form](std::error_code ec, net::reply<protocol::leave_group_response>) {
          if (ec == client_errc::field_not_in_version && new_form) return (*send)(false);
          *send = nullptr;
          finish();
        });
  };
  (*send)(true);
}

// ---- max.poll.interval.ms ------------------------------------------------------------------

// A member that does not poll for max.poll.interval.ms is stuck: it leaves the group so that its
// partitions go to members that make progress, and joins again at its next poll (as Java does).
void consumer::poll_returned() {
  if (state_ == group_state::none || closed_) return;
  poll_interval_timer_.expires_after(cfg_.max_poll_interval);
  poll_interval_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
    if (e || self->closed_ || self->poller_) return;
    self->leave_for_poll_timeout();
  });
}

void consumer::leave_for_poll_timeout() {
  if (state_ == group_state::none) return;
  if (cfg_.cluster.connection.log)
    cfg_.cluster.connection.log(net::log_level::warn,
                                "no poll for max.poll.interval.ms (" + std::to_string(cfg_.max_poll_interval.count()) +
                                    " ms): leaving group " + *cfg_.group_id + "; the next poll joins again");
  ++join_id_;  // answers to a join or sync under way no longer matter
  lose_partitions("max.poll.interval.ms passed without a poll");
  left_for_poll_timeout_ = true;
  leave_group([] {});
}

}  // namespace kwire::client
