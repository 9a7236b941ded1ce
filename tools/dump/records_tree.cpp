// Record batches as a node tree: every batch's header facts, its records with keys, values and
// headers, and the marker a control batch carries. Batches are decoded with the CRC checked;
// a batch that fails the check is decoded again without it so that its content still shows,
// with CrcValid false and the reason in Error.
#include <string>

#include <kwire/protocol/record_batch.hpp>
#include "tools/dump/build_tree.hpp"

namespace kwire::dump {
namespace {

using protocol::bytes;

node bytes_node(std::string name, const std::optional<bytes>& b) {
  if (!b) return node::make_null(std::move(name));
  return node::make_bytes(std::move(name), {reinterpret_cast<const char*>(b->data()), b->size()});
}

node batch_node(const protocol::record_batch& b, bool crc_valid) {
  auto n = node::make_object();
  n.add(node::make_int("BaseOffset", b.base_offset));
  n.add(node::make_int("PartitionLeaderEpoch", b.partition_leader_epoch));
  n.add(node::make_int("Magic", b.magic));
  n.add(node::make_int("Attributes", b.attributes));
  n.add(node::make_string("Compression", protocol::compression_name(static_cast<int>(b.compression()))));
  n.add(node::make_string("TimestampType", b.timestamp_kind() == protocol::timestamp_type::log_append_time
                                               ? "LogAppendTime"
                                               : "CreateTime"));
  n.add(node::make_bool("Transactional", b.is_transactional()));
  n.add(node::make_bool("Control", b.is_control()));
  n.add(node::make_int("LastOffsetDelta", b.last_offset_delta));
  n.add(node::make_int("FirstTimestamp", b.first_timestamp));
  n.add(node::make_int("MaxTimestamp", b.max_timestamp));
  n.add(node::make_int("ProducerId", b.producer_id));
  n.add(node::make_int("ProducerEpoch", b.producer_epoch));
  n.add(node::make_int("BaseSequence", b.base_sequence));
  n.add(node::make_bool("CrcValid", crc_valid));
  auto& recs = n.add(node::make_array("Records"));
  for (const auto& r : b.records) {
    auto& e = recs.add(node::make_object());
    e.add(node::make_int("Offset", r.offset));
    e.add(node::make_int("Timestamp", r.timestamp));
    e.add(bytes_node("Key", r.key));
    e.add(bytes_node("Value", r.value));
    auto& hs = e.add(node::make_array("Headers"));
    for (const auto& h : r.headers) {
      auto& he = hs.add(node::make_object());
      he.add(node::make_string("Key", h.key));
      he.add(bytes_node("Value", h.value));
    }
    if (b.is_control()) {
      protocol::control_record c;
      if (auto res = protocol::decode_control_record(r, c); res)
        e.add(node::make_string("ControlType", c.type == protocol::control_type::commit ? "COMMIT" : "ABORT"));
      else
        e.add(node::make_string("ControlError", res.detail));
    }
  }
  return n;
}

}  // namespace

node records_node(std::string name, const protocol::records& r) {
  if (!r) return node::make_null(std::move(name));
  auto n = node::make_object(std::move(name));
  n.add(node::make_int("SizeInBytes", static_cast<std::int64_t>(r->data.size())));
  std::vector<protocol::record_batch> batches;
  auto res = protocol::decode_batches(r->data, batches, protocol::decode_options{true});
  bool crc_valid = true;
  if (!res) {
    n.add(node::make_string("Error", res.detail));
    batches.clear();
    crc_valid = false;
    // Show what is there when only the checksum is wrong.
    if (res.ec == client_errc::crc_mismatch &&
        !protocol::decode_batches(r->data, batches, protocol::decode_options{false}))
      batches.clear();
  }
  auto& list = n.add(node::make_array("Batches"));
  for (const auto& b : batches) list.add(batch_node(b, crc_valid));
  return n;
}

}  // namespace kwire::dump
