#include <kwire/consumer/offsets.hpp>

#include <boost/asio/steady_timer.hpp>

#include <kwire/net/cluster.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

std::string to_string(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

namespace {

std::error_code broker_error(std::int16_t code) { return make_error_code(static_cast<broker_errc>(code)); }

protocol::uuid topic_id(const net::metadata_view& md, const std::string& topic) {
  const auto* t = md.topic(topic);
  return t ? t->id : protocol::uuid{};
}

// A response topic named by id (v10+ OffsetFetch/OffsetCommit) or by name.
std::optional<std::string> topic_name(const net::metadata_view& md, const std::string& name, const protocol::uuid& id) {
  if (!name.empty() || id.is_zero()) return name;
  for (const auto& [n, t] : md.topics)
    if (t.id == id) return n;
  return std::nullopt;
}

}  // namespace

// ---- sans-I/O -----------------------------------------------------------------------------

std::map<std::int32_t, protocol::list_offsets_request> plan_list_offsets(
    const net::metadata_view& md, const std::map<topic_partition, std::int64_t>& timestamps, isolation level,
    std::vector<topic_partition>& no_leader) {
  std::map<std::int32_t, protocol::list_offsets_request> out;
  for (const auto& [tp, ts] : timestamps) {
    const auto* p = md.partition(tp.topic, tp.partition);
    if (!p || p->leader < 0) {
      no_leader.push_back(tp);
      continue;
    }
    auto& req = out[p->leader];
    req.replica_id = -1;
    req.isolation_level = level == isolation::read_committed ? 1 : 0;
    if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.push_back({tp.topic, {}, {}});
    protocol::list_offsets_request::list_offsets_partition part;
    part.partition_index = tp.partition;
    part.current_leader_epoch = p->leader_epoch;
    part.timestamp = ts;
    req.topics.back().partitions.push_back(part);
  }
  return out;
}

void read_list_offsets(const protocol::list_offsets_response& resp, offset_lookups& out) {
  for (const auto& t : resp.topics)
    for (const auto& p : t.partitions) {
      offset_lookup l;
      l.offset = p.offset;
      l.timestamp = p.timestamp;
      l.leader_epoch = p.leader_epoch;
      if (p.error_code != 0) {
        l.ec = broker_error(p.error_code);
        l.detail = "ListOffsets " + t.name + "-" + std::to_string(p.partition_index) + ": " + error_text(p.error_code);
      } else if (p.offset < 0 && !p.old_style_offsets.empty()) {
        l.offset = p.old_style_offsets.front();  // v0
      }
      out[{t.name, p.partition_index}] = std::move(l);
    }
}

protocol::offset_fetch_request make_offset_fetch(const std::string& group_id,
                                                 const std::optional<std::vector<topic_partition>>& partitions,
                                                 const net::metadata_view& md, bool new_form) {
  protocol::offset_fetch_request req;
  if (!new_form) {
    req.group_id = group_id;
    if (!partitions) {
      req.topics.reset();
    } else {
      for (const auto& tp : *partitions) {
        if (req.topics->empty() || req.topics->back().name != tp.topic) req.topics->push_back({tp.topic, {}, {}});
        req.topics->back().partition_indexes.push_back(tp.partition);
      }
    }
    return req;
  }
  protocol::offset_fetch_request::offset_fetch_request_group g;
  g.group_id = group_id;
  if (!partitions) {
    g.topics.reset();
  } else {
    for (const auto& tp : *partitions) {
      if (g.topics->empty() || g.topics->back().name != tp.topic) {
        protocol::offset_fetch_request::offset_fetch_request_topics t;
        t.name = tp.topic;
        t.topic_id = topic_id(md, tp.topic);
        g.topics->push_back(std::move(t));
      }
      g.topics->back().partition_indexes.push_back(tp.partition);
    }
  }
  req.groups.push_back(std::move(g));
  return req;
}

read_result read_offset_fetch(const protocol::offset_fetch_response& resp, const net::metadata_view& md,
                              committed_offsets& out) {
  auto one = [&](const std::string& topic, std::int32_t partition, std::int64_t offset, std::int32_t epoch,
                 const std::optional<std::string>& metadata, std::int16_t error) -> read_result {
    if (error != 0)
      return {broker_error(error), "OffsetFetch " + topic + "-" + std::to_string(partition) + ": " + error_text(error)};
    out[{topic, partition}] = committed_offset{offset, epoch, metadata};
    return {};
  };
  if (resp.groups.empty()) {  // v0-7
    if (resp.error_code != 0) return {broker_error(resp.error_code), "OffsetFetch: " + error_text(resp.error_code)};
    for (const auto& t : resp.topics)
      for (const auto& p : t.partitions)
        if (auto r = one(t.name, p.partition_index, p.committed_offset, p.committed_leader_epoch, p.metadata,
                         p.error_code);
            !r)
          return r;
    return {};
  }
  for (const auto& g : resp.groups) {
    if (g.error_code != 0)
      return {broker_error(g.error_code), "OffsetFetch for group " + g.group_id + ": " + error_text(g.error_code)};
    for (const auto& t : g.topics) {
      const auto name = topic_name(md, t.name, t.topic_id);
      if (!name)
        return {make_error_code(client_errc::invalid_value),
                "OffsetFetch for group " + g.group_id + " names a topic id the metadata does not know"};
      for (const auto& p : t.partitions)
        if (auto r = one(*name, p.partition_index, p.committed_offset, p.committed_leader_epoch, p.metadata,
                         p.error_code);
            !r)
          return r;
    }
  }
  return {};
}

protocol::offset_commit_request make_offset_commit(const commit_identity& who, const offsets_to_commit& offsets,
                                                   const net::metadata_view& md) {
  protocol::offset_commit_request req;
  req.group_id = who.group_id;
  req.generation_id_or_member_epoch = who.generation;
  req.member_id = who.member_id;
  req.group_instance_id = who.group_instance_id;
  for (const auto& [tp, o] : offsets) {
    if (req.topics.empty() || req.topics.back().name != tp.topic) {
      protocol::offset_commit_request::offset_commit_request_topic t;
      t.name = tp.topic;
      t.topic_id = topic_id(md, tp.topic);
      req.topics.push_back(std::move(t));
    }
    protocol::offset_commit_request::offset_commit_request_partition p;
    p.partition_index = tp.partition;
    p.committed_offset = o.offset;
    p.committed_leader_epoch = o.leader_epoch;
    p.committed_metadata = o.metadata;
    req.topics.back().partitions.push_back(std::move(p));
  }
  return req;
}

read_result read_offset_commit(const protocol::offset_commit_response& resp, const net::metadata_view& md) {
  for (const auto& t : resp.topics)
    for (const auto& p : t.partitions)
      if (p.error_code != 0) {
        const auto name = topic_name(md, t.name, t.topic_id).value_or("(unknown topic id)");
        return {broker_error(p.error_code),
                "OffsetCommit " + name + "-" + std::to_string(p.partition_index) + ": " + error_text(p.error_code)};
      }
  return {};
}

// ---- over the cluster ---------------------------------------------------------------------

namespace {

// One list_offsets call: rounds of (plan per leader -> requests -> collect), a metadata refresh
// between rounds for the partitions that had no leader or whose leader moved.
struct list_offsets_op : std::enable_shared_from_this<list_offsets_op> {
  std::shared_ptr<net::cluster> cluster;
  std::map<topic_partition, std::int64_t> wanted;  // still to ask
  isolation level;
  std::chrono::steady_clock::time_point deadline;
  list_offsets_callback cb;
  offset_lookups done;
  std::size_t pending = 0;
  int rounds = 0;

  void round() {
    ++rounds;
    std::vector<topic_partition> no_leader;
    auto plan = plan_list_offsets(*cluster->snapshot(), wanted, level, no_leader);
    if (plan.empty()) return retry_or_finish(no_leader);
    pending = plan.size();
    auto self = shared_from_this();
    auto missing = std::make_shared<std::vector<topic_partition>>(std::move(no_leader));
    for (auto& [node, req] : plan) {
      std::vector<topic_partition> asked;
      for (const auto& t : req.topics)
        for (const auto& p : t.partitions) asked.push_back({t.name, p.partition_index});
      cluster->async_request(net::node{node}, std::move(req),
          [self, missing, asked](std::error_code ec, net::reply<protocol::list_offsets_response> r) {
            if (ec) {
              // The broker did not answer: its partitions get a fresh route next round.
              for (const auto& tp : asked) {
                self->cluster->invalidate(tp.topic, tp.partition, make_error_code(broker_errc::not_leader_or_follower));
                self->done[tp] = offset_lookup{-1, -1, -1, ec, "ListOffsets " + to_string(tp) + ": " + r.detail};
                missing->push_back(tp);
              }
            } else {
              offset_lookups got;
              read_list_offsets(r.body, got);
              for (auto& [tp, l] : got) {
                if (l.ec && net::invalidates_metadata(l.ec)) {
                  self->cluster->invalidate(tp.topic, tp.partition, l.ec);
                  missing->push_back(tp);
                } else {
                  self->wanted.erase(tp);
                }
                self->done[tp] = std::move(l);
              }
            }
            if (--self->pending == 0) self->retry_or_finish(*missing);
          });
    }
  }

  void retry_or_finish(const std::vector<topic_partition>& missing) {
    for (const auto& tp : missing)
      if (!done.count(tp))
        done[tp] = offset_lookup{-1, -1, -1, make_error_code(broker_errc::leader_not_available),
                                 "ListOffsets " + to_string(tp) + ": no leader known"};
    const auto backoff = cluster->config().retry_backoff;
    if (missing.empty() || std::chrono::steady_clock::now() + backoff >= deadline || rounds >= 10) return finish();
    std::vector<std::string> topics;
    for (const auto& tp : missing)
      if (topics.empty() || topics.back() != tp.topic) topics.push_back(tp.topic);
    auto timer = std::make_shared<boost::asio::steady_timer>(cluster->get_executor(), backoff);
    timer->async_wait([self = shared_from_this(), timer, topics](boost::system::error_code) {
      self->cluster->async_metadata(topics, [self](std::error_code, net::metadata_reply) { self->round(); });
    });
  }

  void finish() {
    std::error_code ec;
    std::string detail;
    bool any_ok = false;
    for (const auto& [tp, l] : done) {
      if (!l.ec) any_ok = true;
      else if (!ec) ec = l.ec, detail = l.detail;
    }
    if (any_ok || done.empty()) ec.clear(), detail.clear();
    auto cb2 = std::move(cb);
    cb2(ec, std::move(detail), std::move(done));
  }
};

// OffsetFetch with the v8+ form first, the old form when the broker is older.
void offset_fetch_attempt(std::shared_ptr<net::cluster> cluster, std::string group_id,
                          std::optional<std::vector<topic_partition>> partitions, bool new_form, committed_callback cb) {
  auto req = make_offset_fetch(group_id, partitions, *cluster->snapshot(), new_form);
  req.require_stable = true;  // v7+: wait for pending transactional commits (as Java does)
  cluster->async_request(net::coordinator{net::coordinator_type::group, group_id}, std::move(req),
      [cluster, group_id, partitions, new_form, cb](std::error_code ec, net::reply<protocol::offset_fetch_response> r) {
        if (ec == client_errc::field_not_in_version && new_form)
          return offset_fetch_attempt(cluster, group_id, partitions, false, cb);
        committed_offsets out;
        if (ec) return cb(ec, "OffsetFetch for group " + group_id + ": " + r.detail, std::move(out));
        auto res = read_offset_fetch(r.body, *cluster->snapshot(), out);
        if (res.ec == broker_errc::not_coordinator || res.ec == broker_errc::coordinator_not_available)
          cluster->invalidate_coordinator(net::coordinator_type::group, group_id);
        cb(res.ec, std::move(res.detail), std::move(out));
      });
}

}  // namespace

void list_offsets(const std::shared_ptr<net::cluster>& cluster, std::map<topic_partition, std::int64_t> timestamps,
                  isolation level, std::chrono::milliseconds timeout, list_offsets_callback cb) {
  auto op = std::make_shared<list_offsets_op>();
  op->cluster = cluster;
  op->wanted = std::move(timestamps);
  op->level = level;
  op->deadline = std::chrono::steady_clock::now() + timeout;
  op->cb = std::move(cb);
  if (op->wanted.empty()) return op->finish();
  std::vector<std::string> topics;
  for (const auto& [tp, ts] : op->wanted)
    if (topics.empty() || topics.back() != tp.topic) topics.push_back(tp.topic);
  // Leaders may not be known yet (a topic never asked about): fresh metadata for these topics.
  bool known = true;
  const auto md = cluster->snapshot();
  for (const auto& [tp, ts] : op->wanted)
    if (const auto* p = md->partition(tp.topic, tp.partition); !p || p->leader < 0) known = false;
  if (known) return op->round();
  cluster->async_metadata(topics, [op](std::error_code, net::metadata_reply) { op->round(); });
}

void fetch_committed(const std::shared_ptr<net::cluster>& cluster, std::string group_id,
                     std::optional<std::vector<topic_partition>> partitions, committed_callback cb) {
  offset_fetch_attempt(cluster, std::move(group_id), std::move(partitions), true, std::move(cb));
}

void commit_offsets(const std::shared_ptr<net::cluster>& cluster, commit_identity who, offsets_to_commit offsets,
                    commit_callback cb) {
  if (offsets.empty()) return cb({}, {});
  auto req = make_offset_commit(who, offsets, *cluster->snapshot());
  const auto group_id = who.group_id;
  cluster->async_request(net::coordinator{net::coordinator_type::group, group_id}, std::move(req),
      [cluster, group_id, cb](std::error_code ec, net::reply<protocol::offset_commit_response> r) {
        if (ec) return cb(ec, "OffsetCommit for group " + group_id + ": " + r.detail);
        auto res = read_offset_commit(r.body, *cluster->snapshot());
        if (res.ec == broker_errc::not_coordinator || res.ec == broker_errc::coordinator_not_available)
          cluster->invalidate_coordinator(net::coordinator_type::group, group_id);
        cb(res.ec, std::move(res.detail));
      });
}

void group_lag(const std::shared_ptr<net::cluster>& cluster, std::string group_id, std::chrono::milliseconds timeout,
               lag_callback cb) {
  // Every topic's metadata first: OffsetFetch v10+ names topics by id only.
  cluster->async_metadata({}, [cluster, group_id, timeout, cb](std::error_code, net::metadata_reply) {
    fetch_committed(cluster, group_id, std::nullopt,
        [cluster, group_id, timeout, cb](std::error_code ec, std::string detail, committed_offsets committed) {
          if (ec) return cb(ec, std::move(detail), {});
          std::map<topic_partition, std::int64_t> wanted;
          for (const auto& [tp, c] : committed) wanted[tp] = latest_timestamp;
          list_offsets(cluster, std::move(wanted), isolation::read_uncommitted, timeout,
              [committed, cb](std::error_code, std::string, offset_lookups ends) {
                std::vector<partition_offsets> rows;
                for (const auto& [tp, c] : committed) {
                  partition_offsets row{tp.topic, tp.partition, std::nullopt, c.offset};
                  if (auto it = ends.find(tp); it != ends.end() && !it->second.ec) row.end_offset = it->second.offset;
                  rows.push_back(std::move(row));
                }
                cb({}, {}, compute_lag(std::move(rows)));
              });
        });
  });
}

}  // namespace kwire::client
