// Topics: CreateTopics (to the controller, retrying the topics whose answer is retriable) and
// the topic listing (Metadata for every topic).

#include <kwire/admin/topics.hpp>

#include <set>

#include <kwire/protocol/messages/create_topics.hpp>
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
  if (st->pending.empty()) return std::move(st->done)(std::error_code(), std::string(), std::move(st->results));
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

}  // namespace kwire::client::admin_detail
