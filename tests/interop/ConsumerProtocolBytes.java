// Prints the bytes the Java client's ConsumerProtocol writes for the embedded consumer protocol
// (ConsumerProtocolSubscription / ConsumerProtocolAssignment, v0-v3) and what
// CooperativeStickyAssignor puts in the subscription user data. The hex lines are pasted into
// tests/unit/consumer_protocol_test.cc. Re-run with:
//   java -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" tests/interop/ConsumerProtocolBytes.java
import java.nio.ByteBuffer;
import java.util.*;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;

public class ConsumerProtocolBytes {
  static String hex(ByteBuffer b) {
    StringBuilder s = new StringBuilder();
    ByteBuffer d = b.duplicate();
    while (d.hasRemaining()) s.append(String.format("%02x ", d.get() & 0xff));
    return s.toString().trim();
  }

  static ByteBuffer bytes(int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length);
    for (int x : v) b.put((byte) x);
    b.flip();
    return b;
  }

  static TopicPartition tp(String t, int p) { return new TopicPartition(t, p); }

  public static void main(String[] args) {
    // Subscriptions: topics are given unsorted on purpose (Java sorts them), owned partitions too.
    Subscription s0 = new Subscription(List.of("b", "a"), null);
    System.out.println("subscription v0 [b,a] null user data: " + hex(ConsumerProtocol.serializeSubscription(s0, (short) 0)));
    Subscription s1 = new Subscription(List.of("t"), bytes(1, 2, 3), List.of(tp("u", 2), tp("t", 1), tp("t", 0)));
    System.out.println("subscription v1 [t] 010203 owned u-2,t-1,t-0: " + hex(ConsumerProtocol.serializeSubscription(s1, (short) 1)));
    Subscription s2 = new Subscription(List.of("t"), null, List.of(tp("t", 0)), 5, Optional.empty());
    System.out.println("subscription v2 [t] owned t-0 generation 5: " + hex(ConsumerProtocol.serializeSubscription(s2, (short) 2)));
    Subscription s3 = new Subscription(List.of("t"), bytes(0, 0, 0, 7), List.of(tp("t", 0)), 7, Optional.of("r1"));
    System.out.println("subscription v3 [t] 00000007 owned t-0 generation 7 rack r1: " + hex(ConsumerProtocol.serializeSubscription(s3, (short) 3)));
    Subscription s4 = new Subscription(List.of("t"), null, List.of(), -1, Optional.empty());
    System.out.println("subscription v3 [t] no generation no rack: " + hex(ConsumerProtocol.serializeSubscription(s4, (short) 3)));
    System.out.println("subscription default version: " + hex(ConsumerProtocol.serializeSubscription(s3)));

    Assignment a0 = new Assignment(List.of(tp("t", 0), tp("u", 1), tp("t", 2)), null);
    System.out.println("assignment v0 t-0,u-1,t-2 null user data: " + hex(ConsumerProtocol.serializeAssignment(a0, (short) 0)));
    Assignment a3 = new Assignment(List.of(), bytes(0xff));
    System.out.println("assignment v3 empty ff: " + hex(ConsumerProtocol.serializeAssignment(a3, (short) 3)));
    System.out.println("assignment default version: " + hex(ConsumerProtocol.serializeAssignment(a0)));

    // A newer version than Java knows decodes with the newest schema it has; what follows is ignored.
    ByteBuffer newer = ConsumerProtocol.serializeSubscription(s3, (short) 3);
    ByteBuffer v9 = ByteBuffer.allocate(newer.remaining() + 2);
    v9.put(newer.duplicate()).put((byte) 0x12).put((byte) 0x34).flip();
    v9.putShort(0, (short) 9);
    Subscription back = ConsumerProtocol.deserializeSubscription(v9.duplicate());
    System.out.println("v9 with 2 trailing bytes: " + hex(v9) + " -> topics " + back.topics() + " owned " + back.ownedPartitions()
        + " generation " + back.generationId() + " rack " + back.rackId());

    CooperativeStickyAssignor cs = new CooperativeStickyAssignor();
    System.out.println("cooperative-sticky user data before any assignment: " + hex(cs.subscriptionUserData(Set.of("t"))));
    cs.onAssignment(null, new ConsumerGroupMetadata("g", 7, "m", Optional.empty()));
    System.out.println("cooperative-sticky user data after generation 7: " + hex(cs.subscriptionUserData(Set.of("t"))));
  }
}
