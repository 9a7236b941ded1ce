#pragma once
// Conformance cases for the txn_share APIs (protocol/messages/list_txn_share.hpp); see case.hpp.

#include "tests/conformance/cases/case.hpp"

namespace kwire::conformance {}  // namespace kwire::conformance
