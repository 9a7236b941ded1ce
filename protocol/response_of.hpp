#pragma once
// response_of<Req>::type: the response struct of each request struct, for every message of
// message_catalog.hpp. Forward declarations only, so that including it costs nothing; the
// message header itself (protocol/messages/*.hpp) completes the types.

#include <kwire/protocol/message_catalog.hpp>

namespace kwire::protocol {

template <class Request>
struct response_of;  // no definition: a type that is not a request has no response

template <class Request>
using response_of_t = typename response_of<Request>::type;

#define KWIRE_RESPONSE_OF(name, lo, hi) \
  struct name##_request;                \
  struct name##_response;               \
  template <>                           \
  struct response_of<name##_request> {  \
    using type = name##_response;       \
  };
KWIRE_ALL_MESSAGES(KWIRE_RESPONSE_OF)
#undef KWIRE_RESPONSE_OF

}  // namespace kwire::protocol
