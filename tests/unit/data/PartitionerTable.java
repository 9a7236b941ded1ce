// Prints the murmur2 table that tests/unit/partitioner_test.cc checks kwire's partitioner
// against, computed by the REAL Java client (kafka-clients): Utils.murmur2 and the default
// partitioner's keyed path, BuiltInPartitioner.partitionForKey.
//
// Re-run (after tools/setup fetched the jars) and paste the output into partitioner_test.cc:
//   cd tests/unit/data && d=$(mktemp -d) &&
//   javac -d "$d" -cp "$HOME/.cache/kwire/kafka-4.3.1/libs/*" PartitionerTable.java &&
//   java -cp "$d:$HOME/.cache/kwire/kafka-4.3.1/libs/*" PartitionerTable
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;

public class PartitionerTable {
  static final int[] COUNTS = {1, 2, 3, 5, 7, 10, 12, 16, 31, 50, 64, 99, 100};

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x & 0xff));
    return s.toString();
  }

  public static void main(String[] args) {
    List<byte[]> keys = new ArrayList<>();
    // Every length 0..20 of ASCII text, so each tail length (0..3 bytes) of murmur2 is covered.
    String abc = "abcdefghijklmnopqrstuvwxyz";
    for (int n = 0; n <= 20; ++n) keys.add(abc.substring(0, n).getBytes(StandardCharsets.UTF_8));
    // Typical keys.
    for (String s : new String[] {"key", "user-42", "order:1000001", "0", "1", "42", "kafka", "Kafka", "KAFKA",
                                  "hello world", "the quick brown fox", "a-b_c.d"})
      keys.add(s.getBytes(StandardCharsets.UTF_8));
    // UTF-8 beyond ASCII (bytes with the high bit set exercise the sign handling).
    for (String s : new String[] {"é", "naïve", "日本語", "ключ", "😀", "Zürich-Straße", "ÿÿÿÿ"})
      keys.add(s.getBytes(StandardCharsets.UTF_8));
    // Binary keys.
    keys.add(new byte[] {0});
    keys.add(new byte[] {0, 0, 0, 0});
    keys.add(new byte[] {(byte) 0xff});
    keys.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    keys.add(new byte[] {(byte) 0x80, 0x7f, (byte) 0x80, 0x7f, 1});
    byte[] ramp = new byte[17];
    for (int i = 0; i < ramp.length; ++i) ramp[i] = (byte) (i * 37 + 200);
    keys.add(ramp);
    byte[] be = new byte[8];  // a big-endian long, as LongSerializer writes 123456789
    long v = 123456789L;
    for (int i = 7; i >= 0; --i, v >>= 8) be[i] = (byte) v;
    keys.add(be);
    byte[] high = new byte[20];
    for (int i = 0; i < high.length; ++i) high[i] = (byte) (0xf0 + (i % 16));
    keys.add(high);

    System.out.print("// partition counts: ");
    for (int c : COUNTS) System.out.print(c + " ");
    System.out.println();
    for (byte[] k : keys) {
      StringBuilder line = new StringBuilder("{\"" + hex(k) + "\", " + Utils.murmur2(k) + ", {");
      for (int i = 0; i < COUNTS.length; ++i)
        line.append(i == 0 ? "" : ", ").append(BuiltInPartitioner.partitionForKey(k, COUNTS[i]));
      System.out.println(line.append("}},"));
    }
  }
}
