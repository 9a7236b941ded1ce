#include <kwire/config/producer_config.hpp>

#include <kwire/config/consumer_config.hpp>

namespace kwire::client {
namespace {

using enum config_type;

constexpr std::string_view acks_values[] = {"all", "-1", "0", "1"};
constexpr std::string_view codecs[] = {"none", "gzip", "snappy", "lz4", "zstd"};
constexpr std::string_view partitioners[] = {"default", "sticky", "round_robin"};

// Level ranges are KIP-390's; compression::check_level has the final word below.
const config_key producer[] = {
    {"acks", enumeration, true, "all", 0, 0, acks_values, "replicas that must have a record before it counts as sent"},
    {"linger.ms", milliseconds, true, "5", 0, no_limit_max, {}, "wait this long for more records before sending a batch"},
    {"batch.size", bytes, true, "16384", 0, int32_max, {}, "bytes per partition batch before it is sent"},
    {"buffer.memory", bytes, true, "33554432", 0, no_limit_max, {}, "bytes of records waiting to be sent, all partitions"},
    {"max.block.ms", milliseconds, true, "60000", 0, no_limit_max, {},
     "how long send() may wait for buffer.memory or metadata"},
    {"compression.type", enumeration, true, "none", 0, 0, codecs, "codec of record batches"},
    {"compression.gzip.level", integer, true, "-1", -1, 9, {}, "gzip level 1..9, or -1 for zlib's default"},
    {"compression.lz4.level", integer, true, "9", 1, 17, {}, "lz4 level 1..17"},
    {"compression.zstd.level", integer, true, "3", -131072, 22, {}, "zstd level -131072..22"},
    {"max.request.size", bytes, true, "1048576", 0, int32_max, {}, "largest Produce request (and record)"},
    {"retries", integer, true, "2147483647", 0, int32_max, {}, "resends of a failed batch (delivery.timeout.ms rules)"},
    {"delivery.timeout.ms", milliseconds, true, "120000", 0, int32_max, {},
     "time from send() to success or failure, retries included"},
    {"enable.idempotence", boolean, true, "true", 0, 0, {}, "exactly-once per partition through sequence numbers"},
    {"partitioner", enumeration, true, "default", 0, 0, partitioners,
     "default (murmur2 keyed, sticky unkeyed), sticky, round_robin"},
    {"partitioner.ignore.keys", boolean, true, "false", 0, 0, {}, "keyed records are sticky too (KIP-794)"},
    {"partitioner.adaptive.partitioning.enable", boolean, true, "true", 0, 0, {},
     "the next sticky partition favours partitions with fewer batches waiting (KIP-794)"},
    {"partitioner.availability.timeout.ms", milliseconds, true, "0", 0, no_limit_max, {},
     "skip partitions whose leader could take no request for this long; 0: never (KIP-794)"},
    {"transactional.id", string, false, "", 0, 0, {},
     "makes the producer transactional (init_transactions, begin/commit/abort_transaction); implies idempotence"},
    {"transaction.timeout.ms", milliseconds, true, "60000", 1, int32_max, {},
     "how long the coordinator lets a transaction stay open before it aborts it"},
};

}  // namespace

config_table producer_keys() { return producer; }

config_result parse_producer_config(const properties& in, producer_config& out) {
  config_values v;
  const config_def def{"producer", {common_keys(), producer_keys()}, "consumer", {consumer_only_keys()}, java_producer};
  auto parsed = parse_config(def, in, v);  // its `ignored` is what a success returns
  if (!parsed) return parsed;
  if (auto res = to_cluster_config(v, out.cluster); !res) return res;

  const auto& acks = v.string("acks");
  out.acks = acks == "all" || acks == "-1" ? -1 : acks == "1" ? 1 : 0;
  out.linger = v.ms("linger.ms");
  out.batch_size = static_cast<std::int32_t>(v.integer("batch.size"));
  out.buffer_memory = v.integer("buffer.memory");
  out.max_block = v.ms("max.block.ms");
  out.max_request_size = static_cast<std::int32_t>(v.integer("max.request.size"));
  out.retries = static_cast<std::int32_t>(v.integer("retries"));
  const auto& part = v.string("partitioner");
  out.partitioner = part == "sticky"        ? partitioner_kind::sticky
                    : part == "round_robin" ? partitioner_kind::round_robin
                                            : partitioner_kind::default_partitioner;
  out.partitioner_ignore_keys = v.boolean("partitioner.ignore.keys");
  out.partitioner_adaptive = v.boolean("partitioner.adaptive.partitioning.enable");
  out.partitioner_availability_timeout = v.ms("partitioner.availability.timeout.ms");

  // Every level key is checked, the chosen codec's level is kept.
  const std::pair<compression::codec, const char*> level_keys[] = {{compression::codec::gzip, "compression.gzip.level"},
                                                                   {compression::codec::lz4, "compression.lz4.level"},
                                                                   {compression::codec::zstd, "compression.zstd.level"}};
  const auto& type = v.string("compression.type");
  out.compression = compression::codec::none;
  for (int c = 0; c <= 4; ++c)
    if (type == codecs[c]) out.compression = static_cast<compression::codec>(c);
  out.compression_level = compression::default_level;
  for (const auto& [codec, key] : level_keys) {
    const int level = static_cast<int>(v.integer(key));
    if (auto res = compression::check_level(codec, level); !res) return config_error(key, res.detail);
    if (codec == out.compression) out.compression_level = level;
  }

  // Idempotence (KIP-679): the user's explicit "true" is a promise kwire must keep or refuse.
  // A transactional producer is idempotent: settings that rule it out are refused, naming both.
  const bool idem_explicit = v.user_set("enable.idempotence");
  out.enable_idempotence = v.boolean("enable.idempotence");
  out.transaction_timeout = v.ms("transaction.timeout.ms");
  out.transactional_id.reset();
  if (v.user_set("transactional.id")) {
    const auto& id = v.string("transactional.id");
    if (id.empty()) return config_error("transactional.id", "must not be empty (leave it unset for a producer without transactions)");
    if (!out.enable_idempotence)
      return config_error("enable.idempotence", "is false, but transactional.id=" + id +
                                                    " needs the idempotent producer; remove enable.idempotence=false or transactional.id");
    if (out.acks != -1)
      return config_error("acks", "must be all with transactional.id=" + id + ", got " + acks);
    if (out.retries == 0) return config_error("retries", "must be non-zero with transactional.id=" + id);
    out.transactional_id = id;
  }
  const int in_flight = out.cluster.connection.max_in_flight;
  if (out.enable_idempotence) {
    if (out.retries == 0) {
      if (idem_explicit) return config_error("retries", "must be non-zero with enable.idempotence=true");
      out.enable_idempotence = false;
    }
    if (out.acks != -1) {
      if (idem_explicit) return config_error("acks", "must be all with enable.idempotence=true, got " + acks);
      out.enable_idempotence = false;
    }
  }
  if (out.enable_idempotence && in_flight > 5)
    return config_error("max.in.flight.requests.per.connection",
                        std::to_string(in_flight) +
                            " is above 5, the most the idempotent producer keeps in order; set it to at most 5 "
                            "or enable.idempotence=false");

  // delivery.timeout.ms must leave room for one linger and one request (Java's rule).
  const auto floor = out.linger + out.cluster.connection.request_timeout;
  out.delivery_timeout = v.ms("delivery.timeout.ms");
  if (out.delivery_timeout < floor) {
    if (v.user_set("delivery.timeout.ms"))
      return config_error("delivery.timeout.ms",
                          std::to_string(out.delivery_timeout.count()) + " must be at least linger.ms + request.timeout.ms = " +
                              std::to_string(floor.count()));
    out.delivery_timeout = floor;
  }
  return parsed;
}

}  // namespace kwire::client
