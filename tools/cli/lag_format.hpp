#pragma once
// `kwire lag` output: the lag report (client/consumer/lag.hpp) as a table or as JSON.

#include <string>
#include <string_view>

#include <kwire/consumer/lag.hpp>

namespace kwire::client {

// A table with a header line, one line per partition, then "TOTAL": columns aligned.
std::string lag_text(std::string_view group, const lag_report& r);
// {"group":"g","partitions":[{"topic":"t","partition":0,"end_offset":10,"committed":4,"lag":6}],
//  "total_lag":6,"unknown_lag_partitions":0} and a newline.
std::string lag_json(std::string_view group, const lag_report& r);

}  // namespace kwire::client
