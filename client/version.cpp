#include <kwire/version.hpp>

namespace kwire {

std::string_view version() noexcept { return KWIRE_VERSION_STRING; }

}  // namespace kwire
