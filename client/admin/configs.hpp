#pragma once
// Admin calls on configs: describe (topic, broker, broker logger, group, client metrics) and incremental alter.
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class configs_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_configs_calls {};

}  // namespace kwire::client
