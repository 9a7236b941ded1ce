// Runs the Java client's RangeAssignor, RoundRobinAssignor and CooperativeStickyAssignor (the
// kafka-clients jar) on the cases of tests/unit/assignor_test.cc and prints each case, input and
// result, in the text form that test reads from tests/unit/assignor_cases.inc. Re-run with:
//   java -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" tests/interop/AssignorResults.java 2>/dev/null
// and put the output between the raw-string markers of assignor_cases.inc.
//
// It goes through the path a Java group leader takes: every subscription is serialized and read
// back with ConsumerProtocol (as the leader reads JoinGroup metadata), the subscriptions map is
// a HashMap filled in member order (as ConsumerCoordinator.onLeaderElected fills it from the
// JoinGroup response), and assign(Cluster, GroupSubscription) does the topic filtering.
import java.nio.ByteBuffer;
import java.util.*;
import java.util.stream.*;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.*;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.*;

public class AssignorResults {
  // generationId: the v2+ subscription field (null: absent); userDataGeneration: the
  // cooperative-sticky user data (null: no user data); version: the subscription version sent.
  record M(String id, String instance, List<String> topics, List<TopicPartition> owned, Integer generationId,
           Integer userDataGeneration, short version) {}

  static M m(String id, List<String> topics) { return new M(id, null, topics, List.of(), null, null, (short) 3); }
  static M m(String id, List<String> topics, List<TopicPartition> owned, int generation) {
    return new M(id, null, topics, owned, generation, generation, (short) 3);
  }
  static M stat(String id, String instance, List<String> topics) { return new M(id, instance, topics, List.of(), null, null, (short) 3); }
  static TopicPartition tp(String t, int p) { return new TopicPartition(t, p); }
  static List<TopicPartition> tps(String t, int... ps) { return Arrays.stream(ps).mapToObj(p -> tp(t, p)).collect(Collectors.toList()); }
  @SafeVarargs static <T> List<T> cat(List<T>... ls) { return Arrays.stream(ls).flatMap(List::stream).collect(Collectors.toList()); }

  static Map<String, List<TopicPartition>> run(String name, Map<String, Integer> topics, List<M> members) {
    ConsumerPartitionAssignor a = switch (name) {
      case "range" -> new RangeAssignor();
      case "roundrobin" -> new RoundRobinAssignor();
      default -> new CooperativeStickyAssignor();
    };
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> parts = new ArrayList<>();
    topics.forEach((t, n) -> {
      for (int p = 0; p < n; p++) parts.add(new PartitionInfo(t, p, node, new Node[] {node}, new Node[] {node}));
    });
    Cluster cluster = new Cluster("c", List.of(node), parts, Set.of(), Set.of());
    Map<String, Subscription> subs = new HashMap<>();
    for (M m : members) {
      ByteBuffer ud = m.userDataGeneration() == null ? null : ByteBuffer.allocate(4).putInt(0, m.userDataGeneration());
      Subscription s = new Subscription(m.topics(), ud, m.owned(), m.generationId() == null ? -1 : m.generationId(), Optional.empty());
      Subscription read = ConsumerProtocol.deserializeSubscription(ConsumerProtocol.serializeSubscription(s, m.version()));
      read.setGroupInstanceId(Optional.ofNullable(m.instance()));
      subs.put(m.id(), read);
    }
    GroupAssignment ga = a.assign(cluster, new GroupSubscription(subs));
    Map<String, List<TopicPartition>> out = new TreeMap<>();
    for (M m : members) {
      Assignment as = ga.groupAssignment().get(m.id());
      List<TopicPartition> l = new ArrayList<>(as == null ? List.of() : as.partitions());
      l.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
      out.put(m.id(), l);
    }
    return out;
  }

  static String tpl(List<TopicPartition> l) {
    return l.isEmpty() ? "-" : l.stream().map(t -> t.topic() + "/" + t.partition()).collect(Collectors.joining(","));
  }
  static String opt(Object o) { return o == null ? "-" : o.toString(); }

  // One case in the text form assignor_test.cc reads:
  //   case <name>
  //   assignor <name>
  //   topics <topic>=<partitions> ...
  //   member <id> <instance|-> <topics,|-> <owned t/p,|-> <generation|-> <user-data generation|-> <version>
  //   result <id> <t/p,|->
  static void emit(String caseName, String name, Map<String, Integer> topics, List<M> members) {
    Map<String, List<TopicPartition>> r = run(name, topics, members);
    StringBuilder s = new StringBuilder();
    s.append("case ").append(caseName).append("\n");
    s.append("assignor ").append(name).append("\n");
    s.append("topics");
    new TreeMap<>(topics).forEach((t, n) -> s.append(" ").append(t).append("=").append(n));
    s.append("\n");
    for (M m : members) {
      s.append("member ").append(m.id()).append(" ").append(opt(m.instance())).append(" ")
          .append(m.topics().isEmpty() ? "-" : String.join(",", m.topics())).append(" ").append(tpl(m.owned())).append(" ")
          .append(opt(m.generationId())).append(" ").append(opt(m.userDataGeneration())).append(" ").append(m.version()).append("\n");
    }
    r.forEach((id, l) -> s.append("result ").append(id).append(" ").append(tpl(l)).append("\n"));
    OUT.print(s);
  }

  // Rebalance rounds as a cooperative group runs them: each member then owns what it was
  // assigned, at the next generation; rounds continue while something was left out (revoked).
  static void rounds(String caseName, Map<String, Integer> topics, List<M> start, int generation) {
    List<M> members = start;
    for (int round = 1; round <= 4; round++) {
      emit(caseName + " round " + round, "cooperative-sticky", topics, members);
      Map<String, List<TopicPartition>> r = run("cooperative-sticky", topics, members);
      int total = r.values().stream().mapToInt(List::size).sum();
      int all = members.stream().flatMap(x -> x.topics().stream()).distinct().mapToInt(t -> topics.getOrDefault(t, 0)).sum();
      final int g = generation + round;
      members = members.stream().map(x -> new M(x.id(), x.instance(), x.topics(), r.get(x.id()), g, g, x.version()))
          .collect(Collectors.toList());
      if (total == all) break;
    }
  }

  static String memberId(Random rnd, int i) { return String.format("consumer-app-%d-%08x-%04x", i, rnd.nextInt(), rnd.nextInt(1 << 16)); }

  // A group of random-looking member ids (so Java's HashMap order is not the sorted order),
  // random subscriptions over three topics and random, possibly conflicting, owned partitions.
  static void random(String caseName, long seed, boolean sameSubscriptions) {
    Random rnd = new Random(seed);
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put("alpha", 1 + rnd.nextInt(7));
    topics.put("beta", 1 + rnd.nextInt(7));
    topics.put("gamma", 1 + rnd.nextInt(7));
    List<String> names = List.copyOf(topics.keySet());
    int n = 2 + rnd.nextInt(6);
    List<M> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> subscribed = new ArrayList<>();
      for (String t : names)
        if (sameSubscriptions || rnd.nextInt(3) > 0) subscribed.add(t);
      if (subscribed.isEmpty()) subscribed.add(names.get(rnd.nextInt(3)));
      List<TopicPartition> owned = new ArrayList<>();
      for (String t : subscribed)
        for (int p = 0; p < topics.get(t); p++)
          if (rnd.nextInt(n + 1) == 0) owned.add(tp(t, p));
      int generation = 5 + rnd.nextInt(3);
      members.add(m(memberId(rnd, i), subscribed, owned, generation));
    }
    emit(caseName, "cooperative-sticky", topics, members);
  }

  // The table goes to the real stdout; the assignors' log lines (they log conflicting claims at
  // ERROR) are sent to stderr.
  static final java.io.PrintStream OUT = System.out;

  // Owned partitions skewed towards some members (several at or over the quota, the case where
  // Java's HashMap order decides who keeps the extra partitions), with a few duplicate claims.
  static void randomSkewed(String caseName, long seed, boolean sameSubscriptions) {
    randomSkewed(caseName, seed, sameSubscriptions, 9, 6);
  }

  static void randomSkewed(String caseName, long seed, boolean sameSubscriptions, int partitionSpread, int memberSpread) {
    Random rnd = new Random(seed);
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put("alpha", 2 + rnd.nextInt(partitionSpread));
    topics.put("beta", 1 + rnd.nextInt(partitionSpread));
    List<String> names = List.copyOf(topics.keySet());
    int n = 3 + rnd.nextInt(memberSpread);
    List<List<TopicPartition>> owned = new ArrayList<>();
    List<List<String>> subscribed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      owned.add(new ArrayList<>());
      List<String> sub = new ArrayList<>(names);
      if (!sameSubscriptions && rnd.nextInt(3) == 0) sub.remove(rnd.nextInt(2));
      subscribed.add(sub);
    }
    for (String t : names)
      for (int p = 0; p < topics.get(t); p++) {
        int owner = Math.min(rnd.nextInt(n), rnd.nextInt(n));  // low indexes own more
        if (rnd.nextInt(6) > 0 && subscribed.get(owner).contains(t)) owned.get(owner).add(tp(t, p));
        if (rnd.nextInt(12) == 0) owned.get(rnd.nextInt(n)).add(tp(t, p));
      }
    List<M> members = new ArrayList<>();
    for (int i = 0; i < n; i++) members.add(m(memberId(rnd, i), subscribed.get(i), owned.get(i), 4 + rnd.nextInt(2)));
    emit(caseName, "cooperative-sticky", topics, members);
  }

  public static void main(String[] args) {
    System.setOut(System.err);
    Map<String, Integer> t7 = Map.of("t", 7);
    for (String a : List.of("range", "roundrobin")) {
      emit(a + ": three members, 7 partitions", a, t7, List.of(m("c1", List.of("t")), m("c3", List.of("t")), m("c2", List.of("t"))));
      emit(a + ": uneven subscriptions", a, Map.of("t", 3, "u", 2, "v", 4),
           List.of(m("c1", List.of("t", "u")), m("c2", List.of("t")), m("c3", List.of("u", "v"))));
      emit(a + ": a member with no subscriptions", a, Map.of("t", 3), List.of(m("c1", List.of("t")), m("c2", List.of()), m("c3", List.of("t"))));
      emit(a + ": more members than partitions", a, Map.of("t", 2, "u", 1),
           List.of(m("c1", List.of("t", "u")), m("c2", List.of("t", "u")), m("c3", List.of("t", "u")), m("c4", List.of("t", "u"))));
      emit(a + ": static members sort by instance id first", a, Map.of("t", 5),
           List.of(stat("m-a", "z", List.of("t")), stat("m-b", null, List.of("t")), stat("m-c", "y", List.of("t")), stat("m-0", null, List.of("t"))));
      emit(a + ": unknown topic and empty topic are skipped", a, Map.of("t", 2, "empty", 0),
           List.of(m("c1", List.of("t", "missing", "empty")), m("c2", List.of("t"))));
    }

    String cs = "cooperative-sticky";
    emit("sticky: first assignment", cs, Map.of("t", 4, "u", 2), List.of(m("c1", List.of("t", "u")), m("c2", List.of("t", "u"))));
    rounds("sticky: a third member joins", Map.of("t", 6),
           List.of(m("c1", List.of("t"), tps("t", 0, 1, 2), 3), m("c2", List.of("t"), tps("t", 3, 4, 5), 3), m("c3", List.of("t"))), 3);
    rounds("sticky: a member leaves", Map.of("t", 6), List.of(m("c1", List.of("t"), tps("t", 0, 1), 4), m("c3", List.of("t"), tps("t", 4, 5), 4)), 4);
    rounds("sticky: uneven subscriptions", Map.of("t", 3, "u", 3),
           List.of(m("c1", List.of("t", "u"), cat(tps("t", 0, 1, 2), tps("u", 0, 1, 2)), 2), m("c2", List.of("t")), m("c3", List.of("u"))), 2);
    rounds("sticky: a member with no subscriptions", Map.of("t", 3),
           List.of(m("c1", List.of("t"), tps("t", 0, 1, 2), 2), m("c2", List.of())), 2);
    rounds("sticky: a member without subscriptions first in Java's order", Map.of("t", 3),
           List.of(m("b", List.of()), m("a", List.of("t"), tps("t", 0, 1, 2), 2), m("c", List.of("t"))), 2);
    rounds("sticky: more members than partitions", Map.of("t", 2),
           List.of(m("c1", List.of("t"), tps("t", 0, 1), 6), m("c2", List.of("t")), m("c3", List.of("t")), m("c4", List.of("t"))), 6);
    emit("sticky: two members over quota, HashMap order decides who keeps the extra", cs, Map.of("t", 7),
         List.of(m("m-b", List.of("t"), tps("t", 0, 1, 2), 2), m("m-a", List.of("t"), tps("t", 3, 4, 5), 2), m("m-c", List.of("t"))));
    emit("sticky: two members over quota, general builder", cs, Map.of("t", 7, "u", 1),
         List.of(m("m-b", List.of("t"), tps("t", 0, 1, 2), 2), m("m-a", List.of("t"), tps("t", 3, 4, 5), 2),
                 m("m-c", List.of("t", "u"))));
    emit("sticky: same-generation claims both lose, higher generation wins", cs, Map.of("t", 4),
         List.of(m("c1", List.of("t"), tps("t", 0, 1), 5), m("c2", List.of("t"), tps("t", 1, 2), 5),
                 m("c3", List.of("t"), tps("t", 2, 3), 4)));
    emit("sticky: generation only in user data (v1 subscription)", cs, Map.of("t", 4),
         List.of(new M("c1", null, List.of("t"), tps("t", 0, 1, 2, 3), null, 7, (short) 1),
                 new M("c2", null, List.of("t"), tps("t", 0), null, 6, (short) 1), m("c3", List.of("t"))));
    emit("sticky: stale member, general builder", cs, Map.of("t", 4, "u", 2),
         List.of(m("c1", List.of("t", "u"), cat(tps("t", 0, 1), tps("u", 0)), 9), m("c2", List.of("t"), tps("t", 2, 3, 0), 8),
                 m("c3", List.of("u"), tps("u", 1), 9)));
    emit("sticky: unsubscribed topic is revoked", cs, Map.of("t", 2, "u", 2),
         List.of(m("c1", List.of("u"), cat(tps("t", 0, 1), tps("u", 0, 1)), 3), m("c2", List.of("t", "u"), List.of(), 3)));
    for (int i = 0; i < 12; i++) random("sticky: random equal subscriptions " + i, 1000 + i, true);
    for (int i = 0; i < 12; i++) random("sticky: random subscriptions " + i, 2000 + i, false);
    for (int i = 0; i < 12; i++) randomSkewed("sticky: skewed ownership, equal subscriptions " + i, 3000 + i, true);
    for (int i = 0; i < 12; i++) randomSkewed("sticky: skewed ownership " + i, 4000 + i, false);
    for (int i = 0; i < 3; i++) randomSkewed("sticky: large, equal subscriptions " + i, 5000 + i, true, 80, 25);
    for (int i = 0; i < 5; i++) randomSkewed("sticky: large " + i, 6000 + i, false, 80, 25);
  }
}
