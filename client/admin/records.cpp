// Offsets and records: ListOffsets through the offset manager's per-leader lookup
// (client/consumer/offsets.hpp), and DeleteRecords to each partition's leader, one request per
// leader, rounds with a metadata refresh between them for partitions whose leader moved.

#include <kwire/admin/records.hpp>

#include <boost/asio/steady_timer.hpp>

#include <kwire/consumer/offsets.hpp>
#include <kwire/protocol/messages/delete_records.hpp>

namespace kwire::client::admin_detail {
namespace {

std::string name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// A partition the metadata does not have: say so rather than "no leader".
error_info unknown_partition(std::string_view api, const net::metadata_view& md, const topic_partition& tp) {
  const auto* t = md.topic(tp.topic);
  if (!t || t->error_code == static_cast<std::int16_t>(broker_errc::unknown_topic_or_partition))
    return {broker_errc::unknown_topic_or_partition, std::string(api) + " " + name(tp) + ": the cluster has no topic " + tp.topic};
  if (!t->partition(tp.partition))
    return {broker_errc::unknown_topic_or_partition,
            std::string(api) + " " + name(tp) + ": topic " + tp.topic + " has " + std::to_string(t->partitions.size()) + " partitions"};
  return {};
}

struct delete_op : std::enable_shared_from_this<delete_op> {
  explicit delete_op(admin_core::detailed<deleted_records> h) : done(std::move(h)) {}
  std::shared_ptr<admin_core> admin;
  std::map<topic_partition, std::int64_t> wanted;  // still to ask
  admin_core::clock::time_point deadline;
  deleted_records results;
  std::size_t pending = 0;
  int rounds = 0;
  // As the offset manager's ListOffsets: a partition without a leader after this many fresh
  // answers is reported (an unknown topic must not take the whole timeout).
  static constexpr int max_rounds = 10;
  admin_core::detailed<deleted_records> done;

  void round() {
    ++rounds;
    const auto md = admin->cluster().snapshot();
    std::map<std::int32_t, protocol::delete_records_request> plan;
    std::vector<topic_partition> retry;
    for (const auto& [tp, offset] : wanted) {
      const auto* p = md->partition(tp.topic, tp.partition);
      if (!p || p->leader < 0) {
        if (auto bad = unknown_partition("DeleteRecords", *md, tp); bad.failed()) results[tp].error = std::move(bad);
        else results[tp].error = {broker_errc::leader_not_available, "DeleteRecords " + name(tp) + ": no leader known"};
        retry.push_back(tp);
        continue;
      }
      auto& req = plan[p->leader];
      req.timeout_ms = static_cast<std::int32_t>(admin->request_timeout(deadline).count());
      if (req.topics.empty() || req.topics.back().name != tp.topic) req.topics.push_back({tp.topic, {}, {}});
      req.topics.back().partitions.push_back({tp.partition, offset, {}});
    }
    if (plan.empty()) return next(std::move(retry));
    pending = plan.size();
    auto missing = std::make_shared<std::vector<topic_partition>>(std::move(retry));
    for (auto& [node, req] : plan) {
      std::vector<topic_partition> asked;
      for (const auto& t : req.topics)
        for (const auto& p : t.partitions) asked.push_back({t.name, p.partition_index});
      net::request_options opts;
      opts.timeout = admin->request_timeout(deadline);
      admin->cluster().async_request(
          net::node{node}, std::move(req),
          [self = shared_from_this(), missing, asked](std::error_code ec, net::reply<protocol::delete_records_response> r) {
            auto& c = self->admin->cluster();
            if (ec) {
              for (const auto& tp : asked) {
                c.invalidate(tp.topic, tp.partition, make_error_code(broker_errc::not_leader_or_follower));
                self->results[tp].error = {ec, "DeleteRecords " + name(tp) + ": " + r.detail};
                if (admin_core::retriable(ec)) missing->push_back(tp);
                else self->wanted.erase(tp);
              }
            } else {
              for (const auto& t : r.body.topics)
                for (const auto& p : t.partitions) {
                  const topic_partition tp{t.name, p.partition_index};
                  if (!self->wanted.count(tp)) continue;
                  auto& out = self->results[tp];
                  out.error = item_error("DeleteRecords", name(tp), p.error_code);
                  out.value = p.low_watermark;
                  const auto e = make_error_code(static_cast<broker_errc>(p.error_code));
                  if (p.error_code != 0 && net::invalidates_metadata(e)) {
                    c.invalidate(tp.topic, tp.partition, e);
                    missing->push_back(tp);
                  } else {
                    self->wanted.erase(tp);
                  }
                }
            }
            if (--self->pending == 0) self->next(std::move(*missing));
          },
          opts);
    }
  }

  // Partitions to ask again: after a refresh, while time is left.
  void next(std::vector<topic_partition> missing) {
    const auto backoff = admin->config().cluster.retry_backoff;
    if (missing.empty() || admin_core::clock::now() + backoff >= deadline || rounds >= max_rounds) {
      for (const auto& tp : missing)
        if (!results[tp].error.failed())
          results[tp].error = {client_errc::invalid_value, "DeleteRecords " + name(tp) + ": the broker's answer left it out"};
      return std::move(done)(std::error_code(), std::string(), std::move(results));
    }
    std::vector<std::string> topics;
    for (const auto& tp : missing)
      if (topics.empty() || topics.back() != tp.topic) topics.push_back(tp.topic);
    admin->later([self = shared_from_this(), topics] {
      self->admin->cluster().async_metadata(topics, [self](std::error_code, net::metadata_reply) { self->round(); });
    });
  }
};

}  // namespace

void list_offsets(admin_core& a, std::map<topic_partition, offset_spec> specs, list_offsets_options options,
                  admin_core::detailed<listed_offsets> done) {
  auto self = a.shared_from_this();
  const auto deadline = a.deadline(options);
  a.ensure_started([self, specs = std::move(specs), options, deadline, done = std::move(done)](
                       std::error_code ec, std::string detail) mutable {
    if (ec) return std::move(done)(ec, std::move(detail), listed_offsets{});
    std::map<topic_partition, std::int64_t> timestamps;
    for (const auto& [tp, s] : specs) timestamps[tp] = s.timestamp;
    auto shared_done = std::make_shared<admin_core::detailed<listed_offsets>>(std::move(done));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - admin_core::clock::now());
    client::list_offsets(
        std::shared_ptr<net::cluster>(self, &self->cluster()), std::move(timestamps),
        options.read_committed ? isolation::read_committed : isolation::read_uncommitted,
        std::max(left, std::chrono::milliseconds(1)),
        [self, shared_done](std::error_code, std::string, offset_lookups got) {
          listed_offsets out;
          const auto md = self->cluster().snapshot();
          for (auto& [tp, l] : got) {
            auto& r = out[tp];
            r.value = {l.offset, l.timestamp, l.leader_epoch};
            if (!l.ec) continue;
            r.error = {l.ec, l.detail};
            if (l.ec == broker_errc::leader_not_available)
              if (auto bad = unknown_partition("ListOffsets", *md, tp); bad.failed()) r.error = std::move(bad);
          }
          std::move(*shared_done)(std::error_code(), std::string(), std::move(out));
        });
  });
}

void delete_records(admin_core& a, std::map<topic_partition, std::int64_t> before, admin_options options,
                    admin_core::detailed<deleted_records> done) {
  auto op = std::make_shared<delete_op>(std::move(done));
  op->admin = a.shared_from_this();
  op->wanted = std::move(before);
  op->deadline = a.deadline(options);
  if (op->wanted.empty()) return std::move(op->done)(std::error_code(), std::string(), std::move(op->results));
  std::vector<std::string> topics;
  for (const auto& [tp, o] : op->wanted)
    if (topics.empty() || topics.back() != tp.topic) topics.push_back(tp.topic);
  a.ensure_started([op, topics](std::error_code ec, std::string detail) {
    if (ec) return std::move(op->done)(ec, std::move(detail), deleted_records{});
    op->admin->cluster().async_metadata(topics, [op](std::error_code, net::metadata_reply) { op->round(); });
  });
}

}  // namespace kwire::client::admin_detail
