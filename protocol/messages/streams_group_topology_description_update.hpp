#pragma once
// StreamsGroupTopologyDescriptionUpdate (key 93, Kafka 4.4, KIP-1331): a streams group member
// sends its topology's description when StreamsGroupHeartbeat v1+ says the broker needs it.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/messages/streams_topology_description.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct streams_group_topology_description_update_request {
  static constexpr auto api = api_key::streams_group_topology_description_update;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "StreamsGroupTopologyDescriptionUpdateRequest";

  using topology_description = streams_topology::topology_description;

  std::string group_id;
  std::string member_id;
  std::int32_t topology_epoch = 0;
  topology_description description;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_topology_description_update_request;
    return std::tuple{
        field(&S::group_id, "GroupId", from(0)),
        field(&S::member_id, "MemberId", from(0)),
        field(&S::topology_epoch, "TopologyEpoch", from(0)),
        field(&S::description, "TopologyDescription", from(0)),
    };
  }
  bool operator==(const streams_group_topology_description_update_request&) const = default;
};

struct streams_group_topology_description_update_response {
  static constexpr auto api = api_key::streams_group_topology_description_update;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "StreamsGroupTopologyDescriptionUpdateResponse";

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = streams_group_topology_description_update_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
    };
  }
  bool operator==(const streams_group_topology_description_update_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(streams_group_topology_description_update_request)
KWIRE_EXTERN_MESSAGE_CODEC(streams_group_topology_description_update_response)

}  // namespace kwire::protocol
