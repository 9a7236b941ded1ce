// Exactly once from one topic to another (Kafka's "EOS pipeline", KIP-98 / KIP-447): read INPUT
// in group GROUP, write each record's value upper-cased to OUTPUT, and commit the consumer's
// offsets inside the same transaction as the output. Killed at any point and started again (same
// GROUP, same transactional id), it leaves OUTPUT, read with isolation.level=read_committed,
// holding each input record exactly once: the new instance's init_transactions fences the old
// one and aborts its open transaction, and the group's offsets are those of the last commit.
// Usage: eos_pipeline INPUT OUTPUT GROUP [IDLE_SECONDS]; stops after IDLE_SECONDS (default 5)
// without input. The broker is $KWIRE_BOOTSTRAP (default localhost:9092).

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <kwire/kwire.hpp>

int main(int argc, char** argv) try {
  if (argc != 4 && argc != 5) return std::fprintf(stderr, "usage: eos_pipeline INPUT OUTPUT GROUP [IDLE_SECONDS]\n"), 2;
  const std::string input = argv[1], output = argv[2], group = argv[3];
  const auto idle = std::chrono::seconds(argc == 5 ? std::atoi(argv[4]) : 5);
  const char* env = std::getenv("KWIRE_BOOTSTRAP");
  const std::string bootstrap = env ? env : "localhost:9092";

  kwire::blocking_consumer consumer({{"bootstrap.servers", bootstrap},
                                      {"group.id", group},
                                      {"isolation.level", "read_committed"},  // only committed input
                                      {"enable.auto.commit", "false"},       // offsets go with the transaction
                                      {"auto.offset.reset", "earliest"},
                                      // A static member (KIP-345): a restarted instance takes the
                                      // place (and partitions) of the one that died at once,
                                      // without waiting session.timeout.ms for it to be dropped.
                                      {"group.instance.id", group + "-0"}});
  // One transactional id per pipeline instance slot: a restarted instance takes over (fences) the
  // one before it. (With several instances, one slot each: GROUP-0, GROUP-1, ... for both ids.)
  kwire::blocking_producer producer({{"bootstrap.servers", bootstrap}, {"transactional.id", group + "-eos"}});
  producer.init_transactions();
  consumer.subscribe({input});

  std::uint64_t copied = 0;
  auto last_input = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - last_input < idle) {
    const auto batch = consumer.poll(std::chrono::milliseconds(500));
    if (batch.empty()) continue;
    last_input = std::chrono::steady_clock::now();
    producer.begin_transaction();
    kwire::offsets_to_commit next;  // per partition: the offset after the last record read
    for (const auto& m : batch) {
      std::string value(m.value_text());
      for (auto& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      kwire::record out;
      out.topic = output;
      out.key = m.key();
      out.value = kwire::as_bytes(value);
      producer.send(out);  // the future is not needed: commit_transaction fails if a record did
      next[{m.topic(), m.partition()}] = {m.offset() + 1, m.leader_epoch(), ""};
    }
    producer.send_offsets_to_transaction(next, consumer.group_metadata());
    try {
      producer.commit_transaction();
      copied += batch.size();
    } catch (const kwire::error& e) {
      // Abortable (e.g. a rebalance took the partitions: the group refused the offsets): abort,
      // go back to the last committed offsets, carry on. Fatal (fenced): rethrown by abort.
      std::fprintf(stderr, "commit failed, aborting: %s\n", e.what());
      producer.abort_transaction();
      for (const auto& [tp, c] : consumer.committed(consumer.assignment())) consumer.seek(tp, c.offset);
    }
  }
  std::printf("%llu records copied from %s to %s\n", static_cast<unsigned long long>(copied), input.c_str(), output.c_str());
} catch (const kwire::error& e) {  // a bad setting, a fenced producer, a failed poll
  return std::fprintf(stderr, "%s\n", e.what()), 1;
}
