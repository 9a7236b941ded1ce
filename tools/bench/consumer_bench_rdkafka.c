/* Consumer throughput, librdkafka side of the side-by-side benchmark (issues #8, 18).
 * Not a Bazel target: tools/bench/run builds this with gcc -O2 against the librdkafka it fetches
 * (the confluent-kafka wheel's) when the benchmark runs.
 *
 *   consumer_bench_rdkafka BOOTSTRAP TOPIC N GROUP [key=value]...
 *
 * Subscribes to TOPIC in the (fresh) group GROUP with the high-level consumer
 * (rd_kafka_subscribe + rd_kafka_consumer_poll, the API a librdkafka user takes), reads from the
 * beginning (auto.offset.reset=earliest, nothing committed) until N records have arrived, and
 * prints one line:
 *   librdkafka records=N bytes=B seconds=S total_seconds=T msgs_per_s=R mb_per_s=M
 * `seconds` runs from the rebalance callback's assign (partitions given by the group) to the
 * N-th record returned by rd_kafka_consumer_poll, like kwire's bench and ConsumerPerformance's
 * fetch.nMsg.sec; `total_seconds` also counts bootstrap and the group join. Bytes are key + value
 * sizes. Every record is touched (its sizes read), nothing else is done with it. */

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_rdkafka.h"

static double assigned_at;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The default eager protocol: assign what is given, unassign what is taken. */
static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                         void *opaque) {
  (void)opaque;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (assigned_at == 0 && parts->cnt > 0) assigned_at = now();
    rd_kafka_assign(rk, parts);
  } else {
    rd_kafka_assign(rk, NULL);
  }
}

int main(int argc, char **argv) {
  program = "consumer_bench_rdkafka";
  if (argc < 5) {
    fprintf(stderr, "usage: consumer_bench_rdkafka BOOTSTRAP TOPIC N GROUP [key=value]...\n");
    return 2;
  }
  char *end = NULL;
  const unsigned long long n = strtoull(argv[3], &end, 10);
  if (!*argv[3] || *end || n == 0) {
    fprintf(stderr, "consumer_bench_rdkafka: N: expected a positive count, got '%s'\n", argv[3]);
    return 2;
  }
  const double begin = now();
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  set(conf, "bootstrap.servers", argv[1]);
  set(conf, "client.id", "rdkafka-bench");
  set(conf, "group.id", argv[4]);
  set(conf, "auto.offset.reset", "earliest");
  set(conf, "enable.auto.commit", "false");
  set_pairs(conf, 5, argc, argv);
  rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
  char err[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "consumer_bench_rdkafka: %s\n", err);
    return 2;
  }
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, argv[2], RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e) {
    fprintf(stderr, "consumer_bench_rdkafka: subscribe: %s\n", rd_kafka_err2str(e));
    return 1;
  }

  unsigned long long received = 0, bytes = 0;
  int idle = 0; /* polls in a row that returned nothing (no clock read per record) */
  while (received < n) {
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
    if (!m) {
      if (++idle > 600) {
        fprintf(stderr, "consumer_bench_rdkafka: no record for 60 s after %llu of %llu\n", received, n);
        return 1;
      }
      continue;
    }
    idle = 0;
    if (m->err) {
      /* Reaching the end of a partition is not an error (enable.partition.eof is off anyway). */
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        fprintf(stderr, "consumer_bench_rdkafka: %s\n", rd_kafka_message_errstr(m));
        return 1;
      }
    } else {
      ++received;
      bytes += m->key_len + m->len;
    }
    rd_kafka_message_destroy(m);
  }
  const double stop = now();
  const double seconds = stop - assigned_at;

  printf("librdkafka records=%llu bytes=%llu seconds=%.3f total_seconds=%.3f msgs_per_s=%.0f mb_per_s=%.2f\n",
         received, bytes, seconds, stop - begin, received / seconds, bytes / seconds / 1e6);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return 0;
}
