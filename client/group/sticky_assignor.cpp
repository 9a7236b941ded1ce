// cooperative-sticky: the Java client's AbstractStickyAssignor + CooperativeStickyAssignor, step
// for step (the facts were read from kafka-clients 4.3.1; the tests compare with its results).
//
// 1. Owned partitions are taken from each member's subscription, with the generation rules for
//    conflicting claims: a higher generation wins; two claims in the same generation both lose
//    the partition (and whoever gets it next must wait for its revocation).
// 2. When every member subscribes to the same topics, the "constrained" builder keeps owned
//    partitions up to the quota (floor/ceil of partitions/members) and deals the rest out
//    round-robin; otherwise the "general" builder keeps what is still valid, gives unassigned
//    partitions to the least-loaded eligible member, then moves partitions until balanced.
// 3. Cooperative (KIP-429): a partition assigned to a member other than the one that owns it
//    now is left out of this round; its owner revokes it, rejoins, and the next round assigns it.


#include <algorithm>
#include <list>
#include <set>

#include <kwire/group/assignor.hpp>
#include <kwire/group/java_order.hpp>
#include <kwire/group/sticky_detail.hpp>

namespace kwire::client::group {

namespace sticky {
namespace {

owned_claims collect_owned(const sticky_input& in) {
  owned_claims c;
  std::set<std::string> subscribed;  // Java fills it from the first member with any topics
  std::map<topic_partition, std::string> owner;
  for (const auto* m : in.members) {
    const auto& topics = m->sub.topics;
    if (subscribed.empty()) {
      subscribed.insert(topics.begin(), topics.end());
    } else if (c.all_subscriptions_equal &&
               !(topics.size() == subscribed.size() &&
                 std::all_of(topics.begin(), topics.end(), [&](const auto& t) { return subscribed.count(t) > 0; }))) {
      c.all_subscriptions_equal = false;
    }
    const auto data = member_data_of(m->sub);
    const auto generation = data.generation.value_or(default_generation);
    c.max_generation = std::max(c.max_generation, generation);
    auto& mine = c.owned[m->member_id];
    for (const auto& tp : data.partitions) {
      if (!in.partitions_per_topic.count(tp.topic)) continue;
      const auto it = owner.find(tp);
      if (it == owner.end()) {
        mine.push_back(tp);
        owner.emplace(tp, m->member_id);
        continue;
      }
      // Java compares with the other claimant's subscription GenerationId (not its user data).
      const auto other_generation = in.member(it->second).sub.generation_id.value_or(default_generation);
      if (generation == other_generation) {
        c.multiple_owners.insert(tp);
        remove_one(c.owned[it->second], tp);
        it->second = m->member_id;
      } else if (generation > other_generation) {
        mine.push_back(tp);
        remove_one(c.owned[it->second], tp);
        it->second = m->member_id;
      }
    }
  }
  return c;
}

// ---- step 2a: ConstrainedAssignmentBuilder ---------------------------------------------------

struct constrained_result {
  std::map<std::string, tp_list> assignment;
  std::map<topic_partition, std::string> transferring;
};

constrained_result build_constrained(const sticky_input& in, const owned_claims& claims) {
  constrained_result r;
  const auto members = static_cast<std::int32_t>(in.members.size());
  const auto min_quota = in.total_partitions / members;
  const auto max_quota = (in.total_partitions + members - 1) / members;
  const auto expected_over = in.total_partitions % members;
  std::int32_t current_over = 0;
  std::map<topic_partition, std::string> maybe_revoked;
  std::list<std::string> under;
  std::list<std::string> exact;
  std::set<topic_partition> assigned;
  for (const auto* m : in.members) r.assignment[m->member_id];

  for (const auto* m : in.members) {  // HashMap order decides who keeps maxQuota
    const auto& id = m->member_id;
    auto owned = claims.owned.at(id);
    std::stable_sort(owned.begin(), owned.end(), [](const auto& a, const auto& b) {
      return a.partition != b.partition ? a.partition < b.partition : a.topic < b.topic;
    });
    for (const auto& tp : claims.multiple_owners) remove_one(owned, tp);
    auto& mine = r.assignment[id];
    const auto size = static_cast<std::int32_t>(owned.size());
    auto keep = [&](std::int32_t n) {
      mine.insert(mine.end(), owned.begin(), owned.begin() + n);
      assigned.insert(owned.begin(), owned.begin() + n);
      for (auto it = owned.begin() + n; it != owned.end(); ++it) maybe_revoked[*it] = id;
    };
    if (size < min_quota) {
      keep(size);
      under.push_back(id);
    } else if (size >= max_quota && current_over < expected_over) {
      if (++current_over == expected_over) exact.clear();
      keep(max_quota);
    } else {
      keep(min_quota);
      if (current_over < expected_over) exact.push_back(id);
    }
  }

  std::vector<std::string> topics;
  for (const auto& [t, n] : in.partitions_per_topic) topics.push_back(t);
  std::vector<topic_partition> unassigned;
  for (const auto& tp : all_partitions(topics, in.partitions_per_topic))
    if (!assigned.count(tp)) unassigned.push_back(tp);

  under.sort();
  exact.sort();
  auto assign_new = [&](const topic_partition& tp, const std::string& id) {
    auto& mine = r.assignment[id];
    mine.push_back(tp);
    const auto prev = maybe_revoked.find(tp);
    if ((prev != maybe_revoked.end() && prev->second != id) || claims.multiple_owners.count(tp)) r.transferring[tp] = id;
    return static_cast<std::int32_t>(mine.size());
  };
  // Java's assignRoundRobin, with its iterator over the under-quota members.
  auto it = under.begin();
  auto last = under.end();
  for (const auto& tp : unassigned) {
    std::string id;
    if (it != under.end()) {
      last = it++;
      id = *last;
    } else if (under.empty() && exact.empty()) {
      break;  // Java throws here; the quotas make it unreachable
    } else if (under.empty()) {
      id = exact.front();
      exact.pop_front();
    } else {
      it = under.begin();
      last = it++;
      id = *last;
    }
    const auto count = assign_new(tp, id);
    if (count == min_quota) {
      under.erase(last);
      exact.push_back(id);
    } else if (count == max_quota) {
      ++current_over;
    }
  }
  return r;
}

}  // namespace
}  // namespace sticky

assignment_map cooperative_sticky_assignor::do_assign(const std::vector<member_subscription>& members,
                                                      const std::map<std::string, std::int32_t>& partitions_per_topic) const {
  using namespace sticky;
  if (members.empty()) return {};
  sticky_input in{{}, partitions_per_topic, 0};
  std::vector<std::int32_t> hashes;
  for (const auto& m : members) hashes.push_back(java::string_hash(m.member_id));
  for (auto i : java::iteration_order(hashes)) in.members.push_back(&members[i]);
  for (const auto& [t, n] : partitions_per_topic) in.total_partitions += n;

  const auto claims = collect_owned(in);
  std::map<std::string, tp_list> assignment;
  std::map<topic_partition, std::string> transferring;
  if (claims.all_subscriptions_equal) {
    auto r = build_constrained(in, claims);
    assignment = std::move(r.assignment);
    transferring = std::move(r.transferring);
  } else {
    assignment = build_general(in, claims);
    transferring = transferring_after_general(in, assignment);
  }
  for (const auto& [tp, id] : transferring) remove_one(assignment[id], tp);
  return {assignment.begin(), assignment.end()};
}

}  // namespace kwire::client::group
