#pragma once
// The embedded "consumer" protocol of the classic group protocol: what a member puts in the
// JoinGroup protocol metadata (ConsumerProtocolSubscription) and what the leader hands out in
// SyncGroup (ConsumerProtocolAssignment). The broker treats both as opaque bytes; every Kafka
// client reads them, so they are written exactly as the Java client's ConsumerProtocol does.
//
// Both are "data" schemas in kafka-clients (common/message/ConsumerProtocol*.json), declared
// here with protocol/'s field descriptors so the one codec visitor encodes and decodes them.
// They are never flexible: classic strings, int32-counted arrays, and the version travels as a
// leading int16 in front of the body.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <kwire/protocol/codec.hpp>
#include <kwire/topic_partition.hpp>
#include <kwire/protocol/schema.hpp>
#include <kwire/protocol/wire.hpp>

namespace kwire::client::group {

using protocol::byte_view;
using protocol::bytes;

// The newest version of both schemas that kwire (and kafka-clients 4.3) knows.
inline constexpr std::int16_t consumer_protocol_max_version = 3;

struct consumer_protocol_subscription {
  static constexpr std::string_view schema_name = "ConsumerProtocolSubscription";

  struct topic_partition {
    static constexpr std::string_view schema_name = "TopicPartition";
    std::string topic;
    std::vector<std::int32_t> partitions;
    protocol::tagged_fields unknown_tags;  // the codec's struct shape; never used (not flexible)
    static constexpr auto fields() {
      using S = topic_partition;
      return std::tuple{
          protocol::field(&S::topic, "Topic", protocol::from(1)),
          protocol::field(&S::partitions, "Partitions", protocol::from(1)),
      };
    }
    bool operator==(const topic_partition&) const = default;
  };

  std::vector<std::string> topics;
  std::optional<bytes> user_data;
  std::vector<topic_partition> owned_partitions;  // v1+
  std::int32_t generation_id = -1;                // v2+
  std::optional<std::string> rack_id;             // v3+
  protocol::tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = consumer_protocol_subscription;
    using protocol::all;
    using protocol::field;
    using protocol::from;
    return std::tuple{
        field(&S::topics, "Topics", all),
        field(&S::user_data, "UserData", all).nullable(all),
        field(&S::owned_partitions, "OwnedPartitions", from(1)).ignorable_field(),
        field(&S::generation_id, "GenerationId", from(2)).ignorable_field(),
        field(&S::rack_id, "RackId", from(3)).nullable(from(3)).ignorable_field(),
    };
  }
  bool operator==(const consumer_protocol_subscription&) const = default;
};

struct consumer_protocol_assignment {
  static constexpr std::string_view schema_name = "ConsumerProtocolAssignment";

  struct topic_partition {
    static constexpr std::string_view schema_name = "TopicPartition";
    std::string topic;
    std::vector<std::int32_t> partitions;
    protocol::tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = topic_partition;
      return std::tuple{
          protocol::field(&S::topic, "Topic", protocol::all),
          protocol::field(&S::partitions, "Partitions", protocol::all),
      };
    }
    bool operator==(const topic_partition&) const = default;
  };

  std::vector<topic_partition> assigned_partitions;
  std::optional<bytes> user_data;
  protocol::tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = consumer_protocol_assignment;
    using protocol::all;
    using protocol::field;
    return std::tuple{
        field(&S::assigned_partitions, "AssignedPartitions", all),
        field(&S::user_data, "UserData", all).nullable(all),
    };
  }
  bool operator==(const consumer_protocol_assignment&) const = default;
};

// Writes the int16 version and the body at that version (0..3) to `out`.
protocol::codec_result encode(const consumer_protocol_subscription& s, std::int16_t version, bytes& out);
protocol::codec_result encode(const consumer_protocol_assignment& a, std::int16_t version, bytes& out);

// Reads the int16 version and the body. As in the Java client, a version above 3 is read with the
// v3 schema (newer versions may only append fields) and what follows is ignored; a negative
// version is an error, and a version 0..3 body must span the input exactly. `version` receives
// the version found on the wire (before clamping).
protocol::codec_result decode(byte_view in, consumer_protocol_subscription& out, std::int16_t* version = nullptr);
protocol::codec_result decode(byte_view in, consumer_protocol_assignment& out, std::int16_t* version = nullptr);

// ---- the flat view the assignors work on ------------------------------------------------

using kwire::topic_partition;

// What a member subscribes with, in the Java client's terms (ConsumerPartitionAssignor.Subscription).
struct subscription {
  std::vector<std::string> topics;
  std::optional<bytes> user_data;
  std::vector<topic_partition> owned_partitions;
  std::optional<std::int32_t> generation_id;  // absent below v2 and when the wire holds < 0
  std::optional<std::string> rack_id;         // absent below v3, when null and when empty
};

// Java's ConsumerProtocol.serializeSubscription: topics sorted, owned partitions sorted by
// (topic, partition) and grouped per topic, a missing generation written as -1.
consumer_protocol_subscription to_wire(const subscription& s);
subscription from_wire(const consumer_protocol_subscription& w);

// Java's serializeAssignment groups partitions per topic in the order topics first appear.
consumer_protocol_assignment to_wire(const std::vector<topic_partition>& partitions,
                                     std::optional<bytes> user_data = std::nullopt);
std::vector<topic_partition> from_wire(const consumer_protocol_assignment& w);

// CooperativeStickyAssignor's subscription user data: the member's last generation as an int32
// (-1 before its first assignment). Java sends it beside the v2+ GenerationId field so that
// leaders that only read user data still see it.
bytes cooperative_sticky_user_data(std::int32_t generation);
// Java's reading of it: absent user data -> no generation; fewer than 4 bytes -> -1 (Java
// catches the underflow and uses -1); otherwise the leading int32 (the rest is ignored).
std::optional<std::int32_t> cooperative_sticky_generation(const std::optional<bytes>& user_data);

}  // namespace kwire::client::group
