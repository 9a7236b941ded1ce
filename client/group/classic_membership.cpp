#include <kwire/group/classic_membership.hpp>

#include <algorithm>
#include <utility>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client::group {

namespace {

void append(actions& to, actions more) {
  for (auto& a : more) to.push_back(std::move(a));
}

}  // namespace

classic_membership::classic_membership(membership_config cfg, std::vector<std::unique_ptr<assignor>> assignors)
    : cfg_(std::move(cfg)), assignors_(std::move(assignors)) {}

bool classic_membership::cooperative() const {
  for (const auto& a : assignors_)
    if (a->name() == protocol_name_) return a->cooperative();
  return false;
}

actions classic_membership::subscribe(std::vector<std::string> topics, std::map<std::string, std::int32_t> counts) {
  topics_ = std::move(topics);
  counts_ = std::move(counts);
  switch (state_) {
    case state::idle: {
      rejoin_at_poll_ = false;
      auto out = join();
      append(out, poll_returned());  // max.poll.interval.ms counts from here to the first poll
      return out;
    }
    case state::stable:
      return rejoin("the subscription changed");
    case state::joining:
    case state::leader_assigning:
    case state::syncing:
      return join();  // the join under way asked with the old topics: this one supersedes it
    default:
      return {};  // revoking or leaving: what follows reads topics_
  }
}

actions classic_membership::metadata_changed(const std::map<std::string, std::int32_t>& counts) {
  counts_ = counts;
  if (state_ == state::stable && counts_ != joined_counts_) return rejoin("the subscribed topics' metadata changed");
  return {};
}

actions classic_membership::join() {
  state_ = state::joining;
  const auto id = ++id_;
  protocol::join_group_request req;
  req.group_id = cfg_.group_id;
  req.session_timeout_ms = static_cast<std::int32_t>(cfg_.session_timeout.count());
  req.rebalance_timeout_ms = static_cast<std::int32_t>(cfg_.max_poll_interval.count());
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  req.protocol_type = "consumer";
  for (const auto& a : assignors_) {
    subscription s;
    s.topics = topics_;
    s.user_data = a->subscription_user_data(generation_);
    s.owned_partitions = owned_;
    if (generation_ >= 0) s.generation_id = generation_;
    if (!cfg_.client_rack.empty()) s.rack_id = cfg_.client_rack;
    protocol::join_group_request::join_group_request_protocol p;
    p.name = std::string(a->name());
    if (auto r = encode(to_wire(s), consumer_protocol_max_version, p.metadata); !r)
      return failed(r.ec, "JoinGroup subscription: " + r.detail);
    req.protocols.push_back(std::move(p));
  }
  return {send(id, std::move(req))};
}

actions classic_membership::join_after_backoff() {
  state_ = state::joining;
  return {arm(timer_kind::heartbeat, cfg_.retry_backoff, ++id_)};
}

actions classic_membership::on_join(std::uint64_t id, std::error_code ec, const protocol::join_group_response& r) {
  if (id != id_ || state_ != state::joining) return {};
  if (ec) return join_after_backoff();
  const auto e = static_cast<broker_errc>(r.error_code);
  switch (e) {
    case broker_errc::none:
      break;
    case broker_errc::member_id_required:  // KIP-394: join again with the id the broker gave
      member_id_ = r.member_id;
      return join();
    case broker_errc::unknown_member_id:
      member_id_.clear();
      generation_ = -1;
      return join();
    case broker_errc::rebalance_in_progress:
    case broker_errc::coordinator_load_in_progress:
    case broker_errc::coordinator_not_available:
    case broker_errc::not_coordinator:
      return join_after_backoff();
    default:
      return failed(make_error_code(e), "JoinGroup for group " + cfg_.group_id + ": " + error_text(r.error_code));
  }
  member_id_ = r.member_id;
  generation_ = r.generation_id;
  protocol_name_ = r.protocol_name.value_or("");
  if (r.leader == member_id_) return lead(r);
  state_ = state::syncing;
  return sync({});
}

// The leader decodes every member's subscription, then needs the partition counts of all the
// topics they name (on_metadata) to run the assignor.
actions classic_membership::lead(const protocol::join_group_response& r) {
  chosen_ = nullptr;
  for (const auto& a : assignors_)
    if (a->name() == protocol_name_) chosen_ = a.get();
  if (!chosen_)
    return failed(make_error_code(client_errc::invalid_value),
                  "JoinGroup chose assignor '" + protocol_name_ + "', which this consumer did not offer");
  members_.clear();
  std::set<std::string> topics;
  min_version_ = consumer_protocol_max_version;
  for (const auto& m : r.members) {
    consumer_protocol_subscription wire;
    std::int16_t version = 0;
    if (auto d = decode(m.metadata, wire, &version); !d)
      return failed(d.ec, "JoinGroup: the subscription of member " + m.member_id + ": " + d.detail);
    min_version_ = std::min<std::int16_t>(min_version_, std::max<std::int16_t>(version, 0));
    member_subscription ms{m.member_id, m.group_instance_id, from_wire(wire)};
    topics.insert(ms.sub.topics.begin(), ms.sub.topics.end());
    members_.push_back(std::move(ms));
  }
  state_ = state::leader_assigning;
  action a;
  a.type = action::kind::need_metadata;
  a.id = id_;
  a.topics.assign(topics.begin(), topics.end());
  return {std::move(a)};
}

actions classic_membership::on_metadata(std::uint64_t id, const std::map<std::string, std::int32_t>& counts) {
  if (id != id_ || state_ != state::leader_assigning) return {};
  auto result = chosen_->assign(members_, counts);
  if (!result) return failed(result.ec, "assignor " + std::string(chosen_->name()) + ": " + result.detail);
  std::vector<protocol::sync_group_request::sync_group_request_assignment> out;
  for (const auto& [member, parts] : result.assignment) {
    protocol::sync_group_request::sync_group_request_assignment a;
    a.member_id = member;
    if (auto e = encode(to_wire(parts), min_version_, a.assignment); !e) return failed(e.ec, "SyncGroup assignment: " + e.detail);
    out.push_back(std::move(a));
  }
  state_ = state::syncing;
  return sync(std::move(out));
}

actions classic_membership::sync(std::vector<protocol::sync_group_request::sync_group_request_assignment> assignments) {
  protocol::sync_group_request req;
  req.group_id = cfg_.group_id;
  req.generation_id = generation_;
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  req.protocol_type = "consumer";
  req.protocol_name = protocol_name_;
  req.assignments = std::move(assignments);
  return {send(id_, std::move(req))};
}

actions classic_membership::on_sync(std::uint64_t id, std::error_code ec, const protocol::sync_group_response& r) {
  if (id != id_ || state_ != state::syncing) return {};
  if (ec) return join();
  const auto e = static_cast<broker_errc>(r.error_code);
  if (e == broker_errc::unknown_member_id || e == broker_errc::illegal_generation) {
    if (e == broker_errc::unknown_member_id) member_id_.clear();
    generation_ = -1;
    auto out = lose("SyncGroup: the member is no longer in the group");
    append(out, join());
    return out;
  }
  if (e == broker_errc::rebalance_in_progress) return join();
  if (e != broker_errc::none)
    return failed(make_error_code(e), "SyncGroup for group " + cfg_.group_id + ": " + error_text(r.error_code));
  std::vector<topic_partition> assigned;
  if (!r.assignment.empty()) {
    consumer_protocol_assignment wire;
    if (auto d = decode(r.assignment, wire); !d) return failed(d.ec, "SyncGroup assignment: " + d.detail);
    assigned = from_wire(wire);
  }
  std::sort(assigned.begin(), assigned.end());
  joined_counts_ = counts_;
  pending_assignment_ = assigned;
  pending_revoked_ = minus(owned_, assigned);
  if (pending_revoked_.empty()) return finish_sync();
  // KIP-429: what moves to another member is revoked first; it joins again at once after.
  return revoke(after_revoke::assign);
}

actions classic_membership::finish_sync() {
  const auto added = minus(pending_assignment_, owned_);
  owned_ = pending_assignment_;
  state_ = state::stable;
  action a;
  a.type = action::kind::assign;
  a.partitions = owned_;
  a.added = added;
  actions out{std::move(a), arm(timer_kind::heartbeat, cfg_.heartbeat_interval, id_)};
  if (!pending_revoked_.empty()) {
    pending_revoked_.clear();
    append(out, join());
  }
  return out;
}

actions classic_membership::revoke(after_revoke then) {
  state_ = state::revoking;
  after_revoke_ = then;
  action a;
  a.type = action::kind::revoke;
  a.id = ++id_;
  a.partitions = pending_revoked_;
  return {cancel(timer_kind::heartbeat), std::move(a)};
}

actions classic_membership::revocation_done(std::uint64_t id) {
  if (id != id_ || state_ != state::revoking) return {};
  owned_ = minus(owned_, pending_revoked_);
  if (leave_requested_) {
    leave_requested_ = false;
    pending_revoked_.clear();
    return leave();
  }
  switch (after_revoke_) {
    case after_revoke::assign:
      return finish_sync();
    case after_revoke::leave:
      pending_revoked_.clear();
      return send_leave();
    case after_revoke::join:
    default:
      pending_revoked_.clear();
      return join();
  }
}

actions classic_membership::rejoin(const std::string& why) {
  if (state_ != state::stable) return {};
  reason_ = why;
  if (cooperative() || owned_.empty()) {
    actions out{cancel(timer_kind::heartbeat)};
    append(out, join());
    return out;
  }
  pending_revoked_ = owned_;  // eager: everything goes back before the join
  return revoke(after_revoke::join);
}

actions classic_membership::lose(const std::string& why) {
  reason_ = why;
  return lose_all(owned_);
}

actions classic_membership::failed(std::error_code ec, std::string detail) {
  state_ = state::idle;
  ++id_;
  return {cancel(timer_kind::heartbeat), fail(ec, std::move(detail))};
}

actions classic_membership::on_timer(timer_kind t, std::uint64_t id) {
  if (t == timer_kind::poll_interval) {
    if (id != poll_timer_id_ || state_ == state::idle || state_ == state::leaving) return {};
    return poll_expired();
  }
  if (id != id_) return {};
  if (state_ == state::joining) return join();
  if (state_ != state::stable) return {};
  protocol::heartbeat_request req;
  req.group_id = cfg_.group_id;
  req.generation_id = generation_;
  req.member_id = member_id_;
  req.group_instance_id = cfg_.group_instance_id;
  return {send(id_, std::move(req))};
}

actions classic_membership::on_heartbeat(std::uint64_t id, std::error_code ec, const protocol::heartbeat_response& r) {
  if (id != id_ || state_ != state::stable) return {};
  // No answer (a lost connection, a coordinator moving): the next heartbeat asks again.
  const auto e = ec ? broker_errc::none : static_cast<broker_errc>(r.error_code);
  switch (e) {
    case broker_errc::rebalance_in_progress:
      return rejoin("the group is rebalancing");
    case broker_errc::unknown_member_id:
    case broker_errc::illegal_generation: {
      if (e == broker_errc::unknown_member_id) member_id_.clear();
      generation_ = -1;
      auto out = lose("Heartbeat: the member is no longer in the group");
      append(out, join());
      return out;
    }
    case broker_errc::fenced_instance_id: {
      auto out = lose("another member took group.instance.id");
      append(out, failed(make_error_code(e), "Heartbeat: FENCED_INSTANCE_ID (group.instance.id " +
                                                 cfg_.group_instance_id.value_or("") + ")"));
      return out;
    }
    default:
      return {arm(timer_kind::heartbeat, cfg_.heartbeat_interval, id_)};
  }
}

// ---- leaving --------------------------------------------------------------------------------

actions classic_membership::leave() {
  rejoin_at_poll_ = false;
  switch (state_) {
    case state::idle: {
      action a;
      a.type = action::kind::left;
      return {cancel(timer_kind::poll_interval), std::move(a)};
    }
    case state::revoking:
      leave_requested_ = true;  // after the revocation under way
      return {};
    case state::leaving:
      return {};
    default:
      break;
  }
  actions out{cancel(timer_kind::poll_interval)};
  if (owned_.empty()) {
    append(out, send_leave());
    return out;
  }
  pending_revoked_ = owned_;
  append(out, revoke(after_revoke::leave));
  return out;
}

// Static members send no LeaveGroup: a restart within session.timeout.ms keeps the assignment
// (KIP-345).
actions classic_membership::send_leave() {
  actions out{cancel(timer_kind::heartbeat)};
  generation_ = -1;
  if (member_id_.empty() || cfg_.group_instance_id) {
    state_ = state::idle;
    ++id_;
    action a;
    a.type = action::kind::left;
    out.push_back(std::move(a));
    return out;
  }
  leaving_member_ = std::exchange(member_id_, {});
  state_ = state::leaving;
  ++id_;
  append(out, send_leave_request(true));
  return out;
}

actions classic_membership::send_leave_request(bool new_form) {
  leave_new_form_ = new_form;
  protocol::leave_group_request req;
  req.group_id = cfg_.group_id;
  if (new_form) req.members.push_back({leaving_member_, std::nullopt, std::string("the consumer is leaving"), {}});
  else req.member_id = leaving_member_;
  return {send(id_, std::move(req))};
}

actions classic_membership::on_leave(std::uint64_t id, std::error_code ec) {
  if (id != id_ || state_ != state::leaving) return {};
  // LeaveGroup v0-2 name one member the old way; our encoder says when the broker is that old.
  if (ec == client_errc::field_not_in_version && leave_new_form_) return send_leave_request(false);
  state_ = state::idle;
  ++id_;
  action a;
  a.type = action::kind::left;
  return {std::move(a)};
}

// ---- max.poll.interval.ms -------------------------------------------------------------------

actions classic_membership::poll_returned() {
  if (state_ == state::idle) return {};
  return {arm(timer_kind::poll_interval, cfg_.max_poll_interval, ++poll_timer_id_)};
}

actions classic_membership::poll_started() {
  ++poll_timer_id_;
  actions out{cancel(timer_kind::poll_interval)};
  if (!std::exchange(rejoin_at_poll_, false)) return out;
  if (state_ == state::leaving) state_ = state::idle;  // the LeaveGroup's answer no longer matters
  if (state_ == state::idle) append(out, join());
  return out;
}

// A member that does not poll for max.poll.interval.ms is stuck: it leaves so that its partitions
// go to members that make progress (they are lost, not revoked: the application is busy), and
// joins again at its next poll, as Java does.
actions classic_membership::poll_expired() {
  auto out = lose("max.poll.interval.ms (" + std::to_string(cfg_.max_poll_interval.count()) +
                  " ms) passed without a poll: leaving group " + cfg_.group_id + "; the next poll joins again");
  leave_requested_ = false;
  append(out, send_leave());
  rejoin_at_poll_ = true;
  return out;
}

}  // namespace kwire::client::group
