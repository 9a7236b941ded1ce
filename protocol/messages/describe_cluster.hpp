#pragma once
// DescribeCluster (key 60): cluster id, controller and brokers (or controllers, by endpoint type).

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct describe_cluster_request {
  static constexpr auto api = api_key::describe_cluster;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "DescribeClusterRequest";

  bool include_cluster_authorized_operations = false;
  std::int8_t endpoint_type = 1;  // 1 brokers, 2 controllers
  bool include_fenced_brokers = false;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_cluster_request;
    return std::tuple{
        field(&S::include_cluster_authorized_operations, "IncludeClusterAuthorizedOperations", from(0)),
        field(&S::endpoint_type, "EndpointType", from(1)),
        field(&S::include_fenced_brokers, "IncludeFencedBrokers", from(2)),
    };
  }
  bool operator==(const describe_cluster_request&) const = default;
};

struct describe_cluster_response {
  static constexpr auto api = api_key::describe_cluster;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "DescribeClusterResponse";

  struct describe_cluster_broker {
    static constexpr std::string_view schema_name = "DescribeClusterBroker";
    std::int32_t broker_id = 0;
    std::string host;
    std::int32_t port = 0;
    std::optional<std::string> rack;
    bool is_fenced = false;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = describe_cluster_broker;
      return std::tuple{
          field(&S::broker_id, "BrokerId", from(0)),
          field(&S::host, "Host", from(0)),
          field(&S::port, "Port", from(0)),
          field(&S::rack, "Rack", from(0)).nullable(from(0)),
          field(&S::is_fenced, "IsFenced", from(2)),
      };
    }
    bool operator==(const describe_cluster_broker&) const = default;
  };

  std::int32_t throttle_time_ms = 0;
  std::int16_t error_code = 0;
  std::optional<std::string> error_message;
  std::int8_t endpoint_type = 1;
  std::string cluster_id;
  std::int32_t controller_id = -1;
  std::vector<describe_cluster_broker> brokers;
  std::int32_t cluster_authorized_operations = std::numeric_limits<std::int32_t>::min();
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = describe_cluster_response;
    return std::tuple{
        field(&S::throttle_time_ms, "ThrottleTimeMs", from(0)),
        field(&S::error_code, "ErrorCode", from(0)),
        field(&S::error_message, "ErrorMessage", from(0)).nullable(from(0)),
        field(&S::endpoint_type, "EndpointType", from(1)),
        field(&S::cluster_id, "ClusterId", from(0)),
        field(&S::controller_id, "ControllerId", from(0)),
        field(&S::brokers, "Brokers", from(0)),
        field(&S::cluster_authorized_operations, "ClusterAuthorizedOperations", from(0)),
    };
  }
  bool operator==(const describe_cluster_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(describe_cluster_request)
KWIRE_EXTERN_MESSAGE_CODEC(describe_cluster_response)

}  // namespace kwire::protocol
