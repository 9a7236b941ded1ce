#pragma once
// The admin APIs (see messages.hpp).

#include <tuple>

#include "protocol/schema.hpp"

namespace kwire::protocol {

using admin_messages = std::tuple<>;

}  // namespace kwire::protocol
