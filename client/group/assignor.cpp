#include <kwire/group/assignor.hpp>

#include <algorithm>
#include <set>

namespace kwire::client::group {

bool java_member_less(const member_subscription& a, const member_subscription& b) {
  if (a.group_instance_id && b.group_instance_id) return *a.group_instance_id < *b.group_instance_id;
  if (a.group_instance_id || b.group_instance_id) return a.group_instance_id.has_value();
  return a.member_id < b.member_id;
}

assign_result assignor::assign(const std::vector<member_subscription>& members,
                               const std::map<std::string, std::int32_t>& partitions_per_topic) const {
  assign_result out;
  std::set<std::string> ids;
  for (const auto& m : members) {
    if (!ids.insert(m.member_id).second) {
      out.ec = client_errc::invalid_value;
      out.detail = std::string(name()) + " assignor: member id \"" + m.member_id + "\" appears twice";
      return out;
    }
  }
  // Java (AbstractPartitionAssignor.assign) keeps the topics some member subscribes to and for
  // which metadata has partitions; the others are skipped, not an error.
  std::map<std::string, std::int32_t> topics;
  for (const auto& m : members) {
    for (const auto& t : m.sub.topics) {
      const auto it = partitions_per_topic.find(t);
      if (it == partitions_per_topic.end()) continue;
      if (it->second < 0) {
        out.ec = client_errc::invalid_value;
        out.detail = std::string(name()) + " assignor: topic \"" + t + "\" has a negative partition count (" +
                     std::to_string(it->second) + ")";
        return out;
      }
      if (it->second > 0) topics.emplace(t, it->second);
    }
  }
  out.assignment = do_assign(members, topics);
  for (const auto& m : members) out.assignment[m.member_id];  // everyone gets an entry
  for (auto& [id, parts] : out.assignment) std::sort(parts.begin(), parts.end());
  return out;
}

namespace {

bool subscribes(const member_subscription& m, const std::string& topic) {
  return std::find(m.sub.topics.begin(), m.sub.topics.end(), topic) != m.sub.topics.end();
}

std::vector<const member_subscription*> sorted_members(const std::vector<member_subscription>& members) {
  std::vector<const member_subscription*> out;
  for (const auto& m : members) out.push_back(&m);
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return java_member_less(*a, *b); });
  return out;
}

}  // namespace

assignment_map range_assignor::do_assign(const std::vector<member_subscription>& members,
                                         const std::map<std::string, std::int32_t>& partitions_per_topic) const {
  assignment_map out;
  const auto sorted = sorted_members(members);
  for (const auto& [topic, count] : partitions_per_topic) {
    std::vector<const member_subscription*> consumers;
    for (auto m : sorted)
      if (subscribes(*m, topic)) consumers.push_back(m);
    if (consumers.empty()) continue;
    const auto n = static_cast<std::int32_t>(consumers.size());
    const auto per = count / n;
    const auto extra = count % n;
    for (std::int32_t i = 0; i < n; ++i) {
      const auto start = per * i + std::min(i, extra);
      const auto length = per + (i < extra ? 1 : 0);
      auto& parts = out[consumers[static_cast<std::size_t>(i)]->member_id];
      for (std::int32_t p = start; p < start + length; ++p) parts.push_back({topic, p});
    }
  }
  return out;
}

assignment_map roundrobin_assignor::do_assign(const std::vector<member_subscription>& members,
                                              const std::map<std::string, std::int32_t>& partitions_per_topic) const {
  assignment_map out;
  const auto sorted = sorted_members(members);
  if (sorted.empty()) return out;
  std::size_t next = 0;  // Java's CircularIterator over the sorted members
  for (const auto& [topic, count] : partitions_per_topic) {  // std::map: topics in sorted order
    for (std::int32_t p = 0; p < count; ++p) {
      // Some member subscribes to every topic here, so this ends within one turn.
      while (!subscribes(*sorted[next], topic)) next = (next + 1) % sorted.size();
      out[sorted[next]->member_id].push_back({topic, p});
      next = (next + 1) % sorted.size();
    }
  }
  return out;
}

std::unique_ptr<assignor> make_assignor(std::string_view name) {
  if (name == "range") return std::make_unique<range_assignor>();
  if (name == "roundrobin") return std::make_unique<roundrobin_assignor>();
  if (name == "cooperative-sticky") return std::make_unique<cooperative_sticky_assignor>();
  return nullptr;
}

}  // namespace kwire::client::group
