#pragma once
// Admin calls on consumer groups: list, describe (classic and consumer), delete, remove members; committed offsets: list, alter, delete; lag.
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class groups_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_groups_calls {};

}  // namespace kwire::client
