#pragma once
// Where a produced record landed: what a send's future, callback or handler gets.

#include <cstdint>
#include <string>

namespace kwire {

// On error, `error_detail` says why (naming the topic-partition, the broker's error and its
// message) and partition and offset are -1 when the record never got there; the blocking
// producer's future throws kwire::error with that text instead.
struct record_metadata {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;      // -1 with acks=0 (the broker does not answer)
  std::int64_t timestamp = -1;   // the record's CreateTime, or the broker's LogAppendTime
  std::string error_detail;
};

}  // namespace kwire
