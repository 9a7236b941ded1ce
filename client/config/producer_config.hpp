#pragma once
// The producer's settings, parsed from Java-named properties (see config.hpp for the common
// keys). Defaults are the Java 4.x producer's (linger.ms 5, acks all, idempotence on).
//
// Producer keys: acks (0, 1, all, -1), linger.ms, batch.size, buffer.memory, max.block.ms,
// compression.type (none, gzip, snappy, lz4, zstd), compression.gzip.level,
// compression.lz4.level, compression.zstd.level, max.request.size, retries,
// delivery.timeout.ms, enable.idempotence, partitioner, partitioner.ignore.keys,
// partitioner.adaptive.partitioning.enable, partitioner.availability.timeout.ms.
//
// partitioner (kwire's key; Java picks a class with partitioner.class):
//   default      keyed records: murmur2 of the key, as the Java client; unkeyed: the built-in
//                sticky partitioner of KIP-794 (client/producer/partitioner.hpp)
//   sticky       every record sticky, keys ignored (= partitioner.ignore.keys=true)
//   round_robin  every record to the next partition in turn (Java's RoundRobinPartitioner)
// A record that names its partition always goes there. KIP-794's keys are Java's:
// partitioner.adaptive.partitioning.enable (default true: the next sticky partition favours
// shorter queues), partitioner.availability.timeout.ms (default 0 = off: a partition whose
// leader had data waiting but could take no request for this long is skipped).
//
// Rules between keys, as the Java 4.x producer (measured with kafka-clients 4.3.1 by
// tests/unit/data/JavaConfigRules.java):
//   - enable.idempotence set to true by the user with acks other than all, or retries=0: error.
//     Left at its default, idempotence is turned off instead.
//   - idempotence on (by default or by the user) with max.in.flight.requests.per.connection > 5:
//     error (Java 3.x turned idempotence off quietly when it was the default; 4.x refuses).
//   - delivery.timeout.ms < linger.ms + request.timeout.ms: error when the user set
//     delivery.timeout.ms, else it becomes linger.ms + request.timeout.ms.
//   - transactional.id: a transactional producer (docs/transactions.md); it is idempotent, so
//     enable.idempotence=false, acks other than all or retries=0 with it are errors naming both
//     keys. transaction.timeout.ms (default 60000) goes to the coordinator.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <kwire/config/config.hpp>
#include <kwire/compression/compression.hpp>
#include <kwire/net/config.hpp>

namespace kwire::client {

enum class partitioner_kind { default_partitioner, sticky, round_robin };

struct producer_config {
  net::cluster_config cluster;
  std::int16_t acks = -1;                                  // 0, 1 or -1 (all)
  std::chrono::milliseconds linger{5};
  std::int32_t batch_size = 16384;
  std::int64_t buffer_memory = 32 << 20;
  std::chrono::milliseconds max_block{60000};
  compression::codec compression = compression::codec::none;
  int compression_level = compression::default_level;      // of `compression`, from its level key
  std::int32_t max_request_size = 1 << 20;
  std::int32_t retries = std::numeric_limits<std::int32_t>::max();
  std::chrono::milliseconds delivery_timeout{120000};
  bool enable_idempotence = true;
  std::optional<std::string> transactional_id;              // transactional.id: a transactional producer
  std::chrono::milliseconds transaction_timeout{60000};     // transaction.timeout.ms
  partitioner_kind partitioner = partitioner_kind::default_partitioner;
  bool partitioner_ignore_keys = false;                     // partitioner.ignore.keys
  bool partitioner_adaptive = true;                         // partitioner.adaptive.partitioning.enable
  std::chrono::milliseconds partitioner_availability_timeout{0};  // partitioner.availability.timeout.ms
};

config_table producer_keys();
config_result parse_producer_config(const properties& in, producer_config& out);

}  // namespace kwire::client
