#pragma once
// RemoveRaftVoter (key 81): removes a controller from the KRaft voter set (KIP-853).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct remove_raft_voter_request {
  static constexpr auto api = api_key::remove_raft_voter;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "RemoveRaftVoterRequest";

  std::optional<std::string> cluster_id = "";
  std::int32_t voter_id = 0;
  uuid voter_directory_id;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = remove_raft_voter_request;
    return std::tuple{
        field(&S::cluster_id, "ClusterId", from(0)).nullable(from(0)),
        field(&S::voter_id, "VoterId", from(0)),
        field(&S::voter_directory_id, "VoterDirectoryId", from(0)),
    };
  }
  bool operator==(const remove_raft_voter_request&) const = default;
};

struct remove_raft_voter_response {
  static constexpr auto api = api_key::remove_raft_voter;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "RemoveRaftVoterResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = remove_raft_voter_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)).ignorable_field(),
    };
  }
  bool operator==(const remove_raft_voter_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(remove_raft_voter_request)
KWIRE_EXTERN_MESSAGE_CODEC(remove_raft_voter_response)

}  // namespace kwire::protocol
