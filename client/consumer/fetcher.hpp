#pragma once
// The fetcher's sans-I/O parts (issue #8): the fetch session with one broker (KIP-227) and the
// decoding of one partition's answer into the records a consumer returns.
//
// Fetch sessions: the first request of a session is full (session id 0, epoch 0) and lists
// every partition; the broker answers with a session id. Later requests are incremental: they
// list only partitions that are new or whose fetch state changed (offset, max bytes, leader
// epoch), and name partitions no longer wanted in ForgottenTopicsData; the broker keeps the
// others as it last saw them. Each answered request advances the epoch (1, 2, ..., wrapping to 1).
// FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, a transport error, or a broker that
// gives no session id (0) make the next request full again. Topics are named and also carry
// their id: Fetch v13+ sends ids only (the codec drops whichever the version lacks), and its
// answers name topics by id, which the session maps back.
//
// Decoding: records are views (protocol::for_each_batch_view) into the answer, which the
// partition's records share with the decompressed bodies, the topic name and the headers
// (kwire::detail::record_source): nothing is allocated per record. Batches come whole or, for the last one, cut at the size limit (dropped; fetched
// again from its start). Records before the fetch offset (a compressed batch starts earlier)
// are skipped. Control batches (transaction markers) are never returned. With read_committed,
// the answer's AbortedTransactions list the producers whose transactions were aborted from a
// given offset on: their transactional batches are dropped until that producer's ABORT marker.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <kwire/config/consumer_config.hpp>
#include <kwire/consumer_record.hpp>
#include <kwire/group/consumer_protocol.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/record_batch.hpp>

namespace kwire::client {

using group::topic_partition;
using kwire::consumer_record;

// One partition the consumer wants from this broker now.
struct fetch_target {
  topic_partition tp;
  protocol::uuid topic_id;
  std::int64_t offset = 0;
  std::int32_t current_leader_epoch = -1;
  std::int32_t max_bytes = 1048576;
  bool operator==(const fetch_target&) const = default;
};

struct fetch_settings {
  std::int32_t max_wait_ms = 500;
  std::int32_t min_bytes = 1;
  std::int32_t max_bytes = 52428800;
  isolation isolation_level = isolation::read_uncommitted;
  std::string rack_id;
};

class fetch_session {
 public:
  // The next request for exactly `wanted` (what is not in it is forgotten).
  protocol::fetch_request build(const std::vector<fetch_target>& wanted, const fetch_settings& s);
  // The answer to the last build(): advances the session, or resets it on a session error.
  // Returns the top-level error (ok, or the session error after which the next request is full).
  std::error_code on_response(const protocol::fetch_response& resp);
  // The request failed (transport): the next request is full.
  void reset();
  // The topic a v13+ answer names by id ("" when unknown).
  std::string topic_of(const protocol::fetch_response::fetchable_topic_response& t) const;

  std::int32_t session_id() const { return session_id_; }
  std::int32_t epoch() const { return epoch_; }

 private:
  std::int32_t session_id_ = 0;
  std::int32_t epoch_ = 0;                          // 0: the next request is full
  std::map<topic_partition, fetch_target> in_session_;  // what the broker holds for us
  std::map<topic_partition, fetch_target> pending_;     // what the request in flight would make it
  std::map<protocol::uuid, std::string> names_;
};

struct decode_settings {
  bool check_crcs = true;
  isolation isolation_level = isolation::read_uncommitted;
  std::size_t max_decompressed_bytes = protocol::default_decompression_cap(protocol::java_default_fetch_max_bytes);
};

struct fetched_partition {
  std::error_code ec;       // the partition's broker error, or a decoding error (CRC, codec)
  std::string detail;
  std::vector<consumer_record> records;  // views into the answer (see <kwire/consumer_record.hpp>)
  std::int64_t next_offset = -1;  // where the next fetch starts; the fetch offset when nothing was read
  std::int64_t high_watermark = -1;
  std::int64_t last_stable_offset = -1;
  std::int64_t log_start_offset = -1;
  std::size_t bytes = 0;    // size of the record bytes received (for the buffered-bytes cap)
};

// `answer` owns the bytes of `p` (the whole Fetch answer); every record returned shares it. It
// may be null only when the caller keeps `p` alive longer than the records.
fetched_partition decode_partition(const topic_partition& tp, const protocol::fetch_response::partition_data& p,
                                  std::int64_t fetch_offset, const decode_settings& s,
                                  std::shared_ptr<const void> answer = nullptr);

}  // namespace kwire::client
