#pragma once
// Conformance cases for the admin APIs (protocol/messages/list_admin.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {}  // namespace kwire::conformance
