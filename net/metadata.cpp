#include <kwire/net/metadata.hpp>

#include <algorithm>
#include <set>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::net {

const partition_info* topic_info::partition(std::int32_t p) const {
  auto it = std::lower_bound(partitions.begin(), partitions.end(), p,
                             [](const partition_info& x, std::int32_t v) { return x.partition < v; });
  return it != partitions.end() && it->partition == p ? &*it : nullptr;
}

const broker_info* metadata_view::broker(std::int32_t node_id) const {
  auto it = brokers.find(node_id);
  return it == brokers.end() ? nullptr : &it->second;
}

const topic_info* metadata_view::topic(const std::string& name) const {
  auto it = topics.find(name);
  return it == topics.end() ? nullptr : &it->second;
}

const partition_info* metadata_view::partition(const std::string& t, std::int32_t p) const {
  const auto* ti = topic(t);
  return ti ? ti->partition(p) : nullptr;
}

const char* to_string(coordinator_type t) {
  switch (t) {
    case coordinator_type::group: return "group";
    case coordinator_type::transaction: return "transaction";
    case coordinator_type::share: return "share";
  }
  return "unknown";
}

bool invalidates_metadata(std::error_code ec) {
  if (ec.category() != broker_category()) return false;
  switch (static_cast<broker_errc>(ec.value())) {
    case broker_errc::not_leader_or_follower:
    case broker_errc::unknown_topic_or_partition:
    case broker_errc::leader_not_available:
    case broker_errc::fenced_leader_epoch:
    case broker_errc::unknown_leader_epoch:
    case broker_errc::kafka_storage_error:
    case broker_errc::replica_not_available:
    case broker_errc::unknown_topic_id:
    case broker_errc::inconsistent_topic_id:
      return true;
    default:
      return false;
  }
}

cluster_metadata::cluster_metadata(std::chrono::milliseconds max_age, std::chrono::milliseconds retry_backoff)
    : max_age_(max_age), retry_backoff_(retry_backoff), view_(std::make_shared<metadata_view>()) {}

protocol::metadata_request cluster_metadata::make_request(const std::vector<std::string>& topics) {
  protocol::metadata_request req;
  if (topics.empty()) {
    req.topics.reset();  // null: every topic (v1+)
  } else {
    req.topics.emplace();
    for (const auto& t : topics) {
      protocol::metadata_request::topic rt;
      rt.name = t;
      req.topics->push_back(std::move(rt));
    }
  }
  req.allow_auto_topic_creation = false;
  return req;
}

// Copy on write: snapshots already handed out never change under their holders.
std::shared_ptr<metadata_view> cluster_metadata::mutable_view() {
  auto copy = std::make_shared<metadata_view>(*view_);
  view_ = copy;
  return copy;
}

namespace {

partition_info from_response(const protocol::metadata_response::partition& p) {
  partition_info out;
  out.partition = p.partition_index;
  out.leader = p.leader_id;
  out.leader_epoch = p.leader_epoch;
  out.replicas = p.replica_nodes;
  out.isr = p.isr_nodes;
  out.offline = p.offline_replicas;
  out.error_code = p.error_code;
  return out;
}

}  // namespace

metadata_changes cluster_metadata::apply(const protocol::metadata_response& resp, std::int16_t version,
                                         const std::vector<std::string>& requested, clock::time_point now) {
  metadata_changes changes;
  if (resp.error_code != 0) {  // e.g. REBOOTSTRAP_REQUIRED (KIP-1102): the answer carries nothing
    changes.error = static_cast<broker_errc>(resp.error_code);
    changes.detail = "Metadata v" + std::to_string(version) + " answered " +
                     std::string(error_name(static_cast<broker_errc>(resp.error_code)));
    on_refresh_failed(now);
    return changes;
  }
  const bool trust_epochs = version >= 9;
  auto next = std::make_shared<metadata_view>();
  const metadata_view& prev = *view_;

  next->cluster_id = resp.cluster_id;
  next->controller_id = resp.controller_id;
  // Every response lists every live broker.
  for (const auto& b : resp.brokers) {
    broker_info bi{b.node_id, b.host, b.port, b.rack};
    if (const auto* old = prev.broker(b.node_id)) {
      if (old->host != bi.host || old->port != bi.port) changes.brokers_moved.push_back(b.node_id);
    } else {
      changes.brokers_added.push_back(b.node_id);
    }
    next->brokers[b.node_id] = std::move(bi);
  }
  for (const auto& [id, b] : prev.brokers)
    if (!next->brokers.count(id)) changes.brokers_removed.push_back(id);

  // A partial answer leaves the topics it was not asked about as they were.
  const bool full = requested.empty();
  if (!full) next->topics = prev.topics;
  std::set<std::string> seen;
  for (const auto& t : resp.topics) {
    if (!t.name) continue;  // v12+ may omit names only when asked by id, which we never do
    seen.insert(*t.name);
    topic_info ti;
    ti.name = *t.name;
    ti.id = t.topic_id;
    ti.internal = t.is_internal;
    ti.error_code = t.error_code;
    const topic_info* old = prev.topic(ti.name);
    // A topic deleted and created again under the same name gets a new id and starts its
    // epochs over: the old epochs say nothing about it.
    const bool same_topic = old && (old->id.is_zero() || ti.id.is_zero() || old->id == ti.id);
    for (const auto& p : t.partitions) {
      partition_info pi = from_response(p);
      const partition_info* op = same_topic ? old->partition(pi.partition) : nullptr;
      if (op && trust_epochs && pi.leader_epoch >= 0 && op->leader_epoch > pi.leader_epoch) {
        changes.stale_ignored.emplace_back(ti.name, pi.partition);
        ti.partitions.push_back(*op);
        continue;
      }
      if (!op || op->leader != pi.leader || op->leader_epoch != pi.leader_epoch)
        changes.leaders_changed.emplace_back(ti.name, pi.partition);
      ti.partitions.push_back(std::move(pi));
    }
    std::sort(ti.partitions.begin(), ti.partitions.end(),
              [](const partition_info& a, const partition_info& b) { return a.partition < b.partition; });
    // A topic error (e.g. LEADER_NOT_AVAILABLE while it is being created) comes with no
    // partitions; keep what we knew so routing does not lose the topic over a transient error.
    if (ti.error_code != 0 && ti.partitions.empty() && same_topic &&
        ti.error_code != static_cast<std::int16_t>(broker_errc::unknown_topic_or_partition))
      ti.partitions = old->partitions;
    next->topics[ti.name] = std::move(ti);
  }
  if (full)
    for (const auto& [name, t] : prev.topics)
      if (!seen.count(name)) changes.topics_removed.push_back(name);

  // Ask again soon when the answer is incomplete: a partition without a leader, or a topic
  // that is still being created. A stale answer came from a lagging broker: ask again too.
  bool incomplete = !changes.stale_ignored.empty();
  for (const auto& name : seen) {
    const auto& t = next->topics[name];
    if (t.error_code != 0 && t.error_code != static_cast<std::int16_t>(broker_errc::unknown_topic_or_partition) &&
        is_retriable(static_cast<broker_errc>(t.error_code)))
      incomplete = true;
    for (const auto& p : t.partitions)
      if (p.leader < 0) incomplete = true;
  }

  view_ = std::move(next);
  ++updates_;
  last_success_ = now;
  last_attempt_ = now;
  refresh_requested_ = incomplete;
  incomplete_answers_ = incomplete ? incomplete_answers_ + 1 : 0;
  // Coordinators on brokers that left are forgotten; moved ones follow the new address.
  for (auto it = coordinators_.begin(); it != coordinators_.end();) {
    const auto* b = view_->broker(it->second.node_id);
    if (!b) {
      it = coordinators_.erase(it);
    } else {
      it->second = *b;
      ++it;
    }
  }
  return changes;
}

route cluster_metadata::leader_for(const std::string& topic, std::int32_t partition) const {
  route r;
  const auto* t = view_->topic(topic);
  if (!t) {
    r.ec = broker_errc::unknown_topic_or_partition;
    r.detail = "topic '" + topic + "' is not in the metadata";
    return r;
  }
  if (t->error_code != 0 && t->partitions.empty()) {
    r.ec = static_cast<broker_errc>(t->error_code);
    r.detail = "topic '" + topic + "': " + std::string(error_name(static_cast<broker_errc>(t->error_code)));
    return r;
  }
  const auto* p = t->partition(partition);
  if (!p) {
    r.ec = broker_errc::unknown_topic_or_partition;
    r.detail = "topic '" + topic + "' has no partition " + std::to_string(partition) + " (it has " +
               std::to_string(t->partitions.size()) + ")";
    return r;
  }
  if (p->leader < 0 || !view_->broker(p->leader)) {
    r.ec = broker_errc::leader_not_available;
    r.detail = topic + "-" + std::to_string(partition) + " has no known leader" +
               (p->leader >= 0 ? " (node " + std::to_string(p->leader) + " is not among the brokers)" : "");
    return r;
  }
  r.node_id = p->leader;
  r.leader_epoch = p->leader_epoch;
  return r;
}

bool cluster_metadata::on_partition_error(const std::string& topic, std::int32_t partition, std::error_code ec) {
  if (!invalidates_metadata(ec)) return false;
  refresh_requested_ = true;
  if (view_->partition(topic, partition)) {
    auto v = mutable_view();
    auto& parts = v->topics[topic].partitions;
    for (auto& p : parts)
      if (p.partition == partition) p.leader = -1;  // the epoch stays: it still orders answers
  }
  return true;
}

bool cluster_metadata::on_leader_epoch_seen(const std::string& topic, std::int32_t partition, std::int32_t epoch) {
  const auto* p = view_->partition(topic, partition);
  if (!p || epoch <= p->leader_epoch) return false;
  refresh_requested_ = true;
  return true;
}

cluster_metadata::clock::time_point cluster_metadata::next_refresh(clock::time_point now) const {
  if (updates_ == 0) return now;
  if (refresh_requested_) {
    auto wait = retry_backoff_;
    for (int i = 1; i < incomplete_answers_ && wait < max_age_; ++i) wait *= 2;
    return std::max(now, last_attempt_ + std::min(wait, max_age_));
  }
  return last_success_ + max_age_;
}

void cluster_metadata::set_coordinator(coordinator_type t, const std::string& key, const broker_info& node) {
  coordinators_[{t, key}] = node;
}

const broker_info* cluster_metadata::coordinator(coordinator_type t, const std::string& key) const {
  auto it = coordinators_.find({t, key});
  return it == coordinators_.end() ? nullptr : &it->second;
}

void cluster_metadata::forget_coordinator(coordinator_type t, const std::string& key) {
  coordinators_.erase({t, key});
}

}  // namespace kwire::net
