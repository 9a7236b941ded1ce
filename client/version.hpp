#pragma once
// kwire's version: the macros for the preprocessor, kwire::version() at run time.

#include <string_view>

#define KWIRE_VERSION_MAJOR 0
#define KWIRE_VERSION_MINOR 2
#define KWIRE_VERSION_PATCH 0
#define KWIRE_VERSION_STRING "0.2.0"

namespace kwire {

// "MAJOR.MINOR.PATCH" of the library this program runs with (it may differ from the macros of
// the headers it was compiled against when kwire is a shared library).
std::string_view version() noexcept;

}  // namespace kwire
