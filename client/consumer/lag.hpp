#pragma once
// `kwire lag -g GROUP`: how far a group's committed offsets are behind the end of each partition.
// The broker calls (ListOffsets for the end offsets, OffsetFetch for the commits) happen
// elsewhere; this is the arithmetic (tools/cli/lag_format.hpp prints it).
//
// lag = end offset - committed offset, per partition. A partition without a commit (OffsetFetch
// answers -1) or whose end offset is unknown has an unknown lag: it prints as "-" (null in
// JSON), as Java's kafka-consumer-groups.sh does, and is left out of the total, which therefore
// covers only the partitions with a known lag (`unknown` counts the others). A commit beyond the
// end offset (the log was truncated or deleted after the commit) gives a negative lag, shown as
// is, also as the Java tool does: it says the commit points past the data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kwire::client {

struct partition_offsets {
  std::string topic;
  std::int32_t partition = 0;
  std::optional<std::int64_t> end_offset;  // absent when ListOffsets failed for it
  std::optional<std::int64_t> committed;   // absent (or -1) when the group has no commit
};

struct lag_row {
  std::string topic;
  std::int32_t partition = 0;
  std::optional<std::int64_t> end_offset;
  std::optional<std::int64_t> committed;
  std::optional<std::int64_t> lag;
  bool operator==(const lag_row&) const = default;
};

struct lag_report {
  std::vector<lag_row> rows;  // sorted by (topic, partition)
  std::int64_t total = 0;     // sum of the known lags
  std::size_t unknown = 0;    // rows whose lag is unknown
};

lag_report compute_lag(std::vector<partition_offsets> offsets);

}  // namespace kwire::client
