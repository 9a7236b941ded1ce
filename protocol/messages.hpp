#pragma once
// Every message kwire declares, and the list of (request, response) pairs by API key.

#include <tuple>

#include "protocol/messages/api_versions.hpp"
#include "protocol/messages/metadata.hpp"

namespace kwire::protocol {

template <class Request, class Response>
struct message_pair {
  using request = Request;
  using response = Response;
};

// One entry per implemented API; tests and tools iterate this list.
using all_messages = std::tuple<
    message_pair<api_versions_request, api_versions_response>,
    message_pair<metadata_request, metadata_response>>;

}  // namespace kwire::protocol
