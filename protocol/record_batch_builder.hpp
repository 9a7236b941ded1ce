#pragma once
// The producer's hand-tuned path to a magic 2 record batch: records are written in wire format
// straight into one reusable buffer as they arrive (no allocation per record once the buffer
// has grown to batch size), and close() fills the header, compresses the records section and
// computes the CRC. tests/unit/record_batch_builder_test.cc proves the bytes equal
// encode_batch()'s (the generic path) for the same records.
//
// Offsets start at 0 (the broker assigns real ones); timestamps are stored as deltas from the
// first record's. The producer id, epoch and base sequence can be rewritten after close (an
// idempotent retry after an epoch bump), which recomputes the CRC.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <kwire/compression/compression.hpp>
#include <kwire/protocol/codec.hpp>
#include <kwire/protocol/record_batch.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::protocol {

// A header as the caller holds it; nothing is copied until it is written.
struct header_ref {
  std::string_view key;
  std::optional<byte_view> value;
};

// A record as the caller holds it.
struct record_ref {
  std::int64_t timestamp = -1;
  std::optional<byte_view> key;
  std::optional<byte_view> value;
  std::span<const header_ref> headers = {};
};

class record_batch_builder {
 public:
  // Bytes one record adds to the (uncompressed) batch, length prefix included; 0 when the
  // record cannot be encoded at all (a field over 2 GiB).
  static std::size_t record_size(const record_ref& r, std::int64_t first_timestamp, std::int32_t offset_delta);
  // Upper bound of a batch holding only this record, as a first record would start one: what a
  // record is checked against max.request.size and buffer.memory with.
  static std::size_t size_alone(const record_ref& r);

  record_batch_builder() = default;
  // `capacity`: bytes to reserve up front (batch.size), so appends do not allocate.
  explicit record_batch_builder(std::size_t capacity);

  // Empties the builder for a new batch, keeping its buffers' capacity.
  void reset();

  // Whether `r` fits while keeping the batch within `limit` bytes (uncompressed). The first
  // record always fits: a batch holds at least one record.
  bool fits(const record_ref& r, std::size_t limit) const;
  // Appends one record. Fails only for a field over 2 GiB or after close().
  codec_result append(const record_ref& r);

  std::int32_t record_count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Uncompressed batch size so far, header included.
  std::size_t size() const { return buf_.size(); }
  std::int64_t first_timestamp() const { return first_ts_; }
  std::int64_t max_timestamp() const { return max_ts_; }

  struct close_options {
    std::int64_t producer_id = -1;
    std::int16_t producer_epoch = -1;
    std::int32_t base_sequence = -1;
    compression::codec codec = compression::codec::none;
    int level = compression::default_level;
    bool transactional = false;  // attributes bit 4: part of a transaction (KIP-98)
  };
  // Fills the header, compresses the records section, computes the CRC. A batch without
  // records cannot be closed.
  codec_result close(const close_options& o);
  bool closed() const { return closed_; }
  // The finished batch (after close).
  byte_view bytes() const;

  // Rewrites producer id, epoch and base sequence of a closed batch; the CRC is recomputed.
  void set_producer_state(std::int64_t producer_id, std::int16_t producer_epoch, std::int32_t base_sequence);

 private:
  protocol::bytes buf_;         // header + records, uncompressed
  protocol::bytes compressed_;  // header + compressed records, when a codec is used
  bool use_compressed_ = false;
  bool closed_ = false;
  std::int32_t count_ = 0;
  std::int64_t first_ts_ = -1;
  std::int64_t max_ts_ = -1;
};

}  // namespace kwire::protocol
