#pragma once
// What `kwire groups reset-offsets`, `kwire offsets` and `kwire records` share: partitions
// named on the command line (--topic T or T:0,2), the partitions of a topic, and points in time
// (--to-datetime 2026-12-07T10:00:00[.000][Z|+01:00], read as local time without a zone, as
// kafka-consumer-groups.sh reads it).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <kwire/admin/admin_blocking.hpp>

namespace kwire::cli {

// "T" (every partition: `partitions` empty) or "T:0,2". False (with `error`) on a bad number.
bool parse_topic_arg(const std::string& arg, std::string& topic, std::vector<std::int32_t>& partitions,
                     std::string& error);

// The partitions of `topic` as the cluster's metadata has them; throws kwire::error
// (unknown_topic_or_partition) for a topic the cluster does not have.
std::vector<topic_partition> partitions_of(blocking_admin& a, const std::string& topic);

// --topic arguments to partitions (a bare topic: all of its partitions).
std::vector<topic_partition> expand_topics(blocking_admin& a, const std::vector<std::string>& args);

// Milliseconds since the epoch of "YYYY-MM-DDTHH:MM:SS[.sss][Z|+HH:MM|-HH:MM]"; nullopt if malformed.
std::optional<std::int64_t> parse_datetime(const std::string& text);

// A whole number, or nullopt.
std::optional<std::int64_t> parse_int(const std::string& text);

// Splits on ',' outside [...] (kafka-configs.sh: --add-config 'k=[a,b],k2=v').
std::vector<std::string> split_top_level(const std::string& text);

}  // namespace kwire::cli
