#pragma once
// Admin calls on the cluster: describe cluster (id, controller, nodes), features, log dirs, elect leaders, partition reassignments.
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class cluster_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_cluster_calls {};

}  // namespace kwire::client
