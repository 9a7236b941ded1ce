#pragma once
// Classic group membership (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) as a sans-I/O state
// machine: the MEMBER_ID_REQUIRED round trip (KIP-394), the leader's assignment with the first
// protocol every member supports, eager rebalances (revoke everything, then join) and
// cooperative ones (KIP-429: revoke only what moved, then join again at once), static
// membership (group.instance.id: no LeaveGroup, KIP-345), and max.poll.interval.ms (a member
// that stops polling leaves, its partitions lost, and joins again at its next poll).
//
// Driver:
//   m.subscribe(topics)                  -> actions (send JoinGroup)
//   answer to a send with id         ->  m.on_join / on_sync / on_heartbeat / on_leave(id, ec, body)
//   need_metadata                    ->  m.on_metadata(counts) with the partition counts asked
//   timer expiry                     ->  m.on_timer(kind, id)
//   revoke                           ->  commit, listener, m.revocation_done(id)
// `ec` is the transport's error (no answer); then the body is ignored.

#include <memory>
#include <set>

#include <kwire/group/assignor.hpp>
#include <kwire/group/membership.hpp>

namespace kwire::client::group {

class classic_membership {
 public:
  // `assignors` in preference order (partition.assignment.strategy), at least one.
  classic_membership(membership_config cfg, std::vector<std::unique_ptr<assignor>> assignors);

  // Join with these topics (sorted, no duplicates), or tell the group they changed.
  actions subscribe(std::vector<std::string> topics, std::map<std::string, std::int32_t> counts);
  // The subscribed topics' partition counts as the metadata says now: a change means rejoin.
  actions metadata_changed(const std::map<std::string, std::int32_t>& counts);
  // Revoke what is owned, then leave (LeaveGroup unless static). Ends with `left`.
  actions leave();
  // A commit was refused because the group moved on (REBALANCE_IN_PROGRESS and the like).
  actions rejoin(const std::string& why);
  // max.poll.interval.ms: poll_returned arms the timer, poll_started cancels it and joins again
  // when the member had left for want of polls.
  actions poll_started();
  actions poll_returned();

  actions on_join(std::uint64_t id, std::error_code ec, const protocol::join_group_response& r);
  actions on_metadata(std::uint64_t id, const std::map<std::string, std::int32_t>& counts);
  actions on_sync(std::uint64_t id, std::error_code ec, const protocol::sync_group_response& r);
  actions on_heartbeat(std::uint64_t id, std::error_code ec, const protocol::heartbeat_response& r);
  actions on_leave(std::uint64_t id, std::error_code ec);
  actions on_timer(timer_kind t, std::uint64_t id);
  actions revocation_done(std::uint64_t id);

  bool active() const { return state_ != state::idle; }
  bool joining() const { return state_ != state::idle && state_ != state::stable; }
  bool stable() const { return state_ == state::stable; }
  const std::vector<topic_partition>& assignment() const { return owned_; }
  const std::vector<std::string>& topics() const { return topics_; }
  member_identity identity() const { return {generation_, member_id_}; }
  // Why the last `rejoin` / partition loss happened, for the driver's log.
  const std::string& last_reason() const { return reason_; }

 private:
  enum class state { idle, joining, leader_assigning, syncing, revoking, stable, leaving, left_for_poll };
  enum class after_revoke { join, assign, leave };

  actions join();
  actions join_after_backoff();
  actions lose(const std::string& why);
  actions lead(const protocol::join_group_response& r);
  actions sync(std::vector<protocol::sync_group_request::sync_group_request_assignment> assignments);
  actions finish_sync();
  actions revoke(after_revoke then);
  actions send_leave();
  actions send_leave_request(bool new_form);
  actions poll_expired();
  actions failed(std::error_code ec, std::string detail);
  bool cooperative() const;

  membership_config cfg_;
  std::vector<std::unique_ptr<assignor>> assignors_;
  state state_ = state::idle;
  std::vector<std::string> topics_;
  std::map<std::string, std::int32_t> counts_;         // partitions per subscribed topic now
  std::map<std::string, std::int32_t> joined_counts_;  // partitions per subscribed topic at join
  std::vector<topic_partition> owned_;
  std::string member_id_;
  std::int32_t generation_ = -1;
  std::string protocol_name_;
  std::uint64_t id_ = 0;  // bumped by every new join / leave: older answers are dropped

  // Between sync and assignment, or a revocation and what follows it.
  std::vector<topic_partition> pending_assignment_;
  std::vector<topic_partition> pending_revoked_;
  after_revoke after_revoke_ = after_revoke::join;
  // The leader's pending sync (members, chosen assignor, lowest metadata version).
  std::vector<member_subscription> members_;
  const assignor* chosen_ = nullptr;
  std::int16_t min_version_ = consumer_protocol_max_version;
  // LeaveGroup in the v3+ form first; a broker too old for it gets the v0-2 form.
  std::string leaving_member_;
  bool leave_new_form_ = true;
  bool leave_requested_ = false;  // leave() came during a revocation
  bool rejoin_at_poll_ = false;   // left for want of polls: the next poll joins again
  std::uint64_t poll_timer_id_ = 0;
  std::string reason_;
};

}  // namespace kwire::client::group
