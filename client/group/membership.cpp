#include <kwire/group/membership.hpp>

#include <algorithm>
#include <utility>

namespace kwire::client::group {

std::vector<topic_partition> minus(const std::vector<topic_partition>& a, const std::vector<topic_partition>& b) {
  std::vector<topic_partition> out;
  for (const auto& tp : a)
    if (std::find(b.begin(), b.end(), tp) == b.end()) out.push_back(tp);
  return out;
}

action send(std::uint64_t id, group_request r) {
  action a;
  a.type = action::kind::send;
  a.id = id;
  a.request = std::move(r);
  return a;
}

action arm(timer_kind t, std::chrono::milliseconds delay, std::uint64_t id) {
  action a;
  a.type = action::kind::arm_timer;
  a.timer = t;
  a.delay = delay;
  a.id = id;
  return a;
}

action cancel(timer_kind t) {
  action a;
  a.type = action::kind::cancel_timer;
  a.timer = t;
  return a;
}

action fail(std::error_code ec, std::string detail) {
  action a;
  a.type = action::kind::fail;
  a.ec = ec;
  a.detail = std::move(detail);
  return a;
}

actions lose_all(std::vector<topic_partition>& owned) {
  if (owned.empty()) return {};
  action a;
  a.type = action::kind::lose;
  a.partitions = std::exchange(owned, {});
  return {std::move(a)};
}

}  // namespace kwire::client::group
