#pragma once
// The misc APIs (see messages.hpp).

#include <tuple>

#include <kwire/protocol/messages/add_raft_voter.hpp>
#include <kwire/protocol/messages/alter_client_quotas.hpp>
#include <kwire/protocol/messages/alter_user_scram_credentials.hpp>
#include <kwire/protocol/messages/create_delegation_token.hpp>
#include <kwire/protocol/messages/describe_client_quotas.hpp>
#include <kwire/protocol/messages/describe_cluster.hpp>
#include <kwire/protocol/messages/describe_delegation_token.hpp>
#include <kwire/protocol/messages/describe_quorum.hpp>
#include <kwire/protocol/messages/describe_user_scram_credentials.hpp>
#include <kwire/protocol/messages/expire_delegation_token.hpp>
#include <kwire/protocol/messages/get_telemetry_subscriptions.hpp>
#include <kwire/protocol/messages/list_config_resources.hpp>
#include <kwire/protocol/messages/push_telemetry.hpp>
#include <kwire/protocol/messages/remove_raft_voter.hpp>
#include <kwire/protocol/messages/renew_delegation_token.hpp>
#include <kwire/protocol/messages/unregister_broker.hpp>
#include <kwire/protocol/messages/update_features.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

using misc_messages = std::tuple<
    message_pair<create_delegation_token_request, create_delegation_token_response>,
    message_pair<renew_delegation_token_request, renew_delegation_token_response>,
    message_pair<expire_delegation_token_request, expire_delegation_token_response>,
    message_pair<describe_delegation_token_request, describe_delegation_token_response>,
    message_pair<describe_client_quotas_request, describe_client_quotas_response>,
    message_pair<alter_client_quotas_request, alter_client_quotas_response>,
    message_pair<describe_user_scram_credentials_request, describe_user_scram_credentials_response>,
    message_pair<alter_user_scram_credentials_request, alter_user_scram_credentials_response>,
    message_pair<describe_quorum_request, describe_quorum_response>,
    message_pair<update_features_request, update_features_response>,
    message_pair<describe_cluster_request, describe_cluster_response>,
    message_pair<unregister_broker_request, unregister_broker_response>,
    message_pair<get_telemetry_subscriptions_request, get_telemetry_subscriptions_response>,
    message_pair<push_telemetry_request, push_telemetry_response>,
    message_pair<list_config_resources_request, list_config_resources_response>,
    message_pair<add_raft_voter_request, add_raft_voter_response>,
    message_pair<remove_raft_voter_request, remove_raft_voter_response>>;

}  // namespace kwire::protocol
