#pragma once
// Internals of the cooperative-sticky assignor shared by sticky_assignor.cpp (claims, the
// constrained builder, the cooperative adjustment) and sticky_general.cpp (the general builder).

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <kwire/group/assignor.hpp>

namespace kwire::client::group::sticky {

using tp_list = std::vector<topic_partition>;
constexpr std::int32_t default_generation = -1;

struct member_data {
  tp_list partitions;
  std::optional<std::int32_t> generation;
};

// CooperativeStickyAssignor.memberData: the v2+ GenerationId field when present, otherwise the
// generation in the user data.
inline member_data member_data_of(const subscription& s) {
  if (s.generation_id) return {s.owned_partitions, s.generation_id};
  return {s.owned_partitions, cooperative_sticky_generation(s.user_data)};
}

inline bool contains(const tp_list& l, const topic_partition& tp) { return std::find(l.begin(), l.end(), tp) != l.end(); }
inline void remove_one(tp_list& l, const topic_partition& tp) {
  if (auto it = std::find(l.begin(), l.end(), tp); it != l.end()) l.erase(it);
}
inline bool has_topic(const std::vector<std::string>& topics, const std::string& t) {
  return std::find(topics.begin(), topics.end(), t) != topics.end();
}

struct sticky_input {
  std::vector<const member_subscription*> members;  // in Java's HashMap order
  const std::map<std::string, std::int32_t>& partitions_per_topic;
  std::int32_t total_partitions = 0;

  const member_subscription& member(const std::string& id) const {
    return **std::find_if(members.begin(), members.end(), [&](auto m) { return m->member_id == id; });
  }
};

// ---- step 1: AbstractStickyAssignor.allSubscriptionsEqual ----------------------------------

struct owned_claims {
  std::map<std::string, tp_list> owned;  // per member, after the generation rules
  std::set<topic_partition> multiple_owners;
  std::int32_t max_generation = default_generation;
  bool all_subscriptions_equal = true;
};

inline std::vector<topic_partition> all_partitions(const std::vector<std::string>& topics,
                                            const std::map<std::string, std::int32_t>& counts) {
  std::vector<topic_partition> out;
  for (const auto& t : topics)
    for (std::int32_t p = 0; p < counts.at(t); ++p) out.push_back({t, p});
  return out;
}

// Step 2b and its cooperative adjustment (sticky_general.cpp).
std::map<std::string, tp_list> build_general(const sticky_input& in, const owned_claims& claims);
std::map<topic_partition, std::string> transferring_after_general(const sticky_input& in,
                                                                  const std::map<std::string, tp_list>& assignment);

}  // namespace kwire::client::group::sticky
