// The consumer's KIP-848 group membership (group.protocol=consumer): one ConsumerGroupHeartbeat
// request joins, heartbeats, acknowledges and leaves; the coordinator runs the assignor and
// answers with the member's target assignment, which the member reconciles: revoke what is no
// longer in it (auto-commit and the listener first), take what is new, and tell the coordinator
// what it owns now in the next heartbeat, sent at once.
//
// Every heartbeat carries the full state (subscription, owned partitions, rebalance timeout):
// the protocol allows it, and it makes a lost or retried heartbeat harmless. A regex
// subscription is matched here against the metadata and sent as topic names (which v0 brokers
// understand as well as v1 ones).

#include <algorithm>
#include <random>

#include <kwire/consumer/consumer.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

// A member id in the form Java's Uuid.toString() gives (22 characters of URL-safe base64): from
// v1 on the member makes its own and keeps it for its lifetime (KIP-1082).
std::string new_member_id() {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  std::array<std::uint8_t, 18> b{};  // 16 random bytes, 2 of padding for the last group
  for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(rd());
  std::string out;
  for (std::size_t i = 0; i < 18; i += 3) {
    const std::uint32_t v = (std::uint32_t(b[i]) << 16) | (std::uint32_t(b[i + 1]) << 8) | b[i + 2];
    for (int k = 3; k >= 0; --k) out.push_back(alphabet[(v >> (6 * k)) & 63]);
  }
  out.resize(22);
  return out;
}

}  // namespace

void consumer::kip848_heartbeat() {
  if (closed_ || state_ == group_state::none) return;
  if (heartbeat_in_flight_) {
    heartbeat_again_ = true;
    return;
  }
  heartbeat_timer_.cancel();
  if (member_id_.empty()) member_id_ = new_member_id();
  const auto md = cluster_->snapshot();
  protocol::consumer_group_heartbeat_request req;
  req.group_id = *cfg_.group_id;
  req.member_id = member_id_;
  req.member_epoch = std::max(generation_, 0);
  req.instance_id = cfg_.group_instance_id;
  if (!cfg_.client_rack.empty()) req.rack_id = cfg_.client_rack;
  req.rebalance_timeout_ms = static_cast<std::int32_t>(cfg_.max_poll_interval.count());
  sent_topics_ = subscribed_topics();
  std::sort(sent_topics_.begin(), sent_topics_.end());
  req.subscribed_topic_names = sent_topics_;
  req.server_assignor = cfg_.group_remote_assignor;
  req.topic_partitions.emplace();
  for (const auto& tp : assignment()) {
    const auto* t = md->topic(tp.topic);
    if (!t) continue;  // owned partitions always have metadata; skip rather than send a zero id
    if (req.topic_partitions->empty() || req.topic_partitions->back().topic_id != t->id)
      req.topic_partitions->push_back({t->id, {}, {}});
    req.topic_partitions->back().partitions.push_back(tp.partition);
  }
  heartbeat_in_flight_ = true;
  const auto id = join_id_;
  cluster_->async_request(net::coordinator{net::coordinator_type::group, *cfg_.group_id}, std::move(req),
      [self = shared_from_this(), id](std::error_code ec, net::reply<protocol::consumer_group_heartbeat_response> r) {
        self->heartbeat_in_flight_ = false;
        if (id != self->join_id_) return;
        self->kip848_on_heartbeat(ec, std::move(r));
      });
}

void consumer::kip848_schedule() {
  heartbeat_timer_.expires_after(heartbeat_interval_848_);
  const auto id = join_id_;
  heartbeat_timer_.async_wait([self = shared_from_this(), id](boost::system::error_code e) {
    if (e || self->closed_ || self->state_ == group_state::none || id != self->join_id_) return;
    self->kip848_heartbeat();
  });
}

void consumer::kip848_on_heartbeat(std::error_code ec, net::reply<protocol::consumer_group_heartbeat_response> r) {
  if (closed_ || state_ == group_state::none) return;
  const auto log = [this](net::log_level level, const std::string& m) {
    if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(level, m);
  };
  auto again_later = [this] {
    heartbeat_timer_.expires_after(cfg_.cluster.retry_backoff);
    const auto id = join_id_;
    heartbeat_timer_.async_wait([self = shared_from_this(), id](boost::system::error_code e) {
      if (e || id != self->join_id_) return;
      self->kip848_heartbeat();
    });
  };
  if (ec) {
    if (ec == client_errc::no_compatible_version || ec == client_errc::unsupported_version) {
      state_ = group_state::none;
      return set_error(ec, "group.protocol=consumer needs a broker with ConsumerGroupHeartbeat (KIP-848): " + r.detail);
    }
    log(net::log_level::warn, "ConsumerGroupHeartbeat: " + r.detail);
    return again_later();
  }
  const auto e = static_cast<broker_errc>(r.body.error_code);
  switch (e) {
    case broker_errc::none:
      break;
    case broker_errc::coordinator_not_available:
    case broker_errc::not_coordinator:
    case broker_errc::coordinator_load_in_progress:
      cluster_->invalidate_coordinator(net::coordinator_type::group, *cfg_.group_id);
      return again_later();
    case broker_errc::unknown_member_id:
    case broker_errc::fenced_member_epoch:
      kip848_fenced("ConsumerGroupHeartbeat: " + error_text(r.body.error_code, r.body.error_message));
      return kip848_heartbeat();
    default: {
      state_ = group_state::none;
      heartbeat_timer_.cancel();
      lose_partitions("the group refused the member");
      std::string detail = "ConsumerGroupHeartbeat for group " + *cfg_.group_id + ": " +
                           error_text(r.body.error_code, r.body.error_message);
      if (e == broker_errc::unsupported_version)  // Kafka 3.x: the protocol exists but is off
        detail += " -- the broker does not enable group.protocol=consumer (KIP-848; its "
                  "group.coordinator.rebalance.protocols lacks 'consumer'): use group.protocol=classic";
      return set_error(make_error_code(e), detail);
    }
  }
  if (r.body.member_id && !r.body.member_id->empty()) member_id_ = *r.body.member_id;
  generation_ = r.body.member_epoch;
  if (r.body.heartbeat_interval_ms > 0) heartbeat_interval_848_ = std::chrono::milliseconds(r.body.heartbeat_interval_ms);
  state_ = group_state::stable;
  if (r.body.assignment) {
    target_ = std::move(*r.body.assignment);
    ++target_seq_;
  }
  kip848_reconcile();
  if (subscribed_topics() != sent_topics_) heartbeat_again_ = true;  // a regex matched a new topic
  if (std::exchange(heartbeat_again_, false)) return kip848_heartbeat();
  kip848_schedule();
}

// The member is out of the group (its epoch was fenced or the coordinator forgot it): what it
// owned is lost, and it joins again with epoch 0 under the same member id.
void consumer::kip848_fenced(const std::string& why) {
  ++join_id_;  // drops the outcome of a reconciliation under way
  reconciling_ = false;
  target_.reset();
  generation_ = 0;
  state_ = group_state::joining;
  lose_partitions(why.c_str());
}

void consumer::kip848_reconcile() {
  if (!target_ || reconciling_) return;
  const auto md = cluster_->snapshot();
  std::vector<topic_partition> wanted;
  bool unknown_ids = false;
  for (const auto& t : target_->topic_partitions) {
    const std::string* name = nullptr;
    for (const auto& [n, info] : md->topics)
      if (info.id == t.topic_id) name = &n;
    if (!name) {
      unknown_ids = true;
      continue;
    }
    for (auto p : t.partitions) wanted.push_back({*name, p});
  }
  if (unknown_ids && !topic_ids_pending_) {
    // A topic created after our last metadata: learn its id, then reconcile again.
    topic_ids_pending_ = true;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
    timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) {
      self->cluster_->async_metadata({}, [self](std::error_code, net::metadata_reply) {
        self->topic_ids_pending_ = false;
        self->kip848_reconcile();
      });
    });
  }
  std::sort(wanted.begin(), wanted.end());
  const auto owned = assignment();
  std::vector<topic_partition> revoked, added;
  std::set_difference(owned.begin(), owned.end(), wanted.begin(), wanted.end(), std::back_inserter(revoked));
  std::set_difference(wanted.begin(), wanted.end(), owned.begin(), owned.end(), std::back_inserter(added));
  const auto seq = target_seq_;
  if (revoked.empty() && added.empty()) {
    if (!unknown_ids) target_.reset();
    return;
  }
  reconciling_ = true;
  const auto id = join_id_;
  revoke_then(revoked, [self = shared_from_this(), added, id, seq, unknown_ids] {
    if (id != self->join_id_ || self->closed_ || self->state_ == group_state::none) return;
    self->reconciling_ = false;
    auto now = self->assignment();
    now.insert(now.end(), added.begin(), added.end());
    std::sort(now.begin(), now.end());
    self->set_assignment(now);
    if (!added.empty() && self->listener_.assigned) self->listener_.assigned(added);
    if (seq == self->target_seq_ && !unknown_ids) self->target_.reset();
    self->kip848_reconcile();  // a newer target that came meanwhile
    self->kip848_heartbeat();  // acknowledge: the coordinator hears what we own now
  });
}

void consumer::kip848_leave(std::function<void()> done) {
  heartbeat_timer_.cancel();
  auto finish = [self = shared_from_this(), done] {
    self->state_ = group_state::none;
    self->generation_ = -1;
    self->reconciling_ = false;
    self->target_.reset();
    ++self->join_id_;
    done();
  };
  if (member_id_.empty()) return finish();
  ++join_id_;  // a heartbeat answer still in flight is about the membership we end here
  heartbeat_in_flight_ = false;
  protocol::consumer_group_heartbeat_request req;
  req.group_id = *cfg_.group_id;
  req.member_id = member_id_;
  // -2: a static member leaves for now and keeps its assignment for session.timeout.ms.
  req.member_epoch = cfg_.group_instance_id ? -2 : -1;
  req.instance_id = cfg_.group_instance_id;
  cluster_->async_request(net::coordinator{net::coordinator_type::group, *cfg_.group_id}, std::move(req),
      [self = shared_from_this(), finish](std::error_code ec, net::reply<protocol::consumer_group_heartbeat_response> r) {
        if (self->cfg_.cluster.connection.log && (ec || r.body.error_code != 0))
          self->cfg_.cluster.connection.log(net::log_level::warn,
                                            "leaving group " + *self->cfg_.group_id + ": " +
                                                (ec ? r.detail : error_text(r.body.error_code, r.body.error_message)));
        finish();
      });
}

}  // namespace kwire::client
