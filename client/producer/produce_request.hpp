#pragma once
// The two pure halves of one Produce round trip, kept apart from the producer's I/O so they are
// tested with plain values:
//   make_produce_request: drained batches → one ProduceRequest (grouped by topic);
//   classify_produce_response: the answer → what to do with each batch (done, retry, reset the
//   producer id, or fail with the broker's error and message).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::client {

// One closed batch as the request needs it.
struct batch_input {
  std::string_view topic;
  protocol::uuid topic_id;   // Produce v13+ names topics by id (zero before Metadata v10)
  std::int32_t partition = -1;
  protocol::byte_view bytes;  // the closed record batch
};

// Both the name and the id are filled: the version the connection picks (v13+ by id, older by
// name) writes the one it carries. Topics keep the order of their first batch.
protocol::produce_request make_produce_request(std::span<const batch_input> batches, std::int16_t acks,
                                               std::int32_t timeout_ms);

enum class batch_action {
  done,            // written (or a duplicate of a batch already written): complete its records
  retry,           // retriable: back to its partition's queue (if attempts and time remain)
  reset_producer,  // idempotence lost its sequence (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID)
  fail,            // fatal for this batch: its records fail with `ec` and `detail`
};

struct batch_outcome {
  batch_action action = batch_action::fail;
  std::error_code ec;          // the broker's error (also set for retry / reset_producer)
  std::string detail;          // names the topic-partition, the error, the broker's message
  std::int64_t base_offset = -1;
  std::int64_t log_append_time = -1;  // -1 unless the topic uses LogAppendTime
};

// One outcome per batch, in the order of `batches` (those the request was made from).
std::vector<batch_outcome> classify_produce_response(const protocol::produce_response& resp,
                                                     std::span<const batch_input> batches, bool idempotent);

// Whether a request that failed below the broker (the error_code of a reply: lost connection,
// timeout, ...) may be sent again; encoding errors and version mismatches may not.
bool retriable_transport_error(std::error_code ec);

// The outcome of one partition's answer.
batch_outcome classify_partition(const protocol::produce_response::partition_produce_response& p,
                                 std::string_view topic, bool idempotent);

}  // namespace kwire::client
