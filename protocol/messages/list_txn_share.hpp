#pragma once
// The txn_share APIs (see messages.hpp).

#include <tuple>

#include "protocol/schema.hpp"

namespace kwire::protocol {

using txn_share_messages = std::tuple<>;

}  // namespace kwire::protocol
