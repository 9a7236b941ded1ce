#pragma once
// Admin calls on security: ACLs (describe, create, delete), SCRAM users (describe, upsert, delete), client quotas (describe, alter).
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class security_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_security_calls {};

}  // namespace kwire::client
