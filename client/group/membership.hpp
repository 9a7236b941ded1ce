#pragma once
// What a group membership state machine (classic_membership.hpp, kip848_membership.hpp) asks
// its driver to do. The machines are sans-I/O: they are fed answers, timer expiries and the
// application's calls, and return actions in the order the driver must carry them out. The
// consumer (client/consumer/consumer_group.cpp) is the driver; tests/unit drives them with
// scripted broker answers.
//
// Every `send` and `arm_timer` carries an `id`; the driver hands it back with the answer or the
// expiry, and a machine ignores ids it has moved past (a join superseded by a newer one, a
// heartbeat answer arriving after the member left). `revoke` carries one too: the driver commits
// (auto-commit), runs the listener, then calls revocation_done(id); the machine waits for it.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <kwire/group/consumer_protocol.hpp>
#include <kwire/protocol/messages/consumer_group_heartbeat.hpp>
#include <kwire/protocol/messages/heartbeat.hpp>
#include <kwire/protocol/messages/join_group.hpp>
#include <kwire/protocol/messages/leave_group.hpp>
#include <kwire/protocol/messages/sync_group.hpp>

namespace kwire::client::group {

// The settings membership needs (the consumer's config keys in brackets).
struct membership_config {
  std::string group_id;                               // group.id
  std::optional<std::string> group_instance_id;       // group.instance.id
  std::string client_rack;                            // client.rack
  std::chrono::milliseconds session_timeout{45000};   // session.timeout.ms
  std::chrono::milliseconds heartbeat_interval{3000}; // heartbeat.interval.ms (classic)
  std::chrono::milliseconds max_poll_interval{300000};// max.poll.interval.ms
  std::chrono::milliseconds retry_backoff{100};       // retry.backoff.ms
  std::optional<std::string> remote_assignor;         // group.remote.assignor (KIP-848)
};

// The two timers a member uses: `heartbeat` also paces retries of a failed join.
enum class timer_kind { heartbeat, poll_interval };

using group_request = std::variant<protocol::join_group_request, protocol::sync_group_request,
                                   protocol::heartbeat_request, protocol::leave_group_request,
                                   protocol::consumer_group_heartbeat_request>;

struct action {
  enum class kind {
    send,           // `request` to the group coordinator; answer with `id`
    need_metadata,  // classic leader: partition counts of `topics`; KIP-848: learn new topic ids
    arm_timer,      // `timer` fires after `delay` (replaces an armed one); expiry with `id`
    cancel_timer,   // `timer`
    revoke,         // `partitions` leave: commit, listener.revoked, then revocation_done(id)
    assign,         // the assignment is now `partitions`; listener.assigned(`added`)
    lose,           // `partitions` are gone (someone else may own them): listener.lost
    fail,           // the membership ended with `ec`, `detail`: the next poll reports it
    left,           // a leave() finished
  };
  kind type = kind::fail;
  std::uint64_t id = 0;
  std::optional<group_request> request;
  timer_kind timer = timer_kind::heartbeat;
  std::chrono::milliseconds delay{0};
  std::vector<topic_partition> partitions;
  std::vector<topic_partition> added;
  std::vector<std::string> topics;
  std::error_code ec;
  std::string detail;
};
using actions = std::vector<action>;

// Who commits: what OffsetCommit carries for a member of the current generation.
struct member_identity {
  std::int32_t generation = -1;
  std::string member_id;
};

// Helpers the machines share.
std::vector<topic_partition> minus(const std::vector<topic_partition>& a, const std::vector<topic_partition>& b);
action send(std::uint64_t id, group_request r);
action arm(timer_kind t, std::chrono::milliseconds delay, std::uint64_t id);
action cancel(timer_kind t);
action fail(std::error_code ec, std::string detail);
// Every owned partition lost (already someone else's): owned is left empty. None when nothing
// was owned.
actions lose_all(std::vector<topic_partition>& owned);

}  // namespace kwire::client::group
