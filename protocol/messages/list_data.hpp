#pragma once
// The data APIs (see messages.hpp).

#include <tuple>

#include "protocol/schema.hpp"

namespace kwire::protocol {

using data_messages = std::tuple<>;

}  // namespace kwire::protocol
