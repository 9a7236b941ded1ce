#pragma once
// Every message kwire declares, as (request, response) pairs. Each list_*.hpp names one family
// of APIs; tests and tools iterate all_messages.

#include <tuple>

#include <kwire/protocol/messages/api_versions.hpp>
#include <kwire/protocol/messages/list_admin.hpp>
#include <kwire/protocol/messages/list_data.hpp>
#include <kwire/protocol/messages/list_groups.hpp>
#include <kwire/protocol/messages/list_misc.hpp>
#include <kwire/protocol/messages/list_txn_share.hpp>
#include <kwire/protocol/messages/metadata.hpp>

namespace kwire::protocol {

using base_messages = std::tuple<message_pair<api_versions_request, api_versions_response>,
                                 message_pair<metadata_request, metadata_response>>;

using all_messages = decltype(std::tuple_cat(std::declval<base_messages>(), std::declval<data_messages>(),
                                             std::declval<groups_messages>(), std::declval<txn_share_messages>(),
                                             std::declval<admin_messages>(), std::declval<misc_messages>()));

}  // namespace kwire::protocol
