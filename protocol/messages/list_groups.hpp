#pragma once
// ListGroups (key 16): every group a broker coordinates, optionally filtered by state and type.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct list_groups_request {
  static constexpr auto api = api_key::list_groups;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "ListGroupsRequest";

  std::vector<std::string> states_filter;
  std::vector<std::string> types_filter;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_groups_request;
    return std::tuple{
        field(&S::states_filter, "StatesFilter", from(4)),
        field(&S::types_filter, "TypesFilter", from(5)),
    };
  }
  bool operator==(const list_groups_request&) const = default;
};

struct list_groups_response {
  static constexpr auto api = api_key::list_groups;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "ListGroupsResponse";

  struct listed_group {
    static constexpr std::string_view schema_name = "ListedGroup";
    std::string group_id;
    std::string protocol_type;
    std::string group_state;
    std::string group_type;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = listed_group;
      return std::tuple{
          field(&S::group_id, "GroupId", from(0)),
          field(&S::protocol_type, "ProtocolType", from(0)),
          field(&S::group_state, "GroupState", from(4)).ignorable_field(),
          field(&S::group_type, "GroupType", from(5)).ignorable_field(),
      };
    }
    bool operator==(const listed_group&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::vector<listed_group> groups;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = list_groups_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(1)).ignorable_field(),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::groups, "Groups", from(0)),
    };
  }
  bool operator==(const list_groups_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(list_groups_request)
KWIRE_EXTERN_MESSAGE_CODEC(list_groups_response)

}  // namespace kwire::protocol
