#pragma once
// The groups APIs (see messages.hpp).

#include <tuple>

#include "protocol/schema.hpp"

namespace kwire::protocol {

using groups_messages = std::tuple<>;

}  // namespace kwire::protocol
