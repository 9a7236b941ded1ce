// A broker plugin for kwire's test brokers: a metrics reporter that accepts client telemetry
// (KIP-714) and discards it. A broker lists GetTelemetrySubscriptions and PushTelemetry in its
// ApiVersions only when such a receiver is configured, so without it those APIs could not be
// exchanged. tools/setup compiles this against each Kafka line; tools/broker loads it.
package dev.kwire.test;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.server.telemetry.ClientTelemetry;
import org.apache.kafka.server.telemetry.ClientTelemetryReceiver;

@SuppressWarnings("deprecation")
public final class TelemetrySink implements MetricsReporter, ClientTelemetry {
  @Override public void configure(Map<String, ?> configs) {}
  @Override public void init(List<KafkaMetric> metrics) {}
  @Override public void metricChange(KafkaMetric metric) {}
  @Override public void metricRemoval(KafkaMetric metric) {}
  @Override public void close() {}

  @Override
  public ClientTelemetryReceiver clientReceiver() {
    return (context, payload) -> { };
  }
}
