#pragma once
// Admin calls on offsets and records: list offsets (earliest, latest, max-timestamp, by time), delete records.
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class records_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_records_calls {};

}  // namespace kwire::client
