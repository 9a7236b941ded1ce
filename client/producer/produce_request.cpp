#include <kwire/producer/produce_request.hpp>

#include <kwire/producer/idempotence.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

protocol::produce_request make_produce_request(std::span<const batch_input> batches, std::int16_t acks,
                                               std::int32_t timeout_ms) {
  protocol::produce_request req;
  req.transactional_id.reset();
  req.acks = acks;
  req.timeout_ms = timeout_ms;
  for (const auto& b : batches) {
    // A request holds few topics: a linear search beats a map here.
    protocol::produce_request::topic_produce_data* t = nullptr;
    for (auto& have : req.topic_data)
      if (have.name == b.topic) {
        t = &have;
        break;
      }
    if (!t) {
      t = &req.topic_data.emplace_back();
      t->name.assign(b.topic);
      t->topic_id = b.topic_id;
    }
    auto& p = t->partition_data.emplace_back();
    p.index = b.partition;
    p.records.emplace().data.assign(b.bytes.begin(), b.bytes.end());
  }
  return req;
}

namespace {

std::string where(std::string_view topic, std::int32_t partition) {
  return std::string(topic) + "-" + std::to_string(partition);
}

}  // namespace

batch_outcome classify_partition(const protocol::produce_response::partition_produce_response& p,
                                 std::string_view topic, bool idempotent) {
  batch_outcome out;
  out.base_offset = p.base_offset;
  out.log_append_time = p.log_append_time_ms;
  if (p.error_code == 0) {
    out.action = batch_action::done;
    return out;
  }
  const auto e = static_cast<broker_errc>(p.error_code);
  out.ec = e;
  out.detail = "produce to " + where(topic, p.index) + " failed: " + std::string(error_name(e));
  if (is_known(p.error_code))
    out.detail += " (" + std::string(error_description(e)) + ")";
  else
    out.detail += " (error code " + std::to_string(p.error_code) + ", unknown to kwire)";
  if (p.error_message && !p.error_message->empty()) out.detail += ": " + *p.error_message;
  for (const auto& r : p.record_errors) {
    out.detail += "; record " + std::to_string(r.batch_index);
    if (r.batch_index_error_message) out.detail += ": " + *r.batch_index_error_message;
  }

  // The sequence errors are idempotence's to judge; without it they mean nothing to retry.
  switch (classify_sequence_error(e)) {
    case sequence_verdict::duplicate:  // an idempotent retry of a batch that was written
      out.action = idempotent ? batch_action::done : batch_action::fail;
      if (idempotent) out.ec.clear();
      return out;
    case sequence_verdict::lost:
      out.action = idempotent ? batch_action::reset_producer : batch_action::fail;
      return out;
    case sequence_verdict::fenced:
      out.action = batch_action::fail;
      return out;
    case sequence_verdict::not_ours:
      break;
  }
  out.action = is_known(p.error_code) && is_retriable(e) ? batch_action::retry : batch_action::fail;
  return out;
}

bool retriable_transport_error(std::error_code ec) {
  // No broker answers a whole request with BROKER_NOT_AVAILABLE: net::cluster's routing does, for
  // a node that is not (or no longer) in the metadata. The leader moved: another attempt helps.
  if (ec == broker_errc::broker_not_available) return true;
  if (ec.category() == broker_category()) return is_retriable(static_cast<broker_errc>(ec.value()));
  if (ec.category() != client_category()) return true;  // system / asio errors: a network problem
  switch (static_cast<client_errc>(ec.value())) {
    case client_errc::timed_out:
    case client_errc::connection_closed:
    case client_errc::correlation_id_mismatch:
      return true;
    default:
      return false;
  }
}

std::vector<batch_outcome> classify_produce_response(const protocol::produce_response& resp,
                                                     std::span<const batch_input> batches, bool idempotent) {
  std::vector<batch_outcome> out(batches.size());
  std::vector<bool> answered(batches.size(), false);
  for (const auto& t : resp.responses) {
    for (const auto& p : t.partition_responses) {
      for (std::size_t i = 0; i < batches.size(); ++i) {
        const auto& b = batches[i];
        if (answered[i] || b.partition != p.index) continue;
        // v13+ answers by topic id, older versions by name.
        const bool same = !t.name.empty() ? t.name == b.topic : (!t.topic_id.is_zero() && t.topic_id == b.topic_id);
        if (!same) continue;
        out[i] = classify_partition(p, b.topic, idempotent);
        answered[i] = true;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < batches.size(); ++i) {
    if (answered[i]) continue;
    out[i].action = batch_action::fail;
    out[i].ec = client_errc::invalid_value;
    out[i].detail = "the Produce response has no answer for " + where(batches[i].topic, batches[i].partition) +
                    ", which the request carried";
  }
  return out;
}

}  // namespace kwire::client
