// Groups: ListGroups to every broker (merged), DescribeGroups / ConsumerGroupDescribe,
// DeleteGroups, LeaveGroup (remove members), OffsetFetch / OffsetCommit / OffsetDelete at the
// group's coordinator, and lag through the offset manager (client/consumer/offsets.hpp).

#include <kwire/admin/groups.hpp>
#include <kwire/admin/security.hpp>  // decode_authorized_operations

#include <algorithm>
#include <set>

#include <kwire/consumer/offsets.hpp>
#include <kwire/group/consumer_protocol.hpp>
#include <kwire/protocol/messages/consumer_group_describe.hpp>
#include <kwire/protocol/messages/delete_groups.hpp>
#include <kwire/protocol/messages/describe_groups.hpp>
#include <kwire/protocol/messages/leave_group.hpp>
#include <kwire/protocol/messages/list_groups.hpp>
#include <kwire/protocol/messages/offset_commit.hpp>
#include <kwire/protocol/messages/offset_delete.hpp>

namespace kwire::client::admin_detail {
namespace {

// Bootstraps first: when no broker can be reached at all, the whole call fails with that error
// (as docs/admin.md says), instead of every item carrying it.
template <class T, class Fn>
void after_start(admin_core& a, admin_core::detailed<T> done, Fn fn) {
  a.ensure_started([done = std::move(done), fn = std::move(fn)](std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), T{});
    fn(std::move(done));
  });
}

using clock = admin_core::clock;

admin_core::route coordinator_of(const std::string& group) {
  return [group] { return net::target(net::coordinator{net::coordinator_type::group, group}); };
}

std::shared_ptr<net::cluster> cluster_of(const std::shared_ptr<admin_core>& a) {
  return std::shared_ptr<net::cluster>(a, &a->cluster());  // keeps the admin (and its cluster) alive
}

std::string name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// An error inside an answer that says "ask the coordinator again": it moved (forget it) or is
// loading. Returned as a top-level error so that admin_core::send retries.
std::error_code coordinator_retry(admin_core& a, const std::string& group, std::int16_t code) {
  const auto e = static_cast<broker_errc>(code);
  if (e == broker_errc::not_coordinator || e == broker_errc::coordinator_not_available) {
    a.cluster().invalidate_coordinator(net::coordinator_type::group, group);
    return make_error_code(e);
  }
  if (e == broker_errc::coordinator_load_in_progress) return make_error_code(e);
  return {};
}

template <class T>
struct fan_in {
  explicit fan_in(admin_core::detailed<T> h) : done(std::move(h)) {}
  T results;
  std::size_t outstanding = 0;
  admin_core::detailed<T> done;
  void finish_one() {
    if (--outstanding == 0) std::move(done)(std::error_code(), std::string(), std::move(results));
  }
};

std::optional<std::string> topic_name(const net::metadata_view& md, const std::string& name, const protocol::uuid& id) {
  if (!name.empty() || id.is_zero()) return name;
  for (const auto& [n, t] : md.topics)
    if (t.id == id) return n;
  return std::nullopt;
}

// ---- describe ----

using described_state = fan_in<described_groups>;

void describe_classic(std::shared_ptr<admin_core> a, std::string group, bool operations, clock::time_point deadline,
                      std::shared_ptr<described_state> st) {
  protocol::describe_groups_request req;
  req.groups = {group};
  req.include_authorized_operations = operations;  // DescribeGroups v3+
  a->send(coordinator_of(group), std::move(req), deadline, [](const auto&) { return std::error_code(); },
          [st, group, operations](std::error_code ec, std::string detail, net::reply<protocol::describe_groups_response> r) {
            auto& out = st->results[group];
            if (ec) {
              out.error = {ec, "DescribeGroups " + group + ": " + detail};
              return st->finish_one();
            }
            const auto it = std::find_if(r.body.groups.begin(), r.body.groups.end(),
                                         [&](const auto& g) { return g.group_id == group; });
            if (it == r.body.groups.end()) {
              out.error = {client_errc::invalid_value, "DescribeGroups " + group + ": the broker's answer left it out"};
            } else if (it->error_code != 0) {
              out.error = item_error("DescribeGroups", group, it->error_code, it->error_message);
            } else if (it->group_state == "Dead") {  // brokers before 4.0 describe a missing group as Dead
              out.error = {broker_errc::group_id_not_found, "DescribeGroups " + group + ": the group does not exist"};
            } else {
              auto& d = out.value;
              d.group_id = group;
              d.type = "classic";
              d.state = it->group_state;
              d.protocol_type = it->protocol_type;
              d.assignor = it->protocol_data;
              if (operations) d.authorized_operations = decode_authorized_operations(it->authorized_operations);
              for (const auto& m : it->members) {
                group_member gm;
                gm.member_id = m.member_id;
                gm.group_instance_id = m.group_instance_id;
                gm.client_id = m.client_id;
                gm.client_host = m.client_host;
                if (it->protocol_type == "consumer") {  // the consumer protocol's bytes; others are opaque
                  group::consumer_protocol_assignment wa;
                  if (!m.member_assignment.empty() && group::decode(m.member_assignment, wa))
                    gm.assignment = group::from_wire(wa);
                  group::consumer_protocol_subscription ws;
                  if (!m.member_metadata.empty() && group::decode(m.member_metadata, ws))
                    gm.subscribed_topics = group::from_wire(ws).topics;
                }
                d.members.push_back(std::move(gm));
              }
            }
            st->finish_one();
          });
}

void describe_one(std::shared_ptr<admin_core> a, std::string group, bool operations, clock::time_point deadline,
                  std::shared_ptr<described_state> st) {
  protocol::consumer_group_describe_request req;
  req.group_ids = {group};
  req.include_authorized_operations = operations;
  auto& core = *a;
  core.send(coordinator_of(group), std::move(req), deadline, [](const auto&) { return std::error_code(); },
            [a, st, group, operations, deadline](std::error_code ec, std::string detail,
                                     net::reply<protocol::consumer_group_describe_response> r) mutable {
              // A broker without KIP-848 groups, or a group that is not a consumer group: classic.
              if (ec == client_errc::no_compatible_version) return describe_classic(a, group, operations, deadline, st);
              auto& out = st->results[group];
              if (ec) {
                out.error = {ec, "ConsumerGroupDescribe " + group + ": " + detail};
                return st->finish_one();
              }
              const auto it = std::find_if(r.body.groups.begin(), r.body.groups.end(),
                                           [&](const auto& g) { return g.group_id == group; });
              if (it == r.body.groups.end() || it->error_code == static_cast<std::int16_t>(broker_errc::group_id_not_found) ||
                  it->error_code == static_cast<std::int16_t>(broker_errc::unsupported_version))
                return describe_classic(a, group, operations, deadline, st);
              if (it->error_code != 0) {
                out.error = item_error("ConsumerGroupDescribe", group, it->error_code, it->error_message);
                return st->finish_one();
              }
              auto& d = out.value;
              d.group_id = group;
              d.type = "consumer";
              d.state = it->group_state;
              d.protocol_type = "consumer";
              d.assignor = it->assignor_name;
              d.group_epoch = it->group_epoch;
              if (operations) d.authorized_operations = decode_authorized_operations(it->authorized_operations);
              for (const auto& m : it->members) {
                group_member gm;
                gm.member_id = m.member_id;
                gm.group_instance_id = m.instance_id;
                gm.client_id = m.client_id;
                gm.client_host = m.client_host;
                gm.member_epoch = m.member_epoch;
                gm.subscribed_topics = m.subscribed_topic_names;
                for (const auto& t : m.assignment.topic_partitions)
                  for (auto p : t.partitions) gm.assignment.push_back({t.topic_name, p});
                std::sort(gm.assignment.begin(), gm.assignment.end());
                d.members.push_back(std::move(gm));
              }
              st->finish_one();
            });
}

}  // namespace

// ---- list ----

namespace {

struct list_state {
  explicit list_state(admin_core::detailed<group_listings> h) : done(std::move(h)) {}
  std::map<std::string, group_listing> groups;
  std::error_code ec;  // the first broker that failed: a listing without its groups would mislead
  std::string detail;
  std::size_t outstanding = 0;
  admin_core::detailed<group_listings> done;
  void finish_one() {
    if (--outstanding != 0) return;
    group_listings out;
    if (!ec)
      for (auto& [id, g] : groups) out.push_back(std::move(g));
    std::move(done)(ec, std::move(detail), std::move(out));
  }
};

}  // namespace

void list_groups(admin_core& a, list_groups_options options, admin_core::detailed<group_listings> done) {
  auto self = a.shared_from_this();
  const auto deadline = a.deadline(options);
  a.ensure_started([self, options = std::move(options), deadline, done = std::move(done)](std::error_code ec,
                                                                                         std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), group_listings{});
    auto st = std::make_shared<list_state>(std::move(done));
    const auto md = self->cluster().snapshot();
    st->outstanding = md->brokers.size();
    if (st->outstanding == 0) {
      st->outstanding = 1;
      st->ec = make_error_code(client_errc::invalid_value);
      st->detail = "ListGroups: the cluster's metadata names no broker";
      return st->finish_one();
    }
    for (const auto& [id, b] : md->brokers) {
      protocol::list_groups_request req;
      req.states_filter = options.states;
      req.types_filter = options.types;
      self->send(
          [id = id] { return net::target(net::node{id}); }, std::move(req), deadline,
          [](const protocol::list_groups_response& r) { return make_error_code(static_cast<broker_errc>(r.error_code)); },
          [st, id = id](std::error_code ec, std::string detail, net::reply<protocol::list_groups_response> r) {
            if (ec) {
              if (!st->ec) {
                st->ec = ec;
                st->detail = "ListGroups on broker " + std::to_string(id) + ": " + detail;
              }
              return st->finish_one();
            }
            for (const auto& g : r.body.groups)
              st->groups[g.group_id] = group_listing{g.group_id, g.protocol_type, g.group_state, g.group_type};
            st->finish_one();
          });
    }
  });
}

static void describe_groups_now(admin_core& a, std::vector<std::string> groups, describe_groups_options options,
                     admin_core::detailed<described_groups> done) {
  auto st = std::make_shared<described_state>(std::move(done));
  std::set<std::string> unique(groups.begin(), groups.end());
  if (unique.empty()) return std::move(st->done)(std::error_code(), std::string(), described_groups{});
  st->outstanding = unique.size();
  const auto deadline = a.deadline(options);
  for (const auto& g : unique) describe_one(a.shared_from_this(), g, options.include_authorized_operations, deadline, st);
}

// ---- delete groups, remove members ----

static void delete_groups_now(admin_core& a, std::vector<std::string> groups, admin_options options,
                   admin_core::detailed<deleted_groups> done) {
  auto st = std::make_shared<fan_in<deleted_groups>>(std::move(done));
  std::set<std::string> unique(groups.begin(), groups.end());
  if (unique.empty()) return std::move(st->done)(std::error_code(), std::string(), deleted_groups{});
  st->outstanding = unique.size();
  const auto deadline = a.deadline(options);
  auto self = a.shared_from_this();
  for (const auto& group : unique) {  // one request per group: each may have its own coordinator
    protocol::delete_groups_request req;
    req.groups_names = {group};
    a.send(
        coordinator_of(group), std::move(req), deadline,
        [self, group](const protocol::delete_groups_response& r) {
          for (const auto& g : r.results)
            if (g.group_id == group) return coordinator_retry(*self, group, g.error_code);
          return std::error_code();
        },
        [st, group](std::error_code ec, std::string detail, net::reply<protocol::delete_groups_response> r) {
          auto& out = st->results[group];
          out.error = {client_errc::invalid_value, "DeleteGroups " + group + ": the broker's answer left it out"};
          if (ec) out.error = {ec, "DeleteGroups " + group + ": " + detail};
          else
            for (const auto& g : r.body.results)
              if (g.group_id == group) out.error = item_error("DeleteGroups", group, g.error_code);
          st->finish_one();
        });
  }
}

static void remove_members_now(admin_core& a, std::string group, std::vector<member_to_remove> members,
                    remove_members_options options, admin_core::detailed<removed_members> done) {
  if (members.empty()) {  // every member, as the group's description names them now
    auto self = a.shared_from_this();
    const auto deadline = a.deadline(options);
    auto st = std::make_shared<described_state>(admin_core::detailed<described_groups>(
        [self, group, options, done = std::move(done)](std::error_code, std::string, described_groups d) mutable {
          auto& r = d[group];
          if (!r) return std::move(done)(r.error.ec, r.error.detail, removed_members{});
          std::vector<member_to_remove> all;
          for (const auto& m : r.value.members) all.push_back({m.member_id, m.group_instance_id});
          if (all.empty()) return std::move(done)(std::error_code(), std::string(), removed_members{});
          remove_members(*self, group, std::move(all), std::move(options), std::move(done));
        }));
    st->outstanding = 1;
    return describe_one(self, group, false, deadline, st);
  }
  protocol::leave_group_request req;
  req.group_id = group;
  for (const auto& m : members) req.members.push_back({m.member_id, m.group_instance_id, options.reason, {}});
  auto self = a.shared_from_this();
  a.send(coordinator_of(group), std::move(req), a.deadline(options),
         [self, group](const protocol::leave_group_response& r) { return coordinator_retry(*self, group, r.error_code); },
         [group, members, done = std::move(done)](std::error_code ec, std::string detail,
                                                  net::reply<protocol::leave_group_response> r) mutable {
           removed_members out;
           for (const auto& m : members) {
             const auto key = m.group_instance_id.value_or(m.member_id);
             auto& res = out[key];
             const std::string what = group + " member " + key;
             if (ec) {
               res.error = {ec, "LeaveGroup " + what + ": " + detail};
               continue;
             }
             if (r.body.error_code != 0) {
               res.error = item_error("LeaveGroup", what, r.body.error_code);
               continue;
             }
             res.error = {client_errc::invalid_value, "LeaveGroup " + what + ": the broker's answer left it out"};
             for (const auto& mr : r.body.members) {
               const bool same = m.group_instance_id ? mr.group_instance_id == m.group_instance_id : mr.member_id == m.member_id;
               if (same) res.error = item_error("LeaveGroup", what, mr.error_code);
             }
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

// ---- committed offsets ----

void list_group_offsets(admin_core& a, std::string group, list_group_offsets_options options,
                        admin_core::detailed<group_offsets> done) {
  auto self = a.shared_from_this();
  a.ensure_started([self, group, options = std::move(options), done = std::move(done)](std::error_code ec,
                                                                                      std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), group_offsets{});
    auto shared_done = std::make_shared<admin_core::detailed<group_offsets>>(std::move(done));
    // Every topic's metadata first: OffsetFetch v10+ names topics by id only.
    self->cluster().async_metadata({}, [self, group, options, shared_done](std::error_code, net::metadata_reply) {
      fetch_committed(cluster_of(self), group, options.partitions,
                      [shared_done](std::error_code ec, std::string detail, committed_offsets got) {
                        group_offsets out;
                        for (const auto& [tp, c] : got)
                          if (c.offset >= 0) out[tp] = group_offset{c.offset, c.leader_epoch, c.metadata.value_or("")};
                        std::move(*shared_done)(ec, std::move(detail), std::move(out));
                      });
    });
  });
}

void alter_group_offsets(admin_core& a, std::string group, group_offsets offsets, admin_options options,
                         admin_core::detailed<altered_group_offsets> done) {
  if (offsets.empty()) return std::move(done)(std::error_code(), std::string(), altered_group_offsets{});
  auto self = a.shared_from_this();
  const auto deadline = a.deadline(options);
  std::vector<std::string> topics;
  for (const auto& [tp, o] : offsets)
    if (topics.empty() || topics.back() != tp.topic) topics.push_back(tp.topic);
  a.ensure_started([self, group, offsets = std::move(offsets), topics, deadline, done = std::move(done)](
                       std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), altered_group_offsets{});
    auto shared_done = std::make_shared<admin_core::detailed<altered_group_offsets>>(std::move(done));
    self->cluster().async_metadata(topics, [self, group, offsets, deadline, shared_done](std::error_code, net::metadata_reply) {
      // A topic the cluster does not have: named here (OffsetCommit v10+ names topics by id, and
      // older brokers accept commits for any name).
      const auto md = self->cluster().snapshot();
      altered_group_offsets unknown;
      offsets_to_commit commit;
      for (const auto& [tp, o] : offsets) {
        const auto* t = md->topic(tp.topic);
        if (!t || t->error_code != 0 || !t->partition(tp.partition))
          unknown[tp].error = {broker_errc::unknown_topic_or_partition,
                               "OffsetCommit " + group + " " + name(tp) + ": the cluster has no such partition"};
        else
          commit[tp] = offset_and_metadata{o.offset, o.leader_epoch, o.metadata};
      }
      if (commit.empty()) return std::move(*shared_done)(std::error_code(), std::string(), std::move(unknown));
      // Outside any generation (-1, no member id): the broker takes it only while the group is empty.
      auto req = make_offset_commit(commit_identity{group, -1, "", std::nullopt}, commit, *md);
      self->send(
          coordinator_of(group), std::move(req), deadline,
          [self, group](const protocol::offset_commit_response& r) {
            for (const auto& t : r.topics)
              for (const auto& p : t.partitions)
                if (auto e = coordinator_retry(*self, group, p.error_code)) return e;
            return std::error_code();
          },
          [self, group, commit, unknown, shared_done](std::error_code ec, std::string detail,
                                                      net::reply<protocol::offset_commit_response> r) {
            altered_group_offsets out = unknown;
            for (const auto& [tp, o] : commit) {
              out[tp].error = {client_errc::invalid_value,
                               "OffsetCommit " + group + " " + name(tp) + ": the broker's answer left it out"};
              if (ec) out[tp].error = {ec, "OffsetCommit " + group + " " + name(tp) + ": " + detail};
            }
            if (!ec) {
              const auto md = self->cluster().snapshot();
              for (const auto& t : r.body.topics) {
                const auto topic = topic_name(*md, t.name, t.topic_id);
                if (!topic) continue;
                for (const auto& p : t.partitions) {
                  const topic_partition tp{*topic, p.partition_index};
                  auto it = out.find(tp);
                  if (it == out.end()) continue;
                  std::optional<std::string> why;
                  if (p.error_code == static_cast<std::int16_t>(broker_errc::unknown_member_id) ||
                      p.error_code == static_cast<std::int16_t>(broker_errc::illegal_generation))
                    why = "the group has members: offsets can be altered only while it is empty";
                  it->second.error = item_error("OffsetCommit", group + " " + name(tp), p.error_code, why);
                }
              }
            }
            std::move(*shared_done)(std::error_code(), std::string(), std::move(out));
          });
    });
  });
}

static void delete_group_offsets_now(admin_core& a, std::string group, std::vector<topic_partition> partitions,
                          admin_options options, admin_core::detailed<deleted_group_offsets> done) {
  std::set<topic_partition> unique(partitions.begin(), partitions.end());
  if (unique.empty()) return std::move(done)(std::error_code(), std::string(), deleted_group_offsets{});
  protocol::offset_delete_request req;
  req.group_id = group;
  for (const auto& tp : unique) {
    if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.push_back({tp.topic, {}, {}});
    req.topics.back().partitions.push_back({tp.partition, {}});
  }
  auto self = a.shared_from_this();
  a.send(coordinator_of(group), std::move(req), a.deadline(options),
         [self, group](const protocol::offset_delete_response& r) { return coordinator_retry(*self, group, r.error_code); },
         [group, unique, done = std::move(done)](std::error_code ec, std::string detail,
                                                 net::reply<protocol::offset_delete_response> r) mutable {
           deleted_group_offsets out;
           for (const auto& tp : unique) {
             const std::string what = group + " " + name(tp);
             auto& res = out[tp].error;
             if (ec) res = {ec, "OffsetDelete " + what + ": " + detail};
             else if (r.body.error_code != 0) res = item_error("OffsetDelete", what, r.body.error_code);
             else res = {client_errc::invalid_value, "OffsetDelete " + what + ": the broker's answer left it out"};
           }
           if (!ec && r.body.error_code == 0)
             for (const auto& t : r.body.topics)
               for (const auto& p : t.partitions)
                 if (auto it = out.find({t.name, p.partition_index}); it != out.end())
                   it->second.error = item_error("OffsetDelete", group + " " + name(it->first), p.error_code);
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

void group_lag(admin_core& a, std::string group, admin_options options, admin_core::detailed<lag_report> done) {
  auto self = a.shared_from_this();
  const auto deadline = a.deadline(options);
  a.ensure_started([self, group, deadline, done = std::move(done)](std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), lag_report{});
    auto shared_done = std::make_shared<admin_core::detailed<lag_report>>(std::move(done));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    client::group_lag(cluster_of(self), group, std::max(left, std::chrono::milliseconds(1)),
                      [shared_done](std::error_code ec, std::string detail, lag_report report) {
                        std::move(*shared_done)(ec, std::move(detail), std::move(report));
                      });
  });
}

void describe_groups(admin_core& a, std::vector<std::string> groups, describe_groups_options options, admin_core::detailed<described_groups> done) {
  after_start<described_groups>(a, std::move(done), [self = a.shared_from_this(), groups = std::move(groups), options](auto done) mutable {
    describe_groups_now(*self, std::move(groups), options, std::move(done));
  });
}

void delete_groups(admin_core& a, std::vector<std::string> groups, admin_options options, admin_core::detailed<deleted_groups> done) {
  after_start<deleted_groups>(a, std::move(done), [self = a.shared_from_this(), groups = std::move(groups), options](auto done) mutable {
    delete_groups_now(*self, std::move(groups), options, std::move(done));
  });
}

void remove_members(admin_core& a, std::string group, std::vector<member_to_remove> members, remove_members_options options, admin_core::detailed<removed_members> done) {
  after_start<removed_members>(a, std::move(done), [self = a.shared_from_this(), group = std::move(group), members = std::move(members), options = std::move(options)](auto done) mutable {
    remove_members_now(*self, std::move(group), std::move(members), std::move(options), std::move(done));
  });
}

void delete_group_offsets(admin_core& a, std::string group, std::vector<topic_partition> partitions, admin_options options, admin_core::detailed<deleted_group_offsets> done) {
  after_start<deleted_group_offsets>(a, std::move(done), [self = a.shared_from_this(), group = std::move(group), partitions = std::move(partitions), options](auto done) mutable {
    delete_group_offsets_now(*self, std::move(group), std::move(partitions), options, std::move(done));
  });
}

}  // namespace kwire::client::admin_detail
