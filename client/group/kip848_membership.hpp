#pragma once
// KIP-848 group membership (group.protocol=consumer) as a sans-I/O state machine. One request,
// ConsumerGroupHeartbeat, joins (epoch 0), heartbeats, acknowledges and leaves (epoch -1, or -2
// for a static member, which keeps its assignment for session.timeout.ms). The coordinator runs
// the assignor and answers with the member's target assignment, which the member reconciles:
// revoke what is no longer in it (the driver commits and runs the listener first), take what is
// new, and acknowledge at once with a heartbeat saying what it owns now. Target topics come as
// ids: one the metadata does not know yet is asked for (need_metadata) and reconciled after.
// Fenced (UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH): partitions lost, join again with epoch 0.
//
// Every heartbeat carries the whole state (subscription, owned partitions, rebalance timeout):
// the protocol allows it, and it makes a lost or retried heartbeat harmless. One heartbeat is in
// flight at a time; a change meanwhile sends another as soon as it is answered.
//
// Driver: like classic_membership.hpp; before feeding an input, topic_ids() gives the
// metadata's topic ids (names <-> ids), and after a need_metadata the driver refreshes the
// metadata (retry.backoff.ms later), calls topic_ids() and metadata_refreshed().

#include <kwire/group/membership.hpp>

namespace kwire::client::group {

class kip848_membership {
 public:
  // `member_id`: made by the client, kept for the member's lifetime (KIP-1082).
  kip848_membership(membership_config cfg, std::string member_id);

  void topic_ids(std::map<std::string, protocol::uuid> ids) { ids_ = std::move(ids); }

  // Join with these topics (sorted), or send the new subscription now.
  actions subscribe(std::vector<std::string> topics);
  // Heartbeat now (a commit was refused with STALE_MEMBER_EPOCH: the new epoch is on its way).
  actions heartbeat_now();
  // Revoke what is owned, then leave. Ends with `left`.
  actions leave();
  actions metadata_refreshed();
  actions poll_started();
  actions poll_returned();

  // `detail`: the transport's text when `ec` is set.
  actions on_heartbeat(std::uint64_t id, std::error_code ec, const std::string& detail,
                       const protocol::consumer_group_heartbeat_response& r);
  actions on_timer(timer_kind t, std::uint64_t id);
  actions revocation_done(std::uint64_t id);

  bool active() const { return state_ != state::idle; }
  bool joining() const { return state_ == state::joining; }
  const std::vector<topic_partition>& assignment() const { return owned_; }
  const std::vector<std::string>& topics() const { return topics_; }
  member_identity identity() const { return {epoch_, member_id_}; }
  const std::string& last_reason() const { return reason_; }

 private:
  enum class state { idle, joining, stable, leaving };
  using target_assignment = protocol::consumer_group_heartbeat_response::assignment_entry;

  actions join();
  actions heartbeat();
  actions reconcile();
  actions finish_reconcile();
  actions fenced(const std::string& why);
  actions lose(const std::string& why);
  actions failed(std::error_code ec, std::string detail);
  actions send_leave();
  actions poll_expired();
  const std::string* name_of(const protocol::uuid& id) const;

  membership_config cfg_;
  std::string member_id_;
  std::int32_t epoch_ = 0;
  state state_ = state::idle;
  std::vector<std::string> topics_;
  std::map<std::string, protocol::uuid> ids_;
  std::vector<topic_partition> owned_;
  std::chrono::milliseconds interval_{5000};  // the coordinator's heartbeat interval
  std::uint64_t id_ = 0;                      // bumped when fenced or leaving: older answers dropped
  bool in_flight_ = false;
  std::uint64_t in_flight_id_ = 0;
  bool again_ = false;                        // something changed while a heartbeat was in flight

  std::optional<target_assignment> target_;   // what the coordinator wants us to own, not yet applied
  std::uint64_t target_seq_ = 0;
  bool reconciling_ = false;                  // a revocation is under way before applying target_
  std::vector<topic_partition> pending_revoked_, pending_added_;
  std::uint64_t pending_seq_ = 0;
  bool pending_unknown_ = false;              // the target named topic ids not known yet
  bool ids_pending_ = false;                  // need_metadata asked, metadata_refreshed not yet

  bool leave_requested_ = false;              // leave() during a revocation
  bool rejoin_at_poll_ = false;
  std::uint64_t poll_timer_id_ = 0;
  std::string reason_;
};

}  // namespace kwire::client::group
