#pragma once
// Admin calls on transactions (KIP-664): list, describe, describe producers, abort a hanging transaction, fence producers.
// Not yet built: the family's calls land here, in the pattern of topics.hpp.

#include <kwire/admin/admin_core.hpp>

namespace kwire::client {

// Asynchronous calls: kwire::admin inherits these.
template <class Self>
class transactions_calls {};

// Blocking calls: kwire::blocking_admin inherits these.
template <class Self>
class blocking_transactions_calls {};

}  // namespace kwire::client
