#pragma once
// AddRaftVoter (key 80): adds a controller to the KRaft voter set (KIP-853).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct add_raft_voter_request {
  static constexpr auto api = api_key::add_raft_voter;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "AddRaftVoterRequest";

  struct listener {
    static constexpr std::string_view schema_name = "Listener";
    std::string name;
    std::string host;
    std::uint16_t port = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = listener;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::port, "Port", from(0)),
      };
    }
    bool operator==(const listener&) const = default;
  };

  std::optional<std::string> cluster_id = "";
  std::int32_t timeout_ms = 0;
  std::int32_t voter_id = 0;
  uuid voter_directory_id;
  std::vector<listener> listeners;
  bool ack_when_committed = true;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_raft_voter_request;
    return std::tuple{
        field(&S::cluster_id, "ClusterId", from(0)).nullable(from(0)),
        field(&S::timeout_ms, "TimeoutMs", from(0)),
        field(&S::voter_id, "VoterId", from(0)),
        field(&S::voter_directory_id, "VoterDirectoryId", from(0)),
        field(&S::listeners, "Listeners", from(0)),
        field(&S::ack_when_committed, "AckWhenCommitted", from(1)),
    };
  }
  bool operator==(const add_raft_voter_request&) const = default;
};

struct add_raft_voter_response {
  static constexpr auto api = api_key::add_raft_voter;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "AddRaftVoterResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message = "";
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = add_raft_voter_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)).ignorable_field(),
    };
  }
  bool operator==(const add_raft_voter_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(add_raft_voter_request)
KWIRE_EXTERN_MESSAGE_CODEC(add_raft_voter_response)

}  // namespace kwire::protocol
