#pragma once
// Conformance cases for the data APIs (protocol/messages/list_data.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {}  // namespace kwire::conformance
