#pragma once
// Client-side partition assignors of the classic group protocol: the group leader runs one on
// every member's subscription and hands each member its partitions in SyncGroup.
//
// Each gives the Java client's result for the same input (tests/interop/AssignorResults.java
// runs the Java assignors on the unit test's cases):
//   range               per topic, subscribed members sorted (static members by
//                       group.instance.id first, then the rest by member id), partitions split
//                       in consecutive ranges, the first members getting one extra;
//   roundrobin          all subscribed partitions sorted by (topic, partition), members sorted
//                       the same way, dealt out circularly, skipping members not subscribed;
//   cooperative-sticky  balanced and sticky to owned partitions (Java's AbstractStickyAssignor),
//                       and per KIP-429 a partition that changes owner is left out of this
//                       generation's assignment until its old owner has revoked it.
// The sticky assignor's result depends in a few places on the iteration order of Java HashMaps
// (which member keeps an over-quota partition, which partition moves back); java_order.hpp
// reproduces that order from the member order of the JoinGroup response, which is the order in
// which Java's ConsumerCoordinator fills its map. Rack-aware assignment is not done: Java only
// does it when partitions' replica racks are known, and the input here is partition counts.
// Java's quirks are kept so that a kwire leader and a Java leader agree: with unequal
// subscriptions a partition can go back to its previous owner (a member of an older generation)
// even if that member no longer subscribes to its topic (the member then rejoins); and a member
// with no topics that comes first in HashMap order makes Java see "all subscriptions equal".

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <kwire/group/consumer_protocol.hpp>

namespace kwire::client::group {

struct member_subscription {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // static membership (KIP-345)
  subscription sub;
};

// Member id -> its partitions, sorted by (topic, partition). Every member of the input appears,
// with an empty list when it gets nothing.
using assignment_map = std::map<std::string, std::vector<topic_partition>>;

struct assign_result {
  std::error_code ec;
  std::string detail;
  assignment_map assignment;
  explicit operator bool() const { return !ec; }
};

class assignor {
 public:
  virtual ~assignor() = default;
  // The protocol name sent in JoinGroup (Java's ConsumerPartitionAssignor.name()).
  virtual std::string_view name() const = 0;
  // Whether it supports the COOPERATIVE rebalance protocol (KIP-429): members keep what they
  // own across a rebalance and only revoke what the assignment takes away.
  virtual bool cooperative() const { return false; }
  // The user data this assignor puts in the member's subscription; `generation` is the member's
  // last generation (-1 before its first).
  virtual std::optional<bytes> subscription_user_data(std::int32_t generation) const {
    (void)generation;
    return std::nullopt;
  }

  // `members` in the order of the JoinGroup response; `partitions_per_topic` from metadata.
  // Topics nobody subscribes to, or without partitions, are left out (as Java does). Fails on a
  // duplicate member id or a negative partition count.
  assign_result assign(const std::vector<member_subscription>& members,
                       const std::map<std::string, std::int32_t>& partitions_per_topic) const;

 protected:
  // Only topics someone subscribes to, each with > 0 partitions; members already validated.
  virtual assignment_map do_assign(const std::vector<member_subscription>& members,
                                   const std::map<std::string, std::int32_t>& partitions_per_topic) const = 0;
};

class range_assignor final : public assignor {
 public:
  std::string_view name() const override { return "range"; }

 protected:
  assignment_map do_assign(const std::vector<member_subscription>&,
                           const std::map<std::string, std::int32_t>&) const override;
};

class roundrobin_assignor final : public assignor {
 public:
  std::string_view name() const override { return "roundrobin"; }

 protected:
  assignment_map do_assign(const std::vector<member_subscription>&,
                           const std::map<std::string, std::int32_t>&) const override;
};

class cooperative_sticky_assignor final : public assignor {
 public:
  std::string_view name() const override { return "cooperative-sticky"; }
  bool cooperative() const override { return true; }
  std::optional<bytes> subscription_user_data(std::int32_t generation) const override {
    return cooperative_sticky_user_data(generation);
  }

 protected:
  assignment_map do_assign(const std::vector<member_subscription>&,
                           const std::map<std::string, std::int32_t>&) const override;
};

// "range", "roundrobin", "cooperative-sticky" (the names partition.assignment.strategy takes in
// kwire); nullptr for anything else.
std::unique_ptr<assignor> make_assignor(std::string_view name);

// Members in the order a consumer sorts them for range and roundrobin (Java's MemberInfo):
// members with a group.instance.id first, by instance id, then the others by member id.
bool java_member_less(const member_subscription& a, const member_subscription& b);

}  // namespace kwire::client::group
