#pragma once
// Conformance cases for the groups APIs (protocol/messages/list_groups.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {}  // namespace kwire::conformance
