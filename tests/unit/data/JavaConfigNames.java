import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
public class JavaConfigNames {
  public static void main(String[] a) {
    for (String n : new TreeSet<>(ProducerConfig.configNames())) System.out.println("producer " + n);
    for (String n : new TreeSet<>(ConsumerConfig.configNames())) System.out.println("consumer " + n);
    for (String n : new TreeSet<>(AdminClientConfig.configNames())) System.out.println("admin " + n);
  }
}
