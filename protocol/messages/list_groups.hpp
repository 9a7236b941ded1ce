#pragma once
// The groups APIs (see messages.hpp).

#include <tuple>

#include <kwire/protocol/messages/consumer_group_describe.hpp>
#include <kwire/protocol/messages/consumer_group_heartbeat.hpp>
#include <kwire/protocol/messages/delete_groups.hpp>
#include <kwire/protocol/messages/describe_groups.hpp>
#include <kwire/protocol/messages/find_coordinator.hpp>
#include <kwire/protocol/messages/heartbeat.hpp>
#include <kwire/protocol/messages/join_group.hpp>
#include <kwire/protocol/messages/leave_group.hpp>
#include <kwire/protocol/messages/list_groups_api.hpp>
#include <kwire/protocol/messages/sasl_authenticate.hpp>
#include <kwire/protocol/messages/sasl_handshake.hpp>
#include <kwire/protocol/messages/streams_group_describe.hpp>
#include <kwire/protocol/messages/streams_group_heartbeat.hpp>
#include <kwire/protocol/messages/sync_group.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

using groups_messages =
    std::tuple<message_pair<find_coordinator_request, find_coordinator_response>,
               message_pair<join_group_request, join_group_response>,
               message_pair<heartbeat_request, heartbeat_response>,
               message_pair<leave_group_request, leave_group_response>,
               message_pair<sync_group_request, sync_group_response>,
               message_pair<describe_groups_request, describe_groups_response>,
               message_pair<list_groups_request, list_groups_response>,
               message_pair<sasl_handshake_request, sasl_handshake_response>,
               message_pair<sasl_authenticate_request, sasl_authenticate_response>,
               message_pair<delete_groups_request, delete_groups_response>,
               message_pair<consumer_group_heartbeat_request, consumer_group_heartbeat_response>,
               message_pair<consumer_group_describe_request, consumer_group_describe_response>,
               message_pair<streams_group_heartbeat_request, streams_group_heartbeat_response>,
               message_pair<streams_group_describe_request, streams_group_describe_response>>;

}  // namespace kwire::protocol
