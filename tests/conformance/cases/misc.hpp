#pragma once
// Conformance cases for the misc APIs (protocol/messages/list_misc.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {}  // namespace kwire::conformance
