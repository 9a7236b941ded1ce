// The Java client writes transactional data for consumer_test's read_committed case:
//   java -cp 'KAFKA_LIBS/*' consumer_txn_peer.java BOOTSTRAP TOPIC TRANSACTIONAL_ID
// Partition 0 gets: a committed transaction c0..c4, an aborted one a0..a4, a committed c5..c9.
// Each step is printed, and every wait is bounded (max.block.ms, close's timeout), so a peer that
// stalls says where instead of holding the test until Bazel's timeout.
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class ConsumerTxnPeer {
  static long start = System.nanoTime();

  static void step(String what) {
    System.out.printf("%6d ms %s%n", (System.nanoTime() - start) / 1_000_000, what);
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("transactional.id", args[2]);
    p.put("max.block.ms", "45000");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    KafkaProducer<String, String> producer = new KafkaProducer<>(p);
    try {
      producer.initTransactions();
      step("initTransactions");
      String[][] txns = {{"c", "0", "commit"}, {"a", "0", "abort"}, {"c", "5", "commit"}};
      for (String[] t : txns) {
        producer.beginTransaction();
        for (int i = 0; i < 5; ++i) {
          producer.send(new ProducerRecord<>(args[1], 0, null, t[0] + (Integer.parseInt(t[1]) + i)));
        }
        producer.flush();
        step("sent " + t[0] + t[1] + "..");
        if (t[2].equals("commit")) producer.commitTransaction();
        else producer.abortTransaction();
        step(t[2] + " " + t[0] + t[1] + "..");
      }
    } finally {
      producer.close(Duration.ofSeconds(20));
      step("closed");
    }
    System.out.println("done");
  }
}
