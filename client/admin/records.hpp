#pragma once
// Admin calls on offsets and records: list offsets (earliest, latest, max-timestamp, by time)
// and delete records before an offset.
//
//   kwire::blocking_admin a({{"bootstrap.servers", "localhost:9092"}});
//   auto ends = a.list_offsets({{{"orders", 0}, kwire::offset_spec::latest()}});
//   ends.at({"orders", 0}).get().offset;
//   a.delete_records({{{"orders", 0}, 42}}).at({"orders", 0}).get();   // the new low watermark
//
// Both go to each partition's leader, one request per leader for all its partitions; a
// partition whose leader moved is asked again after a metadata refresh. Each partition has its
// own outcome.

#include <cstdint>
#include <map>

#include <kwire/admin/admin_core.hpp>
#include <kwire/topic_partition.hpp>

namespace kwire::client {

// ---- what a user hands over and gets back ----

// Which offset of a partition: ListOffsets' timestamp.
struct offset_spec {
  std::int64_t timestamp = -1;
  static offset_spec latest() { return {-1}; }         // the log end offset (high watermark)
  static offset_spec earliest() { return {-2}; }       // the log start offset
  static offset_spec max_timestamp() { return {-3}; }  // the record with the largest timestamp (Kafka 3.0+)
  // The first offset whose timestamp is at or after `ms` (epoch milliseconds); none: offset -1.
  static offset_spec for_time(std::int64_t ms) { return {ms}; }
};

struct listed_offset {
  std::int64_t offset = -1;      // -1: no record at or after the timestamp
  std::int64_t timestamp = -1;   // the record's timestamp (max_timestamp, for_time)
  std::int32_t leader_epoch = -1;
};
using listed_offsets = std::map<topic_partition, result<listed_offset>>;

struct list_offsets_options : admin_options {
  bool read_committed = false;  // latest = the last stable offset instead of the high watermark
};

// Per partition: the partition's low watermark (log start offset) after the deletion.
using deleted_records = std::map<topic_partition, result<std::int64_t>>;

// ---- the family's functions (records.cpp) ----

namespace admin_detail {
void list_offsets(admin_core& a, std::map<topic_partition, offset_spec> specs, list_offsets_options options,
                  admin_core::detailed<listed_offsets> done);
// `before`: delete every record below this offset; -1 means up to the high watermark.
void delete_records(admin_core& a, std::map<topic_partition, std::int64_t> before, admin_options options,
                    admin_core::detailed<deleted_records> done);
}  // namespace admin_detail

// ---- asynchronous calls: kwire::admin inherits these ----
template <class Self>
class records_calls {
 public:
  template <class Token>
  auto async_list_offsets(std::map<topic_partition, offset_spec> specs, list_offsets_options options, error_info& diag,
                          Token&& token) {
    return core().template initiate<listed_offsets>(
        &diag, std::forward<Token>(token), [specs = std::move(specs), options](admin_core& a, auto h) mutable {
          admin_detail::list_offsets(a, std::move(specs), options, std::move(h));
        });
  }
  template <class Token>
  auto async_list_offsets(std::map<topic_partition, offset_spec> specs, list_offsets_options options, Token&& token) {
    return async_list_offsets(std::move(specs), options, admin_core::discard(), std::forward<Token>(token));
  }

  template <class Token>
  auto async_delete_records(std::map<topic_partition, std::int64_t> before, admin_options options, error_info& diag,
                            Token&& token) {
    return core().template initiate<deleted_records>(
        &diag, std::forward<Token>(token), [before = std::move(before), options](admin_core& a, auto h) mutable {
          admin_detail::delete_records(a, std::move(before), options, std::move(h));
        });
  }
  template <class Token>
  auto async_delete_records(std::map<topic_partition, std::int64_t> before, admin_options options, Token&& token) {
    return async_delete_records(std::move(before), options, admin_core::discard(), std::forward<Token>(token));
  }

 private:
  admin_core& core() { return static_cast<Self&>(*this); }
};

// ---- blocking calls: kwire::blocking_admin inherits these ----
template <class Self>
class blocking_records_calls {
 public:
  listed_offsets list_offsets(std::map<topic_partition, offset_spec> specs, list_offsets_options options = {}) {
    return self().template wait<listed_offsets>([&](error_info& diag, auto h) {
      self().async().async_list_offsets(std::move(specs), options, diag, std::move(h));
    });
  }
  deleted_records delete_records(std::map<topic_partition, std::int64_t> before, admin_options options = {}) {
    return self().template wait<deleted_records>([&](error_info& diag, auto h) {
      self().async().async_delete_records(std::move(before), options, diag, std::move(h));
    });
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

}  // namespace kwire::client

namespace kwire {
using client::deleted_records;
using client::list_offsets_options;
using client::listed_offset;
using client::listed_offsets;
using client::offset_spec;
}  // namespace kwire
