#pragma once
// DeleteGroups (key 42): delete empty groups and their committed offsets.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct delete_groups_request {
  static constexpr auto api = api_key::delete_groups;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DeleteGroupsRequest";

  std::vector<std::string> groups_names;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_groups_request;
    return std::tuple{
        field(&S::groups_names, "GroupsNames", from(0)),
    };
  }
  bool operator==(const delete_groups_request&) const = default;
};

struct delete_groups_response {
  static constexpr auto api = api_key::delete_groups;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DeleteGroupsResponse";

  struct deletable_group_result {
    static constexpr std::string_view schema_name = "DeletableGroupResult";
    std::string group_id;
    std::int16_t error_code = 0;
    std::optional<std::string> error_message;  // v3: why, e.g. for GROUP_DELETION_FAILED
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = deletable_group_result;
      return std::tuple{
          field(&S::group_id, "GroupId", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
          field(&S::error_message, "ErrorMessage", from(3)).nullable(from(3)).ignorable_field(),
      };
    }
    bool operator==(const deletable_group_result&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::vector<deletable_group_result> results;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = delete_groups_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::results, "Results", from(0)),
    };
  }
  bool operator==(const delete_groups_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(delete_groups_request)
KWIRE_EXTERN_MESSAGE_CODEC(delete_groups_response)

}  // namespace kwire::protocol
