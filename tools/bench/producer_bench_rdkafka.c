/* Producer throughput, librdkafka side of the side-by-side benchmark (issues #7, 18).
 * Not a Bazel target: tools/bench/run builds this with gcc -O2 against the librdkafka it fetches
 * (the confluent-kafka wheel's) when the benchmark runs.
 *
 *   producer_bench_rdkafka BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...
 *
 * Sends N records of 100 bytes (no key: the partitioner picks the partition) to TOPIC as fast as rd_kafka_produce takes them
 * (a full queue is waited out with rd_kafka_poll, as librdkafka's own perf tool does), with a
 * delivery report per record, then flushes and prints one line:
 *   librdkafka records=N seconds=S msgs_per_s=R mb_per_s=M failed=F
 * Payloads: random letters A-Z like ProducerPerformance's, 1024 of them made up front and used
 * round-robin (see producer_bench_kwire.cc).
 * The clock starts before the first produce (the handle exists, metadata not fetched yet). */

#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_rdkafka.h"

static unsigned long long delivered, failed;
static char first_error[512];

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  if (m->err) {
    ++failed;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s", rd_kafka_err2str(m->err));
  } else {
    ++delivered;
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  program = "producer_bench_rdkafka";
  if (argc < 6) {
    fprintf(stderr, "usage: producer_bench_rdkafka BOOTSTRAP TOPIC N ACKS COMPRESSION [key=value]...\n");
    return 2;
  }
  char *end = NULL;
  const unsigned long long n = strtoull(argv[3], &end, 10);
  if (!*argv[3] || *end || n == 0) {
    fprintf(stderr, "producer_bench_rdkafka: N: expected a positive count, got '%s'\n", argv[3]);
    return 2;
  }
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", argv[1]);
  set(conf, "client.id", "rdkafka-bench");
  set(conf, "acks", argv[4]);
  set(conf, "compression.codec", argv[5]);
  set(conf, "linger.ms", "5");
  set_pairs(conf, 6, argc, argv);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char err[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "producer_bench_rdkafka: %s\n", err);
    return 2;
  }
  rd_kafka_topic_t *topic = rd_kafka_topic_new(rk, argv[2], NULL);
  static char payloads[1024][100];
  srand(42);
  for (int i = 0; i < 1024; ++i)
    for (int j = 0; j < 100; ++j) payloads[i][j] = (char)('A' + rand() % 26);

  const double start = now();
  for (unsigned long long i = 0; i < n; ++i) {
    while (rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, payloads[i % 1024], 100, NULL, 0, NULL) == -1) {
      if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        fprintf(stderr, "producer_bench_rdkafka: produce: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
        return 1;
      }
      rd_kafka_poll(rk, 10); /* the queue is full: serve delivery reports, which free room */
    }
    rd_kafka_poll(rk, 0);
  }
  while (delivered + failed < n) rd_kafka_poll(rk, 100);
  const double seconds = now() - start;

  printf("librdkafka records=%llu seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f failed=%llu\n", n, seconds,
         n / seconds, n * 100.0 / seconds / 1e6, failed);
  if (failed) fprintf(stderr, "producer_bench_rdkafka: first error: %s\n", first_error);
  rd_kafka_topic_destroy(topic);
  rd_kafka_destroy(rk);
  return failed ? 1 : 0;
}
