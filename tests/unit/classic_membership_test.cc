// The classic group membership machine (client/group/classic_membership.hpp) driven with scripted
// broker answers: each case is a list of steps, an input (the answer, a timer, a call) and the
// actions the machine must answer with, in order, written as short strings.

#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include <kwire/group/classic_membership.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client::group {
namespace {

using namespace std::chrono_literals;
using kind = action::kind;

std::string list(const std::vector<topic_partition>& tps) {
  std::string out;
  for (const auto& tp : tps) out += (out.empty() ? "" : ",") + tp.topic + "-" + std::to_string(tp.partition);
  return out.empty() ? "-" : out;
}

std::string describe(const group_request& r) {
  std::ostringstream o;
  if (auto* j = std::get_if<protocol::join_group_request>(&r)) {
    consumer_protocol_subscription wire;
    EXPECT_TRUE(decode(j->protocols.at(0).metadata, wire));
    o << "JoinGroup member=" << j->member_id << " owned=" << list(from_wire(wire).owned_partitions);
    if (j->group_instance_id) o << " instance=" << *j->group_instance_id;
  } else if (auto* s = std::get_if<protocol::sync_group_request>(&r)) {
    o << "SyncGroup gen=" << s->generation_id << " assignments=" << s->assignments.size();
  } else if (auto* h = std::get_if<protocol::heartbeat_request>(&r)) {
    o << "Heartbeat gen=" << h->generation_id << " member=" << h->member_id;
  } else if (auto* l = std::get_if<protocol::leave_group_request>(&r)) {
    o << "LeaveGroup " << (l->members.empty() ? l->member_id + " old" : l->members[0].member_id + " new");
  }
  return o.str();
}

std::string describe(const action& a) {
  const auto timer = a.timer == timer_kind::heartbeat ? "heartbeat" : "poll";
  switch (a.type) {
    case kind::send: return "send " + describe(*a.request);
    case kind::need_metadata: {
      std::string t;
      for (const auto& s : a.topics) t += (t.empty() ? "" : ",") + s;
      return "metadata " + t;
    }
    case kind::arm_timer: return std::string("arm ") + timer + " " + std::to_string(a.delay.count());
    case kind::cancel_timer: return std::string("cancel ") + timer;
    case kind::revoke: return "revoke " + list(a.partitions);
    case kind::assign: return "assign " + list(a.partitions) + " added " + list(a.added);
    case kind::lose: return "lose " + list(a.partitions);
    case kind::fail: return "fail " + a.ec.message();
    case kind::left: return "left";
  }
  return "?";
}

// The machine plus the ids of what it last asked for, so that a step answers "the last send".
struct driver {
  classic_membership m;
  std::uint64_t send_id = 0, revoke_id = 0, metadata_id = 0;
  std::map<timer_kind, std::uint64_t> timer_id;

  static classic_membership make(const std::string& strategy, std::optional<std::string> instance) {
    membership_config cfg;
    cfg.group_id = "g";
    cfg.group_instance_id = std::move(instance);
    cfg.heartbeat_interval = 3000ms;
    cfg.max_poll_interval = 300000ms;
    cfg.retry_backoff = 100ms;
    std::vector<std::unique_ptr<assignor>> a;
    a.push_back(make_assignor(strategy));
    return classic_membership(cfg, std::move(a));
  }
  driver(const std::string& assignor, std::optional<std::string> instance) : m(make(assignor, std::move(instance))) {}

  std::vector<std::string> run(actions as) {
    std::vector<std::string> out;
    for (const auto& a : as) {
      if (a.type == kind::send) send_id = a.id;
      if (a.type == kind::revoke) revoke_id = a.id;
      if (a.type == kind::need_metadata) metadata_id = a.id;
      if (a.type == kind::arm_timer) timer_id[a.timer] = a.id;
      out.push_back(describe(a));
    }
    return out;
  }
};

protocol::join_group_response joined(const std::string& member, const std::string& leader, std::int32_t generation,
                                     std::vector<std::pair<std::string, std::vector<std::string>>> members = {}) {
  protocol::join_group_response r;
  r.member_id = member;
  r.leader = leader;
  r.generation_id = generation;
  r.protocol_name = "range";
  for (const auto& [id, topics] : members) {
    auto& m = r.members.emplace_back();
    m.member_id = id;
    subscription s;
    s.topics = topics;
    EXPECT_TRUE(encode(to_wire(s), consumer_protocol_max_version, m.metadata));
  }
  return r;
}

protocol::join_group_response join_error(broker_errc e, const std::string& member = "") {
  protocol::join_group_response r;
  r.error_code = static_cast<std::int16_t>(e);
  r.member_id = member;
  return r;
}

protocol::sync_group_response synced(std::vector<topic_partition> parts) {
  protocol::sync_group_response r;
  EXPECT_TRUE(encode(to_wire(parts), consumer_protocol_max_version, r.assignment));
  return r;
}

protocol::sync_group_response sync_error(broker_errc e) {
  protocol::sync_group_response r;
  r.error_code = static_cast<std::int16_t>(e);
  return r;
}

protocol::heartbeat_response heartbeat_answer(broker_errc e = broker_errc::none) {
  protocol::heartbeat_response r;
  r.error_code = static_cast<std::int16_t>(e);
  return r;
}

using input = std::function<actions(driver&)>;
struct step {
  input in;
  std::vector<std::string> out;
};
struct scripted_case {
  std::string name;
  std::string assignor = "range";
  std::optional<std::string> instance;
  std::vector<step> steps;
};

const std::map<std::string, std::int32_t> counts{{"t", 2}};
input subscribe_t = [](driver& d) { return d.m.subscribe({"t"}, counts); };
input join_ok(const std::string& member, std::int32_t gen) {
  return [=](driver& d) { return d.m.on_join(d.send_id, {}, joined(member, "other", gen)); };
}
input join_answer(protocol::join_group_response r) {
  return [r](driver& d) { return d.m.on_join(d.send_id, {}, r); };
}
input sync_ok(std::vector<topic_partition> parts) {
  return [parts](driver& d) { return d.m.on_sync(d.send_id, {}, synced(parts)); };
}
input heartbeat(broker_errc e) {
  return [e](driver& d) { return d.m.on_heartbeat(d.send_id, {}, heartbeat_answer(e)); };
}
input timer(timer_kind t) {
  return [t](driver& d) { return d.m.on_timer(t, d.timer_id[t]); };
}
input revoked = [](driver& d) { return d.m.revocation_done(d.revoke_id); };

// Subscribe and become a stable follower owning `parts` (generation 1, member m1).
std::vector<step> stable_with(std::vector<topic_partition> parts, const std::string& instance = "") {
  return {
      {subscribe_t, {"send JoinGroup member= owned=-" + (instance.empty() ? "" : " instance=" + instance), "arm poll 300000"}},
      {join_ok("m1", 1), {"send SyncGroup gen=1 assignments=0"}},
      {sync_ok(parts), {"assign " + list(parts) + " added " + list(parts), "arm heartbeat 3000"}},
  };
}

std::vector<step> operator+(std::vector<step> a, const std::vector<step>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const topic_partition t0{"t", 0}, t1{"t", 1};

std::vector<scripted_case> cases() {
  return {
      {"FollowerJoinsSyncsAndHeartbeats", "range", {}, stable_with({t0}) + std::vector<step>{
          {timer(timer_kind::heartbeat), {"send Heartbeat gen=1 member=m1"}},
          {heartbeat(broker_errc::none), {"arm heartbeat 3000"}},
      }},
      {"MemberIdRequiredJoinsAgainWithTheGivenId", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {join_answer(join_error(broker_errc::member_id_required, "m1")), {"send JoinGroup member=m1 owned=-"}},
          {join_ok("m1", 1), {"send SyncGroup gen=1 assignments=0"}},
      }},
      {"LeaderAssignsWithTheMetadata", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {[](driver& d) { return d.m.on_join(d.send_id, {}, joined("m1", "m1", 1, {{"m1", {"t"}}, {"m2", {"t"}}})); },
           {"metadata t"}},
          {[](driver& d) { return d.m.on_metadata(d.metadata_id, counts); }, {"send SyncGroup gen=1 assignments=2"}},
          {sync_ok({t0}), {"assign t-0 added t-0", "arm heartbeat 3000"}},
      }},
      {"RebalanceInProgressOnJoinRetriesAfterBackoff", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {join_answer(join_error(broker_errc::rebalance_in_progress)), {"arm heartbeat 100"}},
          {timer(timer_kind::heartbeat), {"send JoinGroup member= owned=-"}},
      }},
      {"CoordinatorMovingOrLoadingMidJoinRetries", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {join_answer(join_error(broker_errc::not_coordinator)), {"arm heartbeat 100"}},
          {timer(timer_kind::heartbeat), {"send JoinGroup member= owned=-"}},
          {join_answer(join_error(broker_errc::coordinator_load_in_progress)), {"arm heartbeat 100"}},
          {timer(timer_kind::heartbeat), {"send JoinGroup member= owned=-"}},
          {[](driver& d) { return d.m.on_join(d.send_id, make_error_code(client_errc::connection_closed), {}); },
           {"arm heartbeat 100"}},
      }},
      {"UnknownMemberIdOnJoinForgetsTheId", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {join_answer(join_error(broker_errc::member_id_required, "m1")), {"send JoinGroup member=m1 owned=-"}},
          {join_answer(join_error(broker_errc::unknown_member_id)), {"send JoinGroup member= owned=-"}},
      }},
      {"FatalJoinErrorFails", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {join_answer(join_error(broker_errc::group_authorization_failed)),
           {"cancel heartbeat", "fail " + make_error_code(broker_errc::group_authorization_failed).message()}},
      }},
      {"SyncIllegalGenerationLosesAndJoins", "range", {}, stable_with({t0}) + std::vector<step>{
          {heartbeat(broker_errc::rebalance_in_progress), {"cancel heartbeat", "revoke t-0"}},
          {revoked, {"send JoinGroup member=m1 owned=-"}},
          {join_ok("m1", 2), {"send SyncGroup gen=2 assignments=0"}},
          {[](driver& d) { return d.m.on_sync(d.send_id, {}, sync_error(broker_errc::illegal_generation)); },
           {"send JoinGroup member=m1 owned=-"}},
      }},
      {"HeartbeatUnknownMemberLosesPartitionsAndJoinsAfresh", "range", {}, stable_with({t0, t1}) + std::vector<step>{
          {timer(timer_kind::heartbeat), {"send Heartbeat gen=1 member=m1"}},
          {heartbeat(broker_errc::unknown_member_id), {"lose t-0,t-1", "send JoinGroup member= owned=-"}},
      }},
      {"HeartbeatFencedInstanceIdFails", "range", std::string("i1"), stable_with({t0}, "i1") + std::vector<step>{
          {heartbeat(broker_errc::fenced_instance_id),
           {"lose t-0", "cancel heartbeat", "fail " + make_error_code(broker_errc::fenced_instance_id).message()}},
      }},
      {"HeartbeatLostConnectionHeartbeatsAgain", "range", {}, stable_with({t0}) + std::vector<step>{
          {[](driver& d) { return d.m.on_heartbeat(d.send_id, make_error_code(client_errc::connection_closed), {}); },
           {"arm heartbeat 3000"}},
      }},
      {"EagerRebalanceWaitsForASlowListener", "range", {}, stable_with({t0}) + std::vector<step>{
          {heartbeat(broker_errc::rebalance_in_progress), {"cancel heartbeat", "revoke t-0"}},
          // The listener is still running: nothing else moves the machine meanwhile.
          {[](driver& d) { return d.m.on_heartbeat(d.send_id, {}, heartbeat_answer()); }, {}},
          {[](driver& d) { return d.m.on_timer(timer_kind::heartbeat, d.timer_id[timer_kind::heartbeat]); }, {}},
          {[](driver& d) { return d.m.revocation_done(d.revoke_id + 7); }, {}},
          {revoked, {"send JoinGroup member=m1 owned=-"}},
      }},
      {"CooperativeRebalanceRevokesOnlyWhatMovesThenJoinsAgain", "cooperative-sticky", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {[](driver& d) {
             auto r = joined("m1", "other", 1);
             r.protocol_name = "cooperative-sticky";
             return d.m.on_join(d.send_id, {}, r);
           }, {"send SyncGroup gen=1 assignments=0"}},
          {sync_ok({t0, t1}), {"assign t-0,t-1 added t-0,t-1", "arm heartbeat 3000"}},
          // A member joins: no revocation before the join, the owned partitions go with it.
          {heartbeat(broker_errc::rebalance_in_progress), {"cancel heartbeat", "send JoinGroup member=m1 owned=t-0,t-1"}},
          {[](driver& d) {
             auto r = joined("m1", "other", 2);
             r.protocol_name = "cooperative-sticky";
             return d.m.on_join(d.send_id, {}, r);
           }, {"send SyncGroup gen=2 assignments=0"}},
          {sync_ok({t0}), {"cancel heartbeat", "revoke t-1"}},
          {revoked, {"assign t-0 added -", "arm heartbeat 3000", "send JoinGroup member=m1 owned=t-0"}},
          {[](driver& d) {
             auto r = joined("m1", "other", 3);
             r.protocol_name = "cooperative-sticky";
             return d.m.on_join(d.send_id, {}, r);
           }, {"send SyncGroup gen=3 assignments=0"}},
          {sync_ok({t0}), {"assign t-0 added -", "arm heartbeat 3000"}},
      }},
      {"StaticMemberLeavesWithoutLeaveGroup", "range", std::string("i1"), {
          {subscribe_t, {"send JoinGroup member= owned=- instance=i1", "arm poll 300000"}},
          {join_ok("m1", 1), {"send SyncGroup gen=1 assignments=0"}},
          {sync_ok({t0}), {"assign t-0 added t-0", "arm heartbeat 3000"}},
          {[](driver& d) { return d.m.leave(); }, {"cancel poll", "cancel heartbeat", "revoke t-0"}},
          {revoked, {"cancel heartbeat", "left"}},
          // The restart joins with the same instance id and keeps what it had (the broker's doing).
          {subscribe_t, {"send JoinGroup member=m1 owned=- instance=i1", "arm poll 300000"}},
      }},
      {"DynamicMemberLeavesWithLeaveGroup", "range", {}, stable_with({t0}) + std::vector<step>{
          {[](driver& d) { return d.m.leave(); }, {"cancel poll", "cancel heartbeat", "revoke t-0"}},
          {revoked, {"cancel heartbeat", "send LeaveGroup m1 new"}},
          {[](driver& d) { return d.m.on_leave(d.send_id, make_error_code(client_errc::field_not_in_version)); },
           {"send LeaveGroup m1 old"}},
          {[](driver& d) { return d.m.on_leave(d.send_id, {}); }, {"left"}},
      }},
      {"MaxPollIntervalExpiryLeavesAndTheNextPollJoins", "range", {}, stable_with({t0}) + std::vector<step>{
          {[](driver& d) { return d.m.poll_returned(); }, {"arm poll 300000"}},
          {timer(timer_kind::poll_interval), {"lose t-0", "cancel heartbeat", "send LeaveGroup m1 new"}},
          {[](driver& d) { return d.m.on_leave(d.send_id, {}); }, {"left"}},
          {[](driver& d) { return d.m.poll_started(); }, {"cancel poll", "send JoinGroup member= owned=-"}},
      }},
      {"APollInTimeKeepsTheMember", "range", {}, stable_with({t0}) + std::vector<step>{
          {[](driver& d) { return d.m.poll_returned(); }, {"arm poll 300000"}},
          {[](driver& d) { return d.m.poll_started(); }, {"cancel poll"}},
          {timer(timer_kind::poll_interval), {}},  // the expiry of the cancelled timer, late
      }},
      {"NewerJoinSupersedesTheOneUnderWay", "range", {}, {
          {subscribe_t, {"send JoinGroup member= owned=-", "arm poll 300000"}},
          {[](driver& d) {
             const auto old = d.send_id;
             d.run(d.m.subscribe({"t", "u"}, {{"t", 2}, {"u", 1}}));
             return d.m.on_join(old, {}, joined("m1", "other", 1));  // the answer to the first
           }, {}},
          {join_ok("m1", 1), {"send SyncGroup gen=1 assignments=0"}},
      }},
      {"PartitionCountChangeRejoins", "range", {}, stable_with({t0}) + std::vector<step>{
          {[](driver& d) { return d.m.metadata_changed(counts); }, {}},
          {[](driver& d) { return d.m.metadata_changed({{"t", 4}}); }, {"cancel heartbeat", "revoke t-0"}},
      }},
  };
}

void PrintTo(const scripted_case& c, std::ostream* os) { *os << c.name; }

class ClassicMembership : public ::testing::TestWithParam<scripted_case> {};

TEST_P(ClassicMembership, Script) {
  const auto& c = GetParam();
  driver d(c.assignor, c.instance);
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    auto got = d.run(c.steps[i].in(d));
    EXPECT_EQ(got, c.steps[i].out) << "step " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(cases, ClassicMembership, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

// Bad bytes or choices from the broker end the membership with an error that names them.
struct bad_input_case {
  std::string name;
  std::function<actions(driver&)> in;
  std::string detail;  // a piece the error's detail must hold
};

TEST(ClassicMembershipBadInput, ErrorsNameWhatWasWrong) {
  const std::vector<bad_input_case> cases{
      {"UndecodableSubscription",
       [](driver& d) {
         auto r = joined("m1", "m1", 1, {{"m2", {"t"}}});
         r.members[0].metadata = {0x00};  // half a version
         return d.m.on_join(d.send_id, {}, r);
       },
       "the subscription of member m2"},
      {"AssignorNotOffered",
       [](driver& d) {
         auto r = joined("m1", "m1", 1, {{"m1", {"t"}}});
         r.protocol_name = "roundrobin";
         return d.m.on_join(d.send_id, {}, r);
       },
       "JoinGroup chose assignor 'roundrobin', which this consumer did not offer"},
      {"UndecodableAssignment",
       [](driver& d) {
         d.run(d.m.on_join(d.send_id, {}, joined("m1", "other", 1)));
         protocol::sync_group_response r;
         r.assignment = {0x00, 0x01, 0x00};
         return d.m.on_sync(d.send_id, {}, r);
       },
       "SyncGroup assignment"},
  };
  for (const auto& c : cases) {
    driver d("range", std::nullopt);
    d.run(d.m.subscribe({"t"}, counts));
    auto out = c.in(d);
    ASSERT_FALSE(out.empty()) << c.name;
    EXPECT_EQ(out.back().type, kind::fail) << c.name;
    EXPECT_NE(out.back().detail.find(c.detail), std::string::npos) << c.name << ": " << out.back().detail;
    EXPECT_FALSE(d.m.active()) << c.name;
  }
}

}  // namespace
}  // namespace kwire::client::group
