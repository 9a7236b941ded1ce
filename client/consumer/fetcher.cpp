#include <kwire/consumer/fetcher.hpp>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

// ---- fetch session ------------------------------------------------------------------------

protocol::fetch_request fetch_session::build(const std::vector<fetch_target>& wanted, const fetch_settings& s) {
  protocol::fetch_request req;
  req.replica_id = -1;
  req.max_wait_ms = s.max_wait_ms;
  req.min_bytes = s.min_bytes;
  req.max_bytes = s.max_bytes;
  req.isolation_level = s.isolation_level == isolation::read_committed ? 1 : 0;
  req.rack_id = s.rack_id;
  req.session_id = session_id_;
  req.session_epoch = epoch_;

  pending_.clear();
  for (const auto& w : wanted) {
    pending_[w.tp] = w;
    if (!w.topic_id.is_zero()) names_[w.topic_id] = w.tp.topic;
  }
  const bool full = epoch_ == 0;
  auto add = [&req](const fetch_target& w) {
    if (req.topics.empty() || req.topics.back().topic != w.tp.topic) {
      protocol::fetch_request::fetch_topic t;
      t.topic = w.tp.topic;
      t.topic_id = w.topic_id;
      req.topics.push_back(std::move(t));
    }
    protocol::fetch_request::fetch_partition p;
    p.partition = w.tp.partition;
    p.current_leader_epoch = w.current_leader_epoch;
    p.fetch_offset = w.offset;
    p.partition_max_bytes = w.max_bytes;
    req.topics.back().partitions.push_back(p);
  };
  for (const auto& [tp, w] : pending_) {  // sorted by (topic, partition): one entry per topic
    if (full) {
      add(w);
      continue;
    }
    auto it = in_session_.find(tp);
    if (it == in_session_.end() || !(it->second == w)) add(w);
  }
  if (!full) {
    for (const auto& [tp, w] : in_session_) {
      if (pending_.count(tp)) continue;
      auto& f = req.forgotten_topics_data;
      if (f.empty() || f.back().topic != tp.topic) {
        protocol::fetch_request::forgotten_topic t;
        t.topic = tp.topic;
        t.topic_id = w.topic_id;
        f.push_back(std::move(t));
      }
      f.back().partitions.push_back(tp.partition);
    }
  }
  return req;
}

std::error_code fetch_session::on_response(const protocol::fetch_response& resp) {
  const auto e = static_cast<broker_errc>(resp.error_code);
  if (e != broker_errc::none) {
    reset();
    return make_error_code(e);
  }
  if (resp.session_id == 0) {  // no session (sessionless or the broker's cache is full)
    session_id_ = 0;
    epoch_ = 0;
    in_session_.clear();
    return {};
  }
  if (epoch_ == 0 || resp.session_id != session_id_) {
    session_id_ = resp.session_id;
    epoch_ = 1;
  } else {
    epoch_ = epoch_ == 0x7fffffff ? 1 : epoch_ + 1;
  }
  in_session_ = pending_;
  return {};
}

void fetch_session::reset() {
  session_id_ = 0;
  epoch_ = 0;
  in_session_.clear();
}

std::string fetch_session::topic_of(const protocol::fetch_response::fetchable_topic_response& t) const {
  if (!t.topic.empty()) return t.topic;
  auto it = names_.find(t.topic_id);
  return it == names_.end() ? std::string() : it->second;
}

// ---- one partition's records --------------------------------------------------------------

namespace {

std::optional<bytes_view> as_bytes_view(const std::optional<protocol::byte_view>& b) {
  if (!b) return std::nullopt;
  return std::as_bytes(*b);
}

// A control batch's marker: the record's key (4 bytes) copied into the owning form the
// control decoder reads (control batches are one record each, and rare).
bool is_abort_marker(const protocol::record_view& r) {
  protocol::record rec;
  rec.offset = r.offset;
  if (r.key) rec.key.emplace(r.key->begin(), r.key->end());
  protocol::control_record c;
  return protocol::decode_control_record(rec, c) && c.type == protocol::control_type::abort;
}

}  // namespace

fetched_partition decode_partition(const topic_partition& tp, const protocol::fetch_response::partition_data& p,
                                  std::int64_t fetch_offset, const decode_settings& s, std::shared_ptr<const void> answer) {
  fetched_partition out;
  out.next_offset = fetch_offset;
  out.high_watermark = p.high_watermark;
  out.last_stable_offset = p.last_stable_offset;
  out.log_start_offset = p.log_start_offset;
  auto where = [&] { return tp.topic + "-" + std::to_string(tp.partition) + " at offset " + std::to_string(fetch_offset); };
  if (p.error_code != 0) {
    const auto e = static_cast<broker_errc>(p.error_code);
    out.ec = make_error_code(e);
    out.detail = "Fetch " + where() + ": " + std::string(error_name(e));
    return out;
  }
  if (!p.records || p.records->data.empty()) return out;
  out.bytes = p.records->data.size();

  // read_committed: aborted transactions by first offset; a producer is "aborting" from its
  // first offset until its ABORT marker.
  std::vector<protocol::fetch_response::aborted_transaction> aborted;
  if (s.isolation_level == isolation::read_committed && p.aborted_transactions) aborted = *p.aborted_transactions;
  std::sort(aborted.begin(), aborted.end(), [](const auto& a, const auto& b) { return a.first_offset < b.first_offset; });
  std::size_t next_aborted = 0;
  std::set<std::int64_t> aborting;

  // The records share one source: the answer, the topic name, every header.
  auto source = std::make_shared<kwire::detail::record_source>();
  source->topic = tp.topic;
  source->partition = tp.partition;
  if (answer) source->buffers.push_back(std::move(answer));
  // One allocation for the answer's records (~10,000 in 1 MiB of 100-byte records): growing by
  // doubling would move every record several times and touch fresh pages at each step.
  out.records.reserve(protocol::declared_record_count(p.records->data));

  std::string corrupt;  // a batch whose offsets run past the largest offset (its base offset is outside the CRC)
  std::size_t batches = 0;  // complete batches read
  auto take = [&](const protocol::batch_view& b) {
    ++batches;
    if (!corrupt.empty()) return;
    const auto& info = b.info;
    // Legacy (magic 0/1) wrappers: the inner messages' offsets are the truth.
    std::int64_t last = 0;
    const bool past = __builtin_add_overflow(info.base_offset, std::int64_t{info.last_offset_delta}, &last);
    last = std::max(last, b.records.empty() ? std::int64_t{-1} : b.records.back().offset);
    if (past || last == std::numeric_limits<std::int64_t>::max()) {
      corrupt = "batch at base offset " + std::to_string(info.base_offset) + " with last offset delta " +
                std::to_string(info.last_offset_delta) + " ends past the largest offset";
      return;
    }
    const std::int64_t batch_end = last + 1;
    if (batch_end <= fetch_offset) return;
    while (next_aborted < aborted.size() && aborted[next_aborted].first_offset <= last) {
      aborting.insert(aborted[next_aborted].producer_id);
      ++next_aborted;
    }
    if (info.is_control()) {
      for (const auto& r : b.records)
        if (is_abort_marker(r)) aborting.erase(info.producer_id);
      out.next_offset = std::max(out.next_offset, batch_end);
      return;
    }
    const bool dropped = info.is_transactional() && aborting.count(info.producer_id) > 0;
    bool used = false;
    for (const auto& r : b.records) {
      if (r.offset < fetch_offset || dropped) continue;
      consumer_record::fields f;
      f.offset = r.offset;
      f.timestamp = info.timestamp_kind() == protocol::timestamp_type::log_append_time && info.magic >= 2 ? info.max_timestamp
                                                                                                           : r.timestamp;
      f.timestamp_kind = static_cast<kwire::timestamp_type>(info.timestamp_kind());
      f.leader_epoch = info.partition_leader_epoch;
      f.key = as_bytes_view(r.key);
      f.value = as_bytes_view(r.value);
      f.first_header = static_cast<std::uint32_t>(source->headers.size());
      f.header_count = r.header_count;
      for (std::uint32_t h = 0; h < r.header_count; ++h) {
        const auto& hv = b.headers[r.first_header + h];
        source->headers.push_back({hv.key, as_bytes_view(hv.value)});
      }
      // Records keep indexes into the source's headers, so it may still grow.
      out.records.emplace_back(source, f);
      used = true;
    }
    if (used && b.owner) source->buffers.push_back(b.owner);
    out.next_offset = std::max(out.next_offset, batch_end);
  };
  protocol::decode_options opts;
  opts.check_crc = s.check_crcs;
  opts.max_decompressed_bytes = s.max_decompressed_bytes;
  auto r = protocol::for_each_batch_view(p.records->data, opts, take);
  if (r && !corrupt.empty()) r = {make_error_code(client_errc::corrupt_record_batch), corrupt};
  // Records but not one complete batch: fetching again from the same offset would get the same
  // bytes forever (since KIP-74 a broker always sends the first batch whole). Java's consumer
  // fails the same way ("no complete records were found").
  if (r && batches == 0)
    r = {make_error_code(client_errc::corrupt_record_batch),
         std::to_string(p.records->data.size()) + " bytes of records hold no complete batch (truncated answer)"};
  if (!r) {
    // Nothing of an answer that does not decode is returned, as if no batch had been read.
    out.records.clear();
    out.next_offset = fetch_offset;
    out.ec = r.ec;
    out.detail = "Fetch " + where() + ": " + r.detail;
    return out;
  }
  return out;
}

}  // namespace kwire::client
