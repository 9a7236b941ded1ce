// A broker plugin for kwire's test brokers of Kafka 4.4 and later: keeps the topology
// descriptions of streams groups (KIP-1331) in memory. Without such a plugin a broker answers
// StreamsGroupTopologyDescriptionUpdate with UNSUPPORTED_VERSION ("no streams group topology
// description plugin configured"), so the API could not be exchanged. tools/setup compiles this
// only against lines that have the interface (4.4+); tools/broker configures it there.
package dev.kwire.test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.coordinator.group.api.streams.StreamsGroupTopologyDescription;
import org.apache.kafka.coordinator.group.api.streams.StreamsGroupTopologyDescriptionPlugin;

public final class TopologyDescriptions implements StreamsGroupTopologyDescriptionPlugin {
  private record Entry(int epoch, StreamsGroupTopologyDescription description) {}

  private final Map<String, Entry> byGroup = new ConcurrentHashMap<>();

  @Override public void configure(Map<String, ?> configs) {}
  @Override public void close() {}

  @Override
  public CompletableFuture<Void> setTopology(String groupId, int epoch, StreamsGroupTopologyDescription description) {
    byGroup.put(groupId, new Entry(epoch, description));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> deleteTopology(String groupId) {
    byGroup.remove(groupId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<StreamsGroupTopologyDescription> getTopology(String groupId, int epoch) {
    final Entry e = byGroup.get(groupId);
    return CompletableFuture.completedFuture(e != null && e.epoch() == epoch ? e.description() : null);
  }
}
