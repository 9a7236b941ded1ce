#include <kwire/group/kip848_membership.hpp>

#include <algorithm>
#include <utility>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client::group {

namespace {

void append(actions& to, actions more) {
  for (auto& a : more) to.push_back(std::move(a));
}

action left_action() {
  action a;
  a.type = action::kind::left;
  return a;
}

}  // namespace

kip848_membership::kip848_membership(membership_config cfg, std::string member_id)
    : cfg_(std::move(cfg)), member_id_(std::move(member_id)) {}

const std::string* kip848_membership::name_of(const protocol::uuid& id) const {
  for (const auto& [name, known] : ids_)
    if (known == id) return &name;
  return nullptr;
}

actions kip848_membership::subscribe(std::vector<std::string> topics) {
  topics_ = std::move(topics);
  if (state_ == state::leaving) return {};  // the next join reads topics_
  if (state_ != state::idle) return heartbeat();
  rejoin_at_poll_ = false;
  auto out = join();
  append(out, poll_returned());  // max.poll.interval.ms counts from here to the first poll
  return out;
}

actions kip848_membership::join() {
  state_ = state::joining;
  epoch_ = 0;
  return heartbeat();
}

actions kip848_membership::heartbeat_now() {
  if (state_ == state::idle || state_ == state::leaving) return {};
  return heartbeat();
}

actions kip848_membership::heartbeat() {
  if (in_flight_) {
    again_ = true;
    return {};
  }
  protocol::consumer_group_heartbeat_request req;
  req.group_id = cfg_.group_id;
  req.member_id = member_id_;
  req.member_epoch = std::max(epoch_, 0);
  req.instance_id = cfg_.group_instance_id;
  if (!cfg_.client_rack.empty()) req.rack_id = cfg_.client_rack;
  req.rebalance_timeout_ms = static_cast<std::int32_t>(cfg_.max_poll_interval.count());
  req.subscribed_topic_names = topics_;
  req.server_assignor = cfg_.remote_assignor;
  req.topic_partitions.emplace();
  for (const auto& tp : owned_) {
    auto it = ids_.find(tp.topic);
    if (it == ids_.end()) continue;  // owned partitions always have metadata; skip rather than send a zero id
    if (req.topic_partitions->empty() || req.topic_partitions->back().topic_id != it->second)
      req.topic_partitions->push_back({it->second, {}, {}});
    req.topic_partitions->back().partitions.push_back(tp.partition);
  }
  in_flight_ = true;
  in_flight_id_ = id_;
  return {cancel(timer_kind::heartbeat), send(id_, std::move(req))};
}

actions kip848_membership::on_heartbeat(std::uint64_t id, std::error_code ec, const std::string& detail,
                                        const protocol::consumer_group_heartbeat_response& r) {
  if (id == in_flight_id_) in_flight_ = false;
  if (id != id_) return {};
  if (state_ == state::leaving) {
    state_ = state::idle;
    ++id_;
    return {left_action()};
  }
  if (state_ == state::idle) return {};
  if (ec) {
    if (ec == client_errc::no_compatible_version || ec == client_errc::unsupported_version)
      return failed(ec, "group.protocol=consumer needs a broker with ConsumerGroupHeartbeat (KIP-848): " + detail);
    reason_ = "ConsumerGroupHeartbeat: " + detail;
    return {arm(timer_kind::heartbeat, cfg_.retry_backoff, id_)};
  }
  const auto e = static_cast<broker_errc>(r.error_code);
  switch (e) {
    case broker_errc::none:
      break;
    case broker_errc::coordinator_not_available:
    case broker_errc::not_coordinator:
    case broker_errc::coordinator_load_in_progress:
      return {arm(timer_kind::heartbeat, cfg_.retry_backoff, id_)};
    case broker_errc::unknown_member_id:
    case broker_errc::fenced_member_epoch: {
      if (leave_requested_) {  // the revocation before leaving was under way: just leave
        leave_requested_ = false;
        auto out = lose("fenced while leaving");
        append(out, send_leave());
        return out;
      }
      auto out = fenced("ConsumerGroupHeartbeat: " + error_text(r.error_code, r.error_message));
      append(out, heartbeat());
      return out;
    }
    default: {
      auto out = lose("the group refused the member");
      std::string text = "ConsumerGroupHeartbeat for group " + cfg_.group_id + ": " + error_text(r.error_code, r.error_message);
      if (e == broker_errc::unsupported_version)  // Kafka 3.x: the protocol exists but is off
        text += " -- the broker does not enable group.protocol=consumer (KIP-848; its "
                "group.coordinator.rebalance.protocols lacks 'consumer'): use group.protocol=classic";
      append(out, failed(make_error_code(e), std::move(text)));
      return out;
    }
  }
  if (r.member_id && !r.member_id->empty()) member_id_ = *r.member_id;
  epoch_ = r.member_epoch;
  if (r.heartbeat_interval_ms > 0) interval_ = std::chrono::milliseconds(r.heartbeat_interval_ms);
  state_ = state::stable;
  if (r.assignment) {
    target_ = *r.assignment;
    ++target_seq_;
  }
  auto out = reconcile();
  if (in_flight_) return out;  // the reconciliation acknowledged at once
  if (std::exchange(again_, false)) {
    append(out, heartbeat());
    return out;
  }
  out.push_back(arm(timer_kind::heartbeat, interval_, id_));
  return out;
}

// The member is out of the group (its epoch was fenced or the coordinator forgot it): what it
// owned is lost, and it joins again with epoch 0 under the same member id.
actions kip848_membership::fenced(const std::string& why) {
  ++id_;  // drops the outcome of a reconciliation under way
  reconciling_ = false;
  target_.reset();
  epoch_ = 0;
  state_ = state::joining;
  return lose(why);
}

actions kip848_membership::reconcile() {
  if (!target_ || reconciling_) return {};
  std::vector<topic_partition> wanted;
  bool unknown = false;
  for (const auto& t : target_->topic_partitions) {
    const auto* name = name_of(t.topic_id);
    if (!name) {
      unknown = true;
      continue;
    }
    for (auto p : t.partitions) wanted.push_back({*name, p});
  }
  actions out;
  if (unknown && !ids_pending_) {
    // A topic created after our last metadata: learn its id, then reconcile again.
    ids_pending_ = true;
    action a;
    a.type = action::kind::need_metadata;
    a.id = id_;
    out.push_back(std::move(a));
  }
  std::sort(wanted.begin(), wanted.end());
  pending_revoked_ = minus(owned_, wanted);
  pending_added_ = minus(wanted, owned_);
  if (pending_revoked_.empty() && pending_added_.empty()) {
    if (!unknown) target_.reset();
    return out;
  }
  reconciling_ = true;
  pending_seq_ = target_seq_;
  pending_unknown_ = unknown;
  if (pending_revoked_.empty()) {
    append(out, finish_reconcile());
    return out;
  }
  action a;
  a.type = action::kind::revoke;
  a.id = id_;
  a.partitions = pending_revoked_;
  out.push_back(std::move(a));
  return out;
}

actions kip848_membership::revocation_done(std::uint64_t id) {
  if (id != id_ || !reconciling_) return {};
  if (leave_requested_) {
    leave_requested_ = false;
    reconciling_ = false;
    owned_ = minus(owned_, pending_revoked_);
    return owned_.empty() ? send_leave() : leave();  // leave() came during a smaller revocation: the rest goes too
  }
  return finish_reconcile();
}

actions kip848_membership::finish_reconcile() {
  reconciling_ = false;
  owned_ = minus(owned_, pending_revoked_);
  owned_.insert(owned_.end(), pending_added_.begin(), pending_added_.end());
  std::sort(owned_.begin(), owned_.end());
  action a;
  a.type = action::kind::assign;
  a.partitions = owned_;
  a.added = pending_added_;
  actions out{std::move(a)};
  if (pending_seq_ == target_seq_ && !pending_unknown_) target_.reset();
  append(out, reconcile());    // a newer target that came meanwhile
  append(out, heartbeat());    // acknowledge: the coordinator hears what we own now
  return out;
}

actions kip848_membership::metadata_refreshed() {
  ids_pending_ = false;
  if (state_ == state::idle || state_ == state::leaving) return {};
  return reconcile();
}

actions kip848_membership::on_timer(timer_kind t, std::uint64_t id) {
  if (t == timer_kind::poll_interval) {
    if (id != poll_timer_id_ || state_ == state::idle || state_ == state::leaving) return {};
    return poll_expired();
  }
  if (id != id_ || state_ == state::idle || state_ == state::leaving) return {};
  return heartbeat();
}

actions kip848_membership::lose(const std::string& why) {
  reason_ = why;
  return lose_all(owned_);
}

actions kip848_membership::failed(std::error_code ec, std::string detail) {
  state_ = state::idle;
  ++id_;
  reconciling_ = false;
  target_.reset();
  return {cancel(timer_kind::heartbeat), fail(ec, std::move(detail))};
}

// ---- leaving --------------------------------------------------------------------------------

actions kip848_membership::leave() {
  rejoin_at_poll_ = false;
  if (state_ == state::idle) return {cancel(timer_kind::poll_interval), left_action()};
  if (state_ == state::leaving) return {};
  if (reconciling_) {
    leave_requested_ = true;  // after the revocation under way
    return {};
  }
  actions out{cancel(timer_kind::poll_interval)};
  if (owned_.empty()) {
    append(out, send_leave());
    return out;
  }
  reconciling_ = true;
  leave_requested_ = true;
  pending_revoked_ = owned_;
  pending_added_.clear();
  action a;
  a.type = action::kind::revoke;
  a.id = id_;
  a.partitions = owned_;
  out.push_back(cancel(timer_kind::heartbeat));
  out.push_back(std::move(a));
  return out;
}

actions kip848_membership::send_leave() {
  target_.reset();
  reconciling_ = false;
  ++id_;  // a heartbeat answer still in flight is about the membership that ends here
  in_flight_ = false;
  again_ = false;
  state_ = state::leaving;
  protocol::consumer_group_heartbeat_request req;
  req.group_id = cfg_.group_id;
  req.member_id = member_id_;
  // -2: a static member leaves for now and keeps its assignment for session.timeout.ms.
  req.member_epoch = cfg_.group_instance_id ? -2 : -1;
  req.instance_id = cfg_.group_instance_id;
  epoch_ = 0;
  return {cancel(timer_kind::heartbeat), send(id_, std::move(req))};
}

// ---- max.poll.interval.ms -------------------------------------------------------------------

actions kip848_membership::poll_returned() {
  if (state_ == state::idle) return {};
  return {arm(timer_kind::poll_interval, cfg_.max_poll_interval, ++poll_timer_id_)};
}

actions kip848_membership::poll_started() {
  ++poll_timer_id_;
  actions out{cancel(timer_kind::poll_interval)};
  if (!std::exchange(rejoin_at_poll_, false)) return out;
  if (state_ == state::leaving) {  // the leave's answer no longer matters
    state_ = state::idle;
    ++id_;
  }
  if (state_ == state::idle) append(out, join());
  return out;
}

// No poll for max.poll.interval.ms: leave (partitions lost: the application is busy), and join
// again at the next poll.
actions kip848_membership::poll_expired() {
  auto out = lose("max.poll.interval.ms (" + std::to_string(cfg_.max_poll_interval.count()) +
                  " ms) passed without a poll: leaving group " + cfg_.group_id + "; the next poll joins again");
  append(out, send_leave());
  rejoin_at_poll_ = true;
  return out;
}

}  // namespace kwire::client::group
