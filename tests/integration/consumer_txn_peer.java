// The Java client writes transactional data for consumer_test's read_committed case:
//   java -cp 'KAFKA_LIBS/*' consumer_txn_peer.java BOOTSTRAP TOPIC TRANSACTIONAL_ID
// Partition 0 gets: a committed transaction c0..c4, an aborted one a0..a4, a committed c5..c9.
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class ConsumerTxnPeer {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("transactional.id", args[2]);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      String[][] txns = {{"c", "0", "commit"}, {"a", "0", "abort"}, {"c", "5", "commit"}};
      for (String[] t : txns) {
        producer.beginTransaction();
        for (int i = 0; i < 5; ++i) {
          producer.send(new ProducerRecord<>(args[1], 0, null, t[0] + (Integer.parseInt(t[1]) + i)));
        }
        producer.flush();
        if (t[2].equals("commit")) producer.commitTransaction();
        else producer.abortTransaction();
      }
    }
    System.out.println("done");
  }
}
