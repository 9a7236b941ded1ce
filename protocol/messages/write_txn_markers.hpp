#pragma once
// WriteTxnMarkers (key 27): the coordinator asks partition leaders to write commit or abort
// markers. Kafka 4 dropped v0; kwire keeps it for 3.9 brokers.

#include <kwire/protocol/api.hpp>
#include <kwire/protocol/message.hpp>
#include <kwire/protocol/schema.hpp>

namespace kwire::protocol {

struct write_txn_markers_request {
  static constexpr auto api = api_key::write_txn_markers;
  static constexpr bool is_request = true;
  static constexpr std::string_view schema_name = "WriteTxnMarkersRequest";

  struct writable_txn_marker_topic {
    static constexpr std::string_view schema_name = "WritableTxnMarkerTopic";
    std::string name;
    std::vector<std::int32_t> partition_indexes;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = writable_txn_marker_topic;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partition_indexes, "PartitionIndexes", from(0)),
      };
    }
    bool operator==(const writable_txn_marker_topic&) const = default;
  };

  struct writable_txn_marker {
    static constexpr std::string_view schema_name = "WritableTxnMarker";
    std::int64_t producer_id = 0;
    std::int16_t producer_epoch = 0;
    bool transaction_result = false;
    std::vector<writable_txn_marker_topic> topics;
    std::int32_t coordinator_epoch = 0;
    std::int8_t transaction_version = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = writable_txn_marker;
      return std::tuple{
          field(&S::producer_id, "ProducerId", from(0)),
          field(&S::producer_epoch, "ProducerEpoch", from(0)),
          field(&S::transaction_result, "TransactionResult", from(0)),
          field(&S::topics, "Topics", from(0)),
          field(&S::coordinator_epoch, "CoordinatorEpoch", from(0)),
          field(&S::transaction_version, "TransactionVersion", from(2)).ignorable_field(),
      };
    }
    bool operator==(const writable_txn_marker&) const = default;
  };

  std::vector<writable_txn_marker> markers;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = write_txn_markers_request;
    return std::tuple{
        field(&S::markers, "Markers", from(0)),
    };
  }
  bool operator==(const write_txn_markers_request&) const = default;
};

struct write_txn_markers_response {
  static constexpr auto api = api_key::write_txn_markers;
  static constexpr bool is_request = false;
  static constexpr std::string_view schema_name = "WriteTxnMarkersResponse";

  struct writable_txn_marker_partition_result {
    static constexpr std::string_view schema_name = "WritableTxnMarkerPartitionResult";
    std::int32_t partition_index = 0;
    std::int16_t error_code = 0;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = writable_txn_marker_partition_result;
      return std::tuple{
          field(&S::partition_index, "PartitionIndex", from(0)),
          field(&S::error_code, "ErrorCode", from(0)),
      };
    }
    bool operator==(const writable_txn_marker_partition_result&) const = default;
  };

  struct writable_txn_marker_topic_result {
    static constexpr std::string_view schema_name = "WritableTxnMarkerTopicResult";
    std::string name;
    std::vector<writable_txn_marker_partition_result> partitions;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = writable_txn_marker_topic_result;
      return std::tuple{
          field(&S::name, "Name", from(0)),
          field(&S::partitions, "Partitions", from(0)),
      };
    }
    bool operator==(const writable_txn_marker_topic_result&) const = default;
  };

  struct writable_txn_marker_result {
    static constexpr std::string_view schema_name = "WritableTxnMarkerResult";
    std::int64_t producer_id = 0;
    std::vector<writable_txn_marker_topic_result> topics;
    tagged_fields unknown_tags;
    static constexpr auto fields() {
      using S = writable_txn_marker_result;
      return std::tuple{
          field(&S::producer_id, "ProducerId", from(0)),
          field(&S::topics, "Topics", from(0)),
      };
    }
    bool operator==(const writable_txn_marker_result&) const = default;
  };

  std::vector<writable_txn_marker_result> markers;
  tagged_fields unknown_tags;

  static constexpr auto fields() {
    using S = write_txn_markers_response;
    return std::tuple{
        field(&S::markers, "Markers", from(0)),
    };
  }
  bool operator==(const write_txn_markers_response&) const = default;
};

KWIRE_EXTERN_MESSAGE_CODEC(write_txn_markers_request)
KWIRE_EXTERN_MESSAGE_CODEC(write_txn_markers_response)

}  // namespace kwire::protocol
