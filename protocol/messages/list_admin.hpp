#pragma once
// The admin APIs (see messages.hpp).

#include <tuple>

#include <kwire/protocol/messages/alter_configs.hpp>
#include <kwire/protocol/messages/alter_partition_reassignments.hpp>
#include <kwire/protocol/messages/alter_replica_log_dirs.hpp>
#include <kwire/protocol/messages/create_acls.hpp>
#include <kwire/protocol/messages/create_partitions.hpp>
#include <kwire/protocol/messages/create_topics.hpp>
#include <kwire/protocol/messages/delete_acls.hpp>
#include <kwire/protocol/messages/delete_topics.hpp>
#include <kwire/protocol/messages/describe_acls.hpp>
#include <kwire/protocol/messages/describe_configs.hpp>
#include <kwire/protocol/messages/describe_log_dirs.hpp>
#include <kwire/protocol/messages/elect_leaders.hpp>
#include <kwire/protocol/messages/incremental_alter_configs.hpp>
#include <kwire/protocol/messages/list_partition_reassignments.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

using admin_messages =
    std::tuple<message_pair<create_topics_request, create_topics_response>,
               message_pair<delete_topics_request, delete_topics_response>,
               message_pair<describe_acls_request, describe_acls_response>,
               message_pair<create_acls_request, create_acls_response>,
               message_pair<delete_acls_request, delete_acls_response>,
               message_pair<describe_configs_request, describe_configs_response>,
               message_pair<alter_configs_request, alter_configs_response>,
               message_pair<alter_replica_log_dirs_request, alter_replica_log_dirs_response>,
               message_pair<describe_log_dirs_request, describe_log_dirs_response>,
               message_pair<create_partitions_request, create_partitions_response>,
               message_pair<elect_leaders_request, elect_leaders_response>,
               message_pair<incremental_alter_configs_request, incremental_alter_configs_response>,
               message_pair<alter_partition_reassignments_request, alter_partition_reassignments_response>,
               message_pair<list_partition_reassignments_request, list_partition_reassignments_response>>;

}  // namespace kwire::protocol
