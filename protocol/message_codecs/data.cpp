// The one instantiation of the codecs of the data family (message_catalog.hpp): one translation
// unit per family keeps each compile short and the builds parallel.
#include <kwire/protocol/messages.hpp>

namespace kwire::protocol {

KWIRE_INSTANTIATE_FAMILY(data)

}  // namespace kwire::protocol
