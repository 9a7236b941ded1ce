#pragma once
// Every family's conformance cases (see case.hpp).

#include "tests/conformance/cases/admin.hpp"
#include "tests/conformance/cases/base.hpp"
#include "tests/conformance/cases/data.hpp"
#include "tests/conformance/cases/groups.hpp"
#include "tests/conformance/cases/misc.hpp"
#include "tests/conformance/cases/txn_share.hpp"
