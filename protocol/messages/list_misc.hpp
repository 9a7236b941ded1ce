#pragma once
// The misc APIs (see messages.hpp).

#include <tuple>

#include "protocol/schema.hpp"

namespace kwire::protocol {

using misc_messages = std::tuple<>;

}  // namespace kwire::protocol
