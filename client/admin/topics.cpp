// Topics: CreateTopics, DeleteTopics and CreatePartitions (to the controller, retrying the
// topics whose answer is retriable) and the topic listing (Metadata for every topic). Describe
// is in topics_describe.cpp.

#include <kwire/admin/topics.hpp>

#include <boost/asio/post.hpp>

#include <set>

#include <kwire/protocol/messages/create_partitions.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/delete_topics.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::client::admin_detail {
namespace {

using protocol::create_topics_request;

create_topics_request::creatable_topic to_request(const new_topic& t) {
  create_topics_request::creatable_topic out;
  out.name = t.name;
  out.num_partitions = t.partitions.value_or(-1);
  out.replication_factor = t.replication_factor.value_or(-1);
  for (const auto& [partition, brokers] : t.assignment) out.assignments.push_back({partition, brokers, {}});
  for (const auto& [name, value] : t.configs) out.configs.push_back({name, value, {}});
  return out;
}

// What is wrong with a topic before it is sent: the broker would refuse it with a less clear
// message, or (a name twice) answer only once.
error_info check(const new_topic& t, const std::set<std::string>& seen) {
  const auto bad = [&](std::string what) {
    return error_info{broker_errc::invalid_request, "CreateTopics " + t.name + ": " + std::move(what)};
  };
  if (seen.count(t.name)) return bad("named twice in one call");
  if (!t.assignment.empty() && (t.partitions || t.replication_factor))
    return bad("give either an assignment or partitions/replication_factor, not both");
  return {};
}

struct create_state {
  explicit create_state(admin_core::detailed<created_topics> h) : done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  admin_core::clock::time_point deadline;
  bool validate_only = false;
  std::map<std::string, create_topics_request::creatable_topic> pending;
  created_topics results;
  admin_core::detailed<created_topics> done;
};

void create_round(std::shared_ptr<create_state> st) {
  create_topics_request req;
  for (const auto& [name, t] : st->pending) req.topics.push_back(t);
  req.validate_only = st->validate_only;
  req.timeout_ms = static_cast<std::int32_t>(st->admin->request_timeout(st->deadline).count());
  auto& a = *st->admin;
  a.send(
      [&a] { return a.controller(); }, std::move(req), st->deadline,
      [](const protocol::create_topics_response&) { return std::error_code(); },
      [st](std::error_code ec, std::string detail, net::reply<protocol::create_topics_response> r) {
        if (ec) {  // no answer at all: every topic still pending fails with the call's error
          for (const auto& [name, t] : st->pending) st->results[name].error = error_info{ec, detail};
          st->pending.clear();
          return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
        }
        bool retry = false;
        for (auto& t : r.body.topics) {
          auto it = st->pending.find(t.name);
          if (it == st->pending.end()) continue;
          const auto code = static_cast<broker_errc>(t.error_code);
          if (t.error_code != 0 && admin_core::retriable(code) &&
              admin_core::clock::now() + st->admin->config().cluster.retry_backoff < st->deadline) {
            retry = true;
            continue;
          }
          auto& out = st->results[t.name];
          out.error = item_error("CreateTopics", t.name, t.error_code, t.error_message);
          out.value.topic_id = t.topic_id;
          out.value.partitions = t.num_partitions;
          out.value.replication_factor = t.replication_factor;
          if (t.configs)
            for (const auto& c : *t.configs)
              if (c.value) out.value.configs[c.name] = *c.value;
          st->pending.erase(it);
        }
        for (const auto& [name, t] : st->pending)  // asked but not in the answer
          if (!retry) st->results[name].error = {client_errc::invalid_value, "CreateTopics " + name + ": the broker's answer left this topic out"};
        if (!retry) st->pending.clear();
        if (st->pending.empty()) return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
        st->admin->cluster().request_refresh();  // e.g. NOT_CONTROLLER: find the controller anew
        st->admin->later([st] { create_round(st); });
      });
}

}  // namespace

void create_topics(admin_core& a, std::vector<new_topic> topics, create_topics_options options,
                   admin_core::detailed<created_topics> done) {
  auto st = std::make_shared<create_state>(std::move(done));
  st->admin = a.shared_from_this();
  st->deadline = a.deadline(options);
  st->validate_only = options.validate_only;
  std::set<std::string> seen;
  for (const auto& t : topics) {
    if (auto bad = check(t, seen); bad.failed()) {
      st->results[t.name].error = std::move(bad);
      st->pending.erase(t.name);  // a name given twice: neither is sent
    } else if (!st->results.count(t.name)) {
      st->pending.emplace(t.name, to_request(t));
    }
    seen.insert(t.name);
  }
  if (st->pending.empty()) {  // nothing to send: complete from the executor, never inside the call
    return boost::asio::post(a.get_executor(), [st] {
      std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
    });
  }
  create_round(std::move(st));
}

void list_topics(admin_core& a, list_topics_options options, admin_core::detailed<topic_listings> done) {
  protocol::metadata_request req;
  req.topics = std::nullopt;  // every topic
  req.allow_auto_topic_creation = false;
  a.send(net::any_broker{}, std::move(req), a.deadline(options),
         [options, done = std::move(done)](std::error_code ec, std::string detail,
                                           net::reply<protocol::metadata_response> r) mutable {
           topic_listings out;
           if (ec) return std::move(done)(ec, std::move(detail), std::move(out));
           for (const auto& t : r.body.topics) {
             if (!t.name || t.error_code != 0) continue;
             if (t.is_internal && !options.list_internal) continue;
             out[*t.name] = topic_listing{*t.name, t.topic_id, t.is_internal};
           }
           std::move(done)(std::error_code(), std::string(), std::move(out));
         });
}

namespace {

// The items of one call that go to the controller in rounds: those whose answer is retriable
// (NOT_CONTROLLER, REQUEST_TIMED_OUT, ...) go again, retry.backoff.ms later, until the deadline.
// An unknown topic is an answer, not a reason to ask again.
template <class Key, class Value, class Item>
struct rounds {
  using results_type = std::map<Key, result<Value>>;
  explicit rounds(admin_core& a, const admin_options& options, admin_core::detailed<results_type> h)
      : admin(a.shared_from_this()), deadline(a.deadline(options)), done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  admin_core::clock::time_point deadline;
  std::map<Key, Item> pending;
  results_type results;
  admin_core::detailed<results_type> done;

  bool again(std::int16_t code) const {
    const auto ec = static_cast<broker_errc>(code);
    return code != 0 && ec != broker_errc::unknown_topic_or_partition && ec != broker_errc::unknown_topic_id &&
           admin_core::retriable(ec) && admin_core::clock::now() + admin->config().cluster.retry_backoff < deadline;
  }
  // No answer at all: every pending item fails with the call's error.
  void fail_pending(std::error_code ec, const std::string& detail) {
    for (const auto& [k, item] : pending) results[k].error = error_info{ec, detail};
    pending.clear();
  }
  // After an answer: items it left out fail (unless a round follows), then either the call
  // completes or `next` runs retry.backoff.ms later.
  template <class Name, class Next>
  void settle(bool retry, Name name_of, const char* api, Next next) {
    if (!retry) {
      for (const auto& [k, item] : pending)
        results[k].error = {client_errc::invalid_value,
                            std::string(api) + " " + name_of(k) + ": the broker's answer left this topic out"};
      pending.clear();
    }
    if (pending.empty()) return complete();
    admin->cluster().request_refresh();  // e.g. NOT_CONTROLLER: find the controller anew
    admin->later(std::move(next));
  }
  void complete() { std::move(done)(std::error_code(), std::string(), std::move(results)); }
};

// Nothing to send: complete from the executor, not inside the caller's initiating call.
template <class State>
void complete_later(std::shared_ptr<State> st) {
  boost::asio::post(st->admin->get_executor(), [st] { st->complete(); });
}

std::string uuid_text(const uuid& id) { return to_string(id); }
std::string same(const std::string& s) { return s; }

// ---- DeleteTopics ----

using protocol::delete_topics_request;
using delete_by_name = rounds<std::string, topic_deleted, bool>;
using delete_by_id = rounds<uuid, topic_deleted, bool>;

// DeleteTopics v0-5 names topics in TopicNames, v6+ in Topics (name or id). The request carries
// both; TopicNames is left out at v6+, while Topics cannot be encoded below v6
// (field_not_in_version, nothing sent): then it goes again with TopicNames alone.
void delete_round(std::shared_ptr<delete_by_name> st, bool names_only) {
  delete_topics_request req;
  for (const auto& [name, unused] : st->pending) {
    req.topic_names.push_back(name);
    if (!names_only) req.topics.push_back({name, uuid{}, {}});
  }
  req.timeout_ms = static_cast<std::int32_t>(st->admin->request_timeout(st->deadline).count());
  auto& a = *st->admin;
  a.send([&a] { return a.controller(); }, std::move(req), st->deadline,
         [](const protocol::delete_topics_response&) { return std::error_code(); },
         [st, names_only](std::error_code ec, std::string detail, net::reply<protocol::delete_topics_response> r) {
           if (ec == client_errc::field_not_in_version && !names_only) return delete_round(st, true);
           if (ec) {
             st->fail_pending(ec, detail);
             return st->complete();
           }
           bool retry = false;
           for (const auto& t : r.body.responses) {
             if (!t.name) continue;
             auto it = st->pending.find(*t.name);
             if (it == st->pending.end()) continue;
             if (st->again(t.error_code)) {
               retry = true;
               continue;
             }
             auto& out = st->results[*t.name];
             out.error = item_error("DeleteTopics", *t.name, t.error_code, t.error_message);
             out.value = topic_deleted{*t.name, t.topic_id};
             st->pending.erase(it);
           }
           st->settle(retry, same, "DeleteTopics", [st, names_only] { delete_round(st, names_only); });
         });
}

void delete_id_round(std::shared_ptr<delete_by_id> st) {
  delete_topics_request req;
  for (const auto& [id, unused] : st->pending) req.topics.push_back({std::nullopt, id, {}});
  req.timeout_ms = static_cast<std::int32_t>(st->admin->request_timeout(st->deadline).count());
  auto& a = *st->admin;
  a.send([&a] { return a.controller(); }, std::move(req), st->deadline,
         [](const protocol::delete_topics_response&) { return std::error_code(); },
         [st](std::error_code ec, std::string detail, net::reply<protocol::delete_topics_response> r) {
           if (ec == client_errc::field_not_in_version) {  // below v6: the broker takes names only
             ec = client_errc::no_compatible_version;
             detail = "DeleteTopics: deleting by topic id needs DeleteTopics v6+ (Kafka 2.8+); the broker is older";
           }
           if (ec) {
             st->fail_pending(ec, detail);
             return st->complete();
           }
           bool retry = false;
           for (const auto& t : r.body.responses) {
             auto it = st->pending.find(t.topic_id);
             if (it == st->pending.end()) continue;
             if (st->again(t.error_code)) {
               retry = true;
               continue;
             }
             auto& out = st->results[t.topic_id];
             out.error = item_error("DeleteTopics", "id " + to_string(t.topic_id), t.error_code, t.error_message);
             out.value = topic_deleted{t.name.value_or(""), t.topic_id};
             st->pending.erase(it);
           }
           st->settle(retry, [](const uuid& id) { return "id " + uuid_text(id); }, "DeleteTopics",
                      [st] { delete_id_round(st); });
         });
}

// ---- CreatePartitions ----

using protocol::create_partitions_request;
using partitions_rounds = rounds<std::string, std::int32_t, create_partitions_request::create_partitions_topic>;

void partitions_round(std::shared_ptr<partitions_rounds> st, bool validate_only) {
  create_partitions_request req;
  for (const auto& [name, t] : st->pending) req.topics.push_back(t);
  req.validate_only = validate_only;
  req.timeout_ms = static_cast<std::int32_t>(st->admin->request_timeout(st->deadline).count());
  auto& a = *st->admin;
  a.send([&a] { return a.controller(); }, std::move(req), st->deadline,
         [](const protocol::create_partitions_response&) { return std::error_code(); },
         [st, validate_only](std::error_code ec, std::string detail, net::reply<protocol::create_partitions_response> r) {
           if (ec) {
             st->fail_pending(ec, detail);
             return st->complete();
           }
           bool retry = false;
           for (const auto& t : r.body.results) {
             auto it = st->pending.find(t.name);
             if (it == st->pending.end()) continue;
             if (st->again(t.error_code)) {
               retry = true;
               continue;
             }
             auto& out = st->results[t.name];
             out.error = item_error("CreatePartitions", t.name, t.error_code, t.error_message);
             out.value = it->second.count;
             st->pending.erase(it);
           }
           st->settle(retry, same, "CreatePartitions", [st, validate_only] { partitions_round(st, validate_only); });
         });
}

}  // namespace

void delete_topics(admin_core& a, std::vector<std::string> names, delete_topics_options options,
                   admin_core::detailed<deleted_topics> done) {
  auto st = std::make_shared<delete_by_name>(a, options, std::move(done));
  for (auto& n : names) st->pending.emplace(std::move(n), true);
  if (st->pending.empty()) return complete_later(st);
  delete_round(std::move(st), false);
}

void delete_topics_by_id(admin_core& a, std::vector<uuid> ids, delete_topics_options options,
                         admin_core::detailed<deleted_topic_ids> done) {
  auto st = std::make_shared<delete_by_id>(a, options, std::move(done));
  for (const auto& id : ids) {
    if (id.is_zero()) st->results[id].error = {broker_errc::invalid_request, "DeleteTopics: the zero topic id names no topic"};
    else st->pending.emplace(id, true);
  }
  if (st->pending.empty()) return complete_later(st);
  delete_id_round(std::move(st));
}

void create_partitions(admin_core& a, std::map<std::string, new_partitions> topics, create_partitions_options options,
                       admin_core::detailed<created_partitions> done) {
  auto st = std::make_shared<partitions_rounds>(a, options, std::move(done));
  for (auto& [name, p] : topics) {
    create_partitions_request::create_partitions_topic t;
    t.name = name;
    t.count = p.total_count;
    if (p.assignment.empty()) t.assignments = std::nullopt;  // the broker places them
    else
      for (auto& brokers : p.assignment) t.assignments->push_back({std::move(brokers), {}});
    st->pending.emplace(name, std::move(t));
  }
  if (st->pending.empty()) return complete_later(st);
  partitions_round(std::move(st), options.validate_only);
}

}  // namespace kwire::client::admin_detail
