// Prints how the REAL Java client (kafka-clients) treats the cross-key rules that
// client/producer_config.hpp and client/consumer_config.hpp follow, so they can be re-checked
// against a new Kafka line. tests/unit/config_test.cc encodes the answers of 4.3.1.
//
// Re-run (after tools/setup fetched the jars):
//   cd tests/unit/data && d=$(mktemp -d) &&
//   javac -d "$d" -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" JavaConfigRules.java &&
//   java -cp "$d:$HOME/.cache/kwire/kafka-4.3.1/libs/*" JavaConfigRules
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

public class JavaConfigRules {
  static String rootMessage(Exception e) {
    Throwable x = e;
    while (x.getCause() != null) x = x.getCause();
    return x.getClass().getSimpleName() + ": " + x.getMessage();
  }

  static void producer(String name, String... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    m.put("bootstrap.servers", "127.0.0.1:1");
    m.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    m.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(m)) {
      System.out.println("producer " + name + ": ok");
    } catch (Exception e) {
      System.out.println("producer " + name + ": " + rootMessage(e));
    }
  }

  static void consumer(String name, String... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    m.put("bootstrap.servers", "127.0.0.1:1");
    m.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    m.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(m)) {
      System.out.println("consumer " + name + ": ok");
    } catch (Exception e) {
      System.out.println("consumer " + name + ": " + rootMessage(e));
    }
  }

  public static void main(String[] args) {
    producer("defaults");
    producer("acks=1", "acks", "1");
    producer("retries=0", "retries", "0");
    producer("max.in.flight=6", "max.in.flight.requests.per.connection", "6");
    producer("acks=1 + idempotence", "acks", "1", "enable.idempotence", "true");
    producer("retries=0 + idempotence", "retries", "0", "enable.idempotence", "true");
    producer("max.in.flight=6 + idempotence", "max.in.flight.requests.per.connection", "6", "enable.idempotence", "true");
    producer("max.in.flight=6 + no idempotence", "max.in.flight.requests.per.connection", "6", "enable.idempotence", "false");
    producer("delivery.timeout.ms=1000", "delivery.timeout.ms", "1000");
    producer("linger.ms=200000", "linger.ms", "200000");
    consumer("heartbeat >= session", "group.id", "g", "heartbeat.interval.ms", "50000");
    consumer("consumer protocol + session.timeout.ms", "group.id", "g", "group.protocol", "consumer", "session.timeout.ms", "30000");
    consumer("consumer protocol + heartbeat.interval.ms", "group.id", "g", "group.protocol", "consumer", "heartbeat.interval.ms", "1000");
    consumer("consumer protocol + partition.assignment.strategy", "group.id", "g", "group.protocol", "consumer",
             "partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
    consumer("classic + group.remote.assignor", "group.id", "g", "group.remote.assignor", "uniform");
    consumer("group.instance.id without group.id", "group.instance.id", "i");
    consumer("enable.auto.commit=true without group.id", "enable.auto.commit", "true");
  }
}
