#pragma once
// The data APIs (see messages.hpp).

#include <tuple>

#include <kwire/protocol/messages/delete_records.hpp>
#include <kwire/protocol/messages/describe_producers.hpp>
#include <kwire/protocol/messages/describe_topic_partitions.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/messages/list_offsets.hpp>
#include <kwire/protocol/messages/offset_commit.hpp>
#include <kwire/protocol/messages/offset_delete.hpp>
#include <kwire/protocol/messages/offset_fetch.hpp>
#include <kwire/protocol/messages/offset_for_leader_epoch.hpp>
#include <kwire/protocol/messages/produce.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

using data_messages = std::tuple<message_pair<produce_request, produce_response>,
                                 message_pair<fetch_request, fetch_response>,
                                 message_pair<list_offsets_request, list_offsets_response>,
                                 message_pair<offset_commit_request, offset_commit_response>,
                                 message_pair<offset_fetch_request, offset_fetch_response>,
                                 message_pair<delete_records_request, delete_records_response>,
                                 message_pair<offset_for_leader_epoch_request, offset_for_leader_epoch_response>,
                                 message_pair<offset_delete_request, offset_delete_response>,
                                 message_pair<describe_producers_request, describe_producers_response>,
                                 message_pair<describe_topic_partitions_request, describe_topic_partitions_response>>;

}  // namespace kwire::protocol
