// The Java client's side of tests/interop/codec_interop_test.cc. Run as a single source file:
//   java -cp "<kafka>/libs/*" JavaPeer.java produce BOOTSTRAP TOPIC CODEC N
//   java -cp "<kafka>/libs/*" JavaPeer.java consume BOOTSTRAP TOPIC N
//   java -cp "<kafka>/libs/*" JavaPeer.java consume-committed BOOTSTRAP TOPIC N   (isolation.level=read_committed)
//   java -cp "<kafka>/libs/*" JavaPeer.java keyed BOOTSTRAP TOPIC N   (see keyed() below)
// produce writes N records by the rule below to partition 0; consume reads N records of
// partition 0 from the beginning and prints one line each:
//   offset \t timestamp \t hex(key) \t hex(value) \t headers
// headers being hex(name)=hex(value) joined by ",", a null key, value or header value as "-".
// The record rule must stay identical to expected_record() in codec_interop_test.cc.

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class JavaPeer {
  static final long BASE_TIMESTAMP = 1700000000000L;

  static byte[] key(int i) {
    return i % 7 == 0 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(int i) {
    if (i % 11 == 0) return null;
    return String.format(Locale.ROOT,
            "{\"i\":%d,\"name\":\"record-%06d\",\"text\":\"the quick brown fox jumps over the lazy dog\",\"sq\":%d}",
            i, i, (long) i * i)
        .getBytes(StandardCharsets.UTF_8);
  }

  static List<Header> headers(int i) {
    List<Header> h = new ArrayList<>();
    h.add(new RecordHeader("h1", ("v" + i).getBytes(StandardCharsets.UTF_8)));
    byte[] h2 = i % 2 == 0 ? null : new byte[] {(byte) (i >> 8), (byte) i, 0, (byte) 0xff};
    h.add(new RecordHeader("h2", h2));
    return h;
  }

  static String hex(byte[] b) {
    if (b == null) return "-";
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) s.append(String.format(Locale.ROOT, "%02x", x & 0xff));
    return s.toString();
  }

  static int produce(String bootstrap, String topic, String codec, int n) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "kwire-interop-java-producer");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    // Big enough for hundreds of ~170-byte records per batch, small enough for several batches.
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < n; ++i)
        sent.add(producer.send(new ProducerRecord<>(topic, 0, BASE_TIMESTAMP + i, key(i), value(i),
            new RecordHeaders(headers(i)))));
      producer.flush();
      for (int i = 0; i < n; ++i) {
        RecordMetadata m = sent.get(i).get();
        if (m.offset() != i) {
          System.err.printf("record %d landed at offset %d%n", i, m.offset());
          return 1;
        }
      }
    }
    return 0;
  }

  // The Java client's partition for each key "key-0" .. "key-<n-1>" (producer_test.cc compares
  // kwire's): the records go out with the default partitioner and each line is "key \t partition".
  static int keyed(String bootstrap, String topic, int n) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "kwire-interop-java-keyed");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    StringBuilder out = new StringBuilder();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < n; ++i)
        sent.add(producer.send(new ProducerRecord<>(topic, ("key-" + i).getBytes(StandardCharsets.UTF_8),
            "java".getBytes(StandardCharsets.UTF_8))));
      producer.flush();
      for (int i = 0; i < n; ++i) out.append("key-").append(i).append('\t').append(sent.get(i).get().partition()).append('\n');
    }
    System.out.print(out);
    return 0;
  }

  static int consume(String bootstrap, String topic, int n) { return consume(bootstrap, topic, n, "read_uncommitted"); }

  static int consume(String bootstrap, String topic, int n, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kwire-interop-java-consumer");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    StringBuilder out = new StringBuilder();
    int got = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got < n) {
        if (System.nanoTime() > deadline) {
          System.err.printf("only %d of %d records after 30 s%n", got, n);
          System.out.print(out);
          return 1;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (got == n) break;
          StringBuilder hs = new StringBuilder();
          for (Header h : r.headers()) {
            if (hs.length() > 0) hs.append(',');
            hs.append(hex(h.key().getBytes(StandardCharsets.UTF_8))).append('=').append(hex(h.value()));
          }
          out.append(r.offset()).append('\t').append(r.timestamp()).append('\t').append(hex(r.key()))
              .append('\t').append(hex(r.value())).append('\t').append(hs).append('\n');
          ++got;
        }
      }
    }
    System.out.print(out);
    return 0;
  }

  public static void main(String[] args) throws Exception {
    int rc;
    if (args.length == 5 && args[0].equals("produce")) {
      rc = produce(args[1], args[2], args[3], Integer.parseInt(args[4]));
    } else if (args.length == 4 && args[0].equals("keyed")) {
      rc = keyed(args[1], args[2], Integer.parseInt(args[3]));
    } else if (args.length == 4 && args[0].equals("consume-committed")) {
      rc = consume(args[1], args[2], Integer.parseInt(args[3]), "read_committed");
    } else if (args.length == 4 && args[0].equals("consume")) {
      rc = consume(args[1], args[2], Integer.parseInt(args[3]));
    } else {
      System.err.println("usage: JavaPeer produce BOOTSTRAP TOPIC CODEC N | consume[-committed] BOOTSTRAP TOPIC N | keyed BOOTSTRAP TOPIC N");
      rc = 2;
    }
    System.out.flush();
    System.exit(rc);
  }
}
