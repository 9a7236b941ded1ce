// cooperative-sticky, step 2b: Java's AbstractStickyAssignor.GeneralAssignmentBuilder, used when
// members subscribe to different topics (see sticky_assignor.cpp for the whole picture).

#include <algorithm>
#include <cstdlib>
#include <set>

#include <kwire/group/java_order.hpp>
#include <kwire/group/sticky_detail.hpp>

namespace kwire::client::group::sticky {

namespace {

// ---- step 2b: GeneralAssignmentBuilder -------------------------------------------------------

// Java's PartitionMovements: remembers moves per topic so that a later move in the opposite
// direction moves back the partition that came, keeping the result sticky.
class partition_movements {
 public:
  topic_partition actual_partition_to_move(const topic_partition& tp, std::string old_owner,
                                           const std::string& new_owner) const {
    const auto by_topic = by_topic_.find(tp.topic);
    if (by_topic == by_topic_.end()) return tp;
    if (const auto m = moves_.find(tp); m != moves_.end()) old_owner = m->second.first;
    const auto reverse = by_topic->second.find({new_owner, old_owner});
    if (reverse == by_topic->second.end()) return tp;
    return reverse->second.first();
  }
  void move(const topic_partition& tp, const std::string& from, const std::string& to) {
    if (const auto m = moves_.find(tp); m != moves_.end()) {
      const auto src = m->second.first;
      remove_record(tp);
      if (src != to) add_record(tp, {src, to});
    } else {
      add_record(tp, {from, to});
    }
  }

 private:
  using pair = std::pair<std::string, std::string>;  // (source, destination)
  void remove_record(const topic_partition& tp) {
    const auto p = moves_.at(tp);
    moves_.erase(tp);
    auto& topic = by_topic_.at(tp.topic);
    auto& set = topic.at(p);
    set.erase(tp);
    if (set.empty()) topic.erase(p);
    if (topic.empty()) by_topic_.erase(tp.topic);
  }
  void add_record(const topic_partition& tp, const pair& p) {
    moves_[tp] = p;
    by_topic_[tp.topic][p].insert(tp);
  }
  std::map<topic_partition, pair> moves_;
  std::map<std::string, std::map<pair, java::topic_partition_set>> by_topic_;
};

class general_builder {
 public:
  general_builder(const sticky_input& in, const owned_claims& claims) : in_(in), current_(claims.owned) {
    for (const auto& [t, n] : in.partitions_per_topic) topic_consumers_[t];
    for (const auto* m : in.members) {
      auto& topics = consumer_topics_[m->member_id];
      for (const auto& t : m->sub.topics) {
        if (!in.partitions_per_topic.count(t)) continue;
        topics.push_back(t);
        topic_consumers_[t].push_back(m->member_id);
      }
      current_[m->member_id];
    }
    for (const auto& [id, parts] : current_)
      for (const auto& tp : parts) partition_owner_[tp] = id;
    std::vector<std::string> topics;
    for (const auto& [t, n] : in.partitions_per_topic) topics.push_back(t);
    std::sort(topics.begin(), topics.end(), [&](const auto& a, const auto& b) {
      const auto na = topic_consumers_[a].size(), nb = topic_consumers_[b].size();
      return na != nb ? na < nb : a < b;
    });
    sorted_all_ = all_partitions(topics, in.partitions_per_topic);
    prev_max_generation_ = claims.max_generation;
  }

  std::map<std::string, tp_list> build() {
    std::map<topic_partition, std::pair<std::string, std::int32_t>> prev;
    prepopulate_previous(prev);
    const auto assigned = keep_owned();
    std::vector<topic_partition> unassigned;
    for (const auto& tp : sorted_all_)
      if (!assigned.count(tp)) unassigned.push_back(tp);
    for (const auto& [id, parts] : current_) sorted_add(id);
    balance(prev, unassigned);
    return current_;
  }

 private:
  // Members of an older generation than the newest: what they claimed becomes the "previous"
  // owner, used to move a partition back when that rebalances.
  void prepopulate_previous(std::map<topic_partition, std::pair<std::string, std::int32_t>>& prev) {
    auto update = [&](const tp_list& parts, const std::string& id, std::int32_t generation) {
      for (const auto& tp : parts) {
        const auto it = prev.find(tp);
        if (it == prev.end() || generation > it->second.second) prev[tp] = {id, generation};
      }
    };
    for (const auto* m : in_.members) {
      const auto data = member_data_of(m->sub);
      if (data.generation && *data.generation < prev_max_generation_) update(data.partitions, m->member_id, *data.generation);
      else if (!data.generation && prev_max_generation_ > default_generation)
        update(data.partitions, m->member_id, default_generation);
    }
  }

  std::set<topic_partition> keep_owned() {
    std::set<topic_partition> assigned;
    for (auto& [id, parts] : current_) {
      const auto& topics = in_.member(id).sub.topics;
      for (auto it = parts.begin(); it != parts.end();) {
        if (!topic_consumers_.count(it->topic)) {
          partition_owner_.erase(*it);
          it = parts.erase(it);
        } else if (!has_topic(topics, it->topic)) {
          it = parts.erase(it);
          revocation_required_ = true;
        } else {
          assigned.insert(*it);
          ++it;
        }
      }
    }
    return assigned;
  }

  std::size_t size_of(const std::string& id) const { return current_.at(id).size(); }
  void sorted_add(const std::string& id) { sorted_.insert({size_of(id), id}); }
  void sorted_remove(const std::string& id) { sorted_.erase({size_of(id), id}); }

  std::size_t max_assignment_size(const std::vector<std::string>& topics) const {
    if (topics.size() == in_.partitions_per_topic.size()) return static_cast<std::size_t>(in_.total_partitions);
    std::size_t n = 0;
    for (const auto& t : topics) n += static_cast<std::size_t>(in_.partitions_per_topic.at(t));
    return n;
  }
  bool topic_can_move(const std::string& t) const { return topic_consumers_.at(t).size() >= 2; }
  bool consumer_can_move(const std::string& id) const {
    const auto& parts = current_.at(id);
    if (parts.size() < max_assignment_size(consumer_topics_.at(id))) return true;
    return std::any_of(parts.begin(), parts.end(), [&](const auto& tp) { return topic_can_move(tp.topic); });
  }

  bool is_balanced() const {
    if (sorted_.empty()) return true;
    const auto min = size_of(sorted_.begin()->second);
    const auto max = size_of(sorted_.rbegin()->second);
    if (min + 1 >= max) return true;
    std::map<topic_partition, std::string> owner;
    for (const auto& [id, parts] : current_)
      for (const auto& tp : parts) owner.emplace(tp, id);
    for (const auto& [n, id] : sorted_) {
      const auto count = size_of(id);
      const auto& topics = consumer_topics_.at(id);
      if (count == max_assignment_size(topics)) continue;
      for (const auto& t : topics) {
        for (std::int32_t p = 0; p < in_.partitions_per_topic.at(t); ++p) {
          const topic_partition tp{t, p};
          if (contains(current_.at(id), tp)) continue;
          const auto o = owner.find(tp);
          if (o == owner.end()) continue;  // held by a member outside the reassignment
          if (count + 1 < size_of(o->second)) return false;
        }
      }
    }
    return true;
  }

  static long balance_score(const std::map<std::string, tp_list>& a) {
    long score = 0;
    for (auto i = a.begin(); i != a.end(); ++i)
      for (auto j = std::next(i); j != a.end(); ++j)
        score += std::labs(static_cast<long>(i->second.size()) - static_cast<long>(j->second.size()));
    return score;
  }

  void assign_unassigned(const std::vector<topic_partition>& unassigned) {
    for (const auto& tp : unassigned) {
      if (topic_consumers_.at(tp.topic).empty()) continue;
      for (const auto& [n, id] : sorted_) {
        if (!has_topic(consumer_topics_.at(id), tp.topic)) continue;
        const auto chosen = id;  // the set entry is about to be replaced
        sorted_remove(chosen);
        current_[chosen].push_back(tp);
        partition_owner_[tp] = chosen;
        sorted_add(chosen);
        break;
      }
    }
  }

  void move_partition(const topic_partition& tp, const std::string& to) {
    const auto from = partition_owner_.at(tp);
    sorted_remove(from);
    sorted_remove(to);
    movements_.move(tp, from, to);
    remove_one(current_[from], tp);
    current_[to].push_back(tp);
    partition_owner_[tp] = to;
    sorted_add(to);
    sorted_add(from);
  }
  void reassign(const topic_partition& tp, const std::string& to) {
    move_partition(movements_.actual_partition_to_move(tp, partition_owner_.at(tp), to), to);
  }
  void reassign(const topic_partition& tp) {
    for (const auto& [n, id] : sorted_) {
      if (has_topic(consumer_topics_.at(id), tp.topic)) {
        const auto to = id;
        return reassign(tp, to);
      }
    }
  }

  bool perform_reassignments(const std::vector<topic_partition>& partitions,
                             const std::map<topic_partition, std::pair<std::string, std::int32_t>>& prev) {
    bool performed = false;
    bool modified;
    do {
      modified = false;
      for (auto it = partitions.begin(); it != partitions.end() && !is_balanced(); ++it) {
        const auto& tp = *it;
        const auto owner = partition_owner_.find(tp);
        if (owner == partition_owner_.end() || !current_.count(owner->second)) continue;
        const auto consumer = owner->second;
        if (const auto p = prev.find(tp); p != prev.end() && current_.count(p->second.first) &&
                                          size_of(consumer) > size_of(p->second.first) + 1) {
          reassign(tp, p->second.first);
          performed = modified = true;
          continue;
        }
        for (const auto& other : topic_consumers_.at(tp.topic)) {
          if (current_.count(other) && size_of(consumer) > size_of(other) + 1) {
            reassign(tp);
            performed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return performed;
  }

  void balance(const std::map<topic_partition, std::pair<std::string, std::int32_t>>& prev,
               std::vector<topic_partition> unassigned) {
    const bool initializing = sorted_.empty() || current_.at(sorted_.rbegin()->second).empty();
    assign_unassigned(unassigned);

    std::set<topic_partition> fixed_partitions;
    for (const auto& [t, consumers] : topic_consumers_)
      if (!topic_can_move(t))
        for (std::int32_t p = 0; p < in_.partitions_per_topic.at(t); ++p) fixed_partitions.insert({t, p});
    auto sorted_all = sorted_all_;
    std::erase_if(sorted_all, [&](const auto& tp) { return fixed_partitions.count(tp) > 0; });
    std::erase_if(unassigned, [&](const auto& tp) { return fixed_partitions.count(tp) > 0; });

    std::map<std::string, tp_list> fixed_assignments;
    for (const auto& [id, topics] : consumer_topics_) {
      if (consumer_can_move(id)) continue;
      sorted_remove(id);
      fixed_assignments[id] = std::move(current_.at(id));
      current_.erase(id);
    }

    const auto pre_balance = current_;
    const auto pre_balance_owners = partition_owner_;
    if (!revocation_required_) perform_reassignments(unassigned, prev);
    const bool performed = perform_reassignments(sorted_all, prev);
    if (!initializing && performed && balance_score(current_) >= balance_score(pre_balance)) {
      current_ = pre_balance;
      partition_owner_ = pre_balance_owners;
    }
    for (auto& [id, parts] : fixed_assignments) current_[id] = std::move(parts);
  }

  const sticky_input& in_;
  std::map<std::string, tp_list> current_;
  std::map<std::string, std::vector<std::string>> topic_consumers_;
  std::map<std::string, std::vector<std::string>> consumer_topics_;
  std::map<topic_partition, std::string> partition_owner_;
  std::vector<topic_partition> sorted_all_;
  std::set<std::pair<std::size_t, std::string>> sorted_;  // Java's TreeSet by (size, member id)
  partition_movements movements_;
  bool revocation_required_ = false;
  std::int32_t prev_max_generation_ = default_generation;
};

}  // namespace

std::map<std::string, tp_list> build_general(const sticky_input& in, const owned_claims& claims) {
  return general_builder(in, claims).build();
}

// CooperativeStickyAssignor.computePartitionsTransferringOwnership (general builder only):
// partitions newly assigned to one member that another member's subscription says it owns.
std::map<topic_partition, std::string> transferring_after_general(const sticky_input& in,
                                                                  const std::map<std::string, tp_list>& assignment) {
  std::map<topic_partition, std::string> added;
  std::set<topic_partition> revoked;
  for (const auto& [id, assigned] : assignment) {
    const auto& owned = in.member(id).sub.owned_partitions;
    for (const auto& tp : assigned)
      if (!contains(owned, tp)) added[tp] = id;
    for (const auto& tp : owned)
      if (!contains(assigned, tp)) revoked.insert(tp);
  }
  std::erase_if(added, [&](const auto& e) { return !revoked.count(e.first); });
  return added;
}

}  // namespace kwire::client::group::sticky
