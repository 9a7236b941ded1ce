// The KIP-848 membership machine (client/group/kip848_membership.hpp) driven with scripted
// ConsumerGroupHeartbeat answers: each case is a list of steps, an input and the actions the
// machine must answer with, in order, written as short strings.

#include <gtest/gtest.h>

#include <functional>
#include <sstream>

#include <kwire/group/kip848_membership.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client::group {
namespace {

using namespace std::chrono_literals;
using kind = action::kind;
using response = protocol::consumer_group_heartbeat_response;

protocol::uuid id_of(std::uint8_t n) {
  protocol::uuid u;
  u.bytes[15] = n;
  return u;
}
const protocol::uuid T = id_of(1), U = id_of(2);

std::string name_of(const protocol::uuid& u) { return u == T ? "t" : u == U ? "u" : "?"; }

std::string list(const std::vector<topic_partition>& tps) {
  std::string out;
  for (const auto& tp : tps) out += (out.empty() ? "" : ",") + tp.topic + "-" + std::to_string(tp.partition);
  return out.empty() ? "-" : out;
}

std::string describe(const action& a) {
  const auto timer = a.timer == timer_kind::heartbeat ? "heartbeat" : "poll";
  switch (a.type) {
    case kind::send: {
      const auto& r = std::get<protocol::consumer_group_heartbeat_request>(*a.request);
      std::ostringstream o;
      o << "send CGH epoch=" << r.member_epoch;
      if (r.member_epoch < 0) return o.str();
      o << " topics=";
      for (const auto& t : r.subscribed_topic_names.value()) o << t << ";";
      o << " owned=";
      for (const auto& t : r.topic_partitions.value()) {
        o << name_of(t.topic_id) << ":";
        for (auto p : t.partitions) o << p << ";";
      }
      return o.str();
    }
    case kind::need_metadata: return "metadata";
    case kind::arm_timer: return std::string("arm ") + timer + " " + std::to_string(a.delay.count());
    case kind::cancel_timer: return std::string("cancel ") + timer;
    case kind::revoke: return "revoke " + list(a.partitions);
    case kind::assign: return "assign " + list(a.partitions) + " added " + list(a.added);
    case kind::lose: return "lose " + list(a.partitions);
    case kind::fail:
      return "fail " + a.ec.message() + (a.detail.find("use group.protocol=classic") != std::string::npos ? " (hint)" : "");
    case kind::left: return "left";
  }
  return "?";
}

struct driver {
  kip848_membership m;
  std::uint64_t send_id = 0, revoke_id = 0;
  std::map<timer_kind, std::uint64_t> timer_id;

  static membership_config config(std::optional<std::string> instance) {
    membership_config cfg;
    cfg.group_id = "g";
    cfg.group_instance_id = std::move(instance);
    cfg.max_poll_interval = 300000ms;
    cfg.retry_backoff = 100ms;
    return cfg;
  }
  explicit driver(std::optional<std::string> instance) : m(config(std::move(instance)), "member-a") {
    m.topic_ids({{"t", T}});
  }
  std::vector<std::string> run(actions as) {
    std::vector<std::string> out;
    for (const auto& a : as) {
      if (a.type == kind::send) send_id = a.id;
      if (a.type == kind::revoke) revoke_id = a.id;
      if (a.type == kind::arm_timer) timer_id[a.timer] = a.id;
      out.push_back(describe(a));
    }
    return out;
  }
};

response answer(std::int32_t epoch, std::optional<std::vector<std::pair<protocol::uuid, std::vector<std::int32_t>>>> target = {}) {
  response r;
  r.member_id = "member-a";
  r.member_epoch = epoch;
  r.heartbeat_interval_ms = 2000;
  if (target) {
    r.assignment.emplace();
    for (const auto& [id, parts] : *target) r.assignment->topic_partitions.push_back({id, parts, {}});
  }
  return r;
}

response error(broker_errc e) {
  response r;
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
  std::optional<std::string> instance;
  std::vector<step> steps;
};
void PrintTo(const scripted_case& c, std::ostream* os) { *os << c.name; }

input subscribe_t = [](driver& d) { return d.m.subscribe({"t"}); };
input heard(response r) {
  return [r](driver& d) { return d.m.on_heartbeat(d.send_id, {}, "", r); };
}
input timer(timer_kind t) {
  return [t](driver& d) { return d.m.on_timer(t, d.timer_id[t]); };
}
input revoked = [](driver& d) { return d.m.revocation_done(d.revoke_id); };

// Join and own t-0 and t-1 at epoch 1.
std::vector<step> owning_both() {
  return {
      {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
      {heard(answer(1, {{{T, {0, 1}}}})),
       {"assign t-0,t-1 added t-0,t-1", "cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;1;"}},
      {heard(answer(1)), {"arm heartbeat 2000"}},
  };
}

std::vector<step> operator+(std::vector<step> a, const std::vector<step>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<scripted_case> cases() {
  return {
      {"JoinsTakesTheTargetAndAcknowledges", {}, owning_both() + std::vector<step>{
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;1;"}},
      }},
      {"RevocationWaitsForASlowListenerThenAcknowledges", {}, owning_both() + std::vector<step>{
          {heard(answer(2, {{{T, {0}}}})), {"revoke t-1", "arm heartbeat 2000"}},
          // The listener is slow: heartbeats go on, still owning both, and nothing is applied.
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=2 topics=t; owned=t:0;1;"}},
          {heard(answer(2)), {"arm heartbeat 2000"}},
          {[](driver& d) { return d.m.revocation_done(d.revoke_id + 5); }, {}},
          {revoked, {"assign t-0 added -", "cancel heartbeat", "send CGH epoch=2 topics=t; owned=t:0;"}},
      }},
      {"FencedMemberEpochLosesAndJoinsWithEpochZero", {}, owning_both() + std::vector<step>{
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;1;"}},
          {heard(error(broker_errc::fenced_member_epoch)),
           {"lose t-0,t-1", "cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
      }},
      {"UnknownMemberIdLosesAndJoinsWithEpochZero", {}, owning_both() + std::vector<step>{
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;1;"}},
          {heard(error(broker_errc::unknown_member_id)),
           {"lose t-0,t-1", "cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
      }},
      {"FencedDuringARevocationDropsItsOutcome", {}, owning_both() + std::vector<step>{
          {heard(answer(2, {{{T, {0}}}})), {"revoke t-1", "arm heartbeat 2000"}},
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=2 topics=t; owned=t:0;1;"}},
          {heard(error(broker_errc::fenced_member_epoch)),
           {"lose t-0,t-1", "cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
          {revoked, {}},
      }},
      {"UnknownTopicIdWaitsForMetadata", {}, {
          {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
          {heard(answer(1, {{{T, {0}}, {U, {0}}}})),
           {"metadata", "assign t-0 added t-0", "cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;"}},
          {heard(answer(1)), {"arm heartbeat 2000"}},
          {[](driver& d) {
             d.m.topic_ids({{"t", T}, {"u", U}});
             return d.m.metadata_refreshed();
           }, {"assign t-0,u-0 added u-0", "cancel heartbeat", "send CGH epoch=1 topics=t; owned=t:0;u:0;"}},
      }},
      {"CoordinatorErrorsRetryAfterBackoff", {}, {
          {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
          {heard(error(broker_errc::not_coordinator)), {"arm heartbeat 100"}},
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
          {heard(error(broker_errc::coordinator_load_in_progress)), {"arm heartbeat 100"}},
          {timer(timer_kind::heartbeat), {"cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
          {[](driver& d) { return d.m.on_heartbeat(d.send_id, make_error_code(client_errc::connection_closed), "gone", {}); },
           {"arm heartbeat 100"}},
      }},
      {"ProtocolOffOnTheBrokerFailsWithAHint", {}, {
          {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
          {heard(error(broker_errc::unsupported_version)),
           {"cancel heartbeat", "fail " + make_error_code(broker_errc::unsupported_version).message() + " (hint)"}},
      }},
      {"BrokerWithoutTheApiFails", {}, {
          {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
          {[](driver& d) { return d.m.on_heartbeat(d.send_id, make_error_code(client_errc::no_compatible_version), "", {}); },
           {"cancel heartbeat", "fail " + make_error_code(client_errc::no_compatible_version).message()}},
      }},
      {"DynamicMemberLeavesWithEpochMinusOne", {}, owning_both() + std::vector<step>{
          {[](driver& d) { return d.m.leave(); }, {"cancel poll", "cancel heartbeat", "revoke t-0,t-1"}},
          {revoked, {"cancel heartbeat", "send CGH epoch=-1"}},
          {heard(answer(-1)), {"left"}},
      }},
      {"StaticMemberLeavesWithEpochMinusTwo", std::string("i1"), owning_both() + std::vector<step>{
          {[](driver& d) { return d.m.leave(); }, {"cancel poll", "cancel heartbeat", "revoke t-0,t-1"}},
          {revoked, {"cancel heartbeat", "send CGH epoch=-2"}},
          {heard(answer(-2)), {"left"}},
      }},
      {"MaxPollIntervalExpiryLeavesAndTheNextPollJoins", {}, owning_both() + std::vector<step>{
          {[](driver& d) { return d.m.poll_returned(); }, {"arm poll 300000"}},
          {timer(timer_kind::poll_interval), {"lose t-0,t-1", "cancel heartbeat", "send CGH epoch=-1"}},
          {heard(answer(-1)), {"left"}},
          {[](driver& d) { return d.m.poll_started(); },
           {"cancel poll", "cancel heartbeat", "send CGH epoch=0 topics=t; owned="}},
      }},
      {"ChangesWhileAHeartbeatIsInFlightGoOutAfterIt", {}, {
          {subscribe_t, {"cancel heartbeat", "send CGH epoch=0 topics=t; owned=", "arm poll 300000"}},
          {[](driver& d) { return d.m.subscribe({"t", "u"}); }, {}},
          {heard(answer(1)), {"cancel heartbeat", "send CGH epoch=1 topics=t;u; owned="}},
      }},
  };
}

class Kip848Membership : public ::testing::TestWithParam<scripted_case> {};

TEST_P(Kip848Membership, Script) {
  const auto& c = GetParam();
  driver d(c.instance);
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    auto got = d.run(c.steps[i].in(d));
    EXPECT_EQ(got, c.steps[i].out) << "step " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(cases, Kip848Membership, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kwire::client::group
