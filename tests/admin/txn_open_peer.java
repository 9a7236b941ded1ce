// The Java client leaves a transaction open for admin_transactions_test:
//   java -cp 'KAFKA_LIBS/*' txn_open_peer.java BOOTSTRAP TOPIC TRANSACTIONAL_ID
// It begins a transaction, writes three records to partition 0, flushes them and stops dead
// (no commit, no abort, no close): the partition holds the transaction open until the
// coordinator's timeout (five minutes here) or an admin ends it.
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class TxnOpenPeer {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("transactional.id", args[2]);
    p.put("transaction.timeout.ms", "300000");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    KafkaProducer<String, String> producer = new KafkaProducer<>(p);
    producer.initTransactions();
    producer.beginTransaction();
    for (int i = 0; i < 3; ++i) producer.send(new ProducerRecord<>(args[1], 0, null, "open" + i)).get();
    producer.flush();
    System.out.println("open");
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
