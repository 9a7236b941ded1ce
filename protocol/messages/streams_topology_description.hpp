#pragma once
// The topology description of a KIP-1071 streams group (KIP-1331): what a Kafka Streams
// application's processing graph looks like. Declared once here, used by
// StreamsGroupTopologyDescriptionUpdate's request (v0+) and StreamsGroupDescribe's response (v1+);
// Kafka's schemas give both the same common structs. The fields are from(0): a struct's fields are
// read only where the field holding the struct is, and that field carries the version range.

#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol::streams_topology {

struct node_description {
  static constexpr std::string_view schema_name = "TopologyDescriptionNode";
  std::string name;
  std::int8_t node_type = 0;  // 1 source, 2 processor, 3 sink
  std::vector<std::string> source_topics;
  std::optional<std::string> sink_topic;
  std::vector<std::string> stores;
  std::vector<std::string> successors;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = node_description;
    return std::tuple{
        field(&S::name, "Name", from(0)),
        field(&S::node_type, "NodeType", from(0)),
        field(&S::source_topics, "SourceTopics", from(0)),
        field(&S::sink_topic, "SinkTopic", from(0)).nullable(from(0)),
        field(&S::stores, "Stores", from(0)),
        field(&S::successors, "Successors", from(0)),
    };
  }
  bool operator==(const node_description&) const = default;
};

struct subtopology_description {
  static constexpr std::string_view schema_name = "TopologyDescriptionSubtopology";
  std::string subtopology_id;
  std::vector<node_description> nodes;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = subtopology_description;
    return std::tuple{
        field(&S::subtopology_id, "SubtopologyId", from(0)),
        field(&S::nodes, "Nodes", from(0)),
    };
  }
  bool operator==(const subtopology_description&) const = default;
};

struct global_store_description {
  static constexpr std::string_view schema_name = "TopologyDescriptionGlobalStore";
  node_description source;
  node_description processor;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = global_store_description;
    return std::tuple{
        field(&S::source, "Source", from(0)),
        field(&S::processor, "Processor", from(0)),
    };
  }
  bool operator==(const global_store_description&) const = default;
};

struct topology_description {
  static constexpr std::string_view schema_name = "TopologyDescription";
  std::vector<subtopology_description> subtopologies;
  std::vector<global_store_description> global_stores;
  tagged_fields unknown_tags;
  static constexpr auto fields() {
    using S = topology_description;
    return std::tuple{
        field(&S::subtopologies, "Subtopologies", from(0)),
        field(&S::global_stores, "GlobalStores", from(0)),
    };
  }
  bool operator==(const topology_description&) const = default;
};

}  // namespace kwire::protocol::streams_topology
