#include <kwire/consumer/lag.hpp>

#include <algorithm>

namespace kwire::client {

lag_report compute_lag(std::vector<partition_offsets> offsets) {
  lag_report r;
  std::sort(offsets.begin(), offsets.end(), [](const auto& a, const auto& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
  });
  for (auto& o : offsets) {
    lag_row row{std::move(o.topic), o.partition, o.end_offset, o.committed, std::nullopt};
    if (row.committed && *row.committed < 0) row.committed.reset();  // OffsetFetch's "no commit"
    if (row.end_offset && row.committed) {
      row.lag = *row.end_offset - *row.committed;
      r.total += *row.lag;
    } else {
      ++r.unknown;
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

}  // namespace kwire::client
