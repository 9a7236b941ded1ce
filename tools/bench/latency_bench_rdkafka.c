/* End-to-end latency, librdkafka side of the side-by-side benchmark (issue 18, tools/bench/run).
 * Not a Bazel target: the runner builds it with gcc -O2 against the librdkafka it fetched.
 *
 *   latency_bench_rdkafka BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...
 *
 * A high-level consumer in the fresh group GROUP subscribes to TOPIC (from the beginning, nothing
 * committed) and polls on its own thread; once the group has assigned it partitions, a producer on
 * the main thread first sends a probe record every 10 ms until the consumer has returned one (so the
 * group join, the offset lookup and the first fetch are behind it), then RATE records of 100 bytes
 * per second for SECONDS seconds (no key), paced every millisecond, each carrying its send time (CLOCK_MONOTONIC, ns) and sequence number; the
 * consumer takes the time rd_kafka_consumer_poll returns the record minus its send time. Records
 * sent in the first second are left out (warm-up). Prints one line:
 *   librdkafka latency records=K p50_us=A p99_us=B p999_us=C max_us=D
 * key=value settings: fetch.*, max.partition.fetch.bytes and check.crcs go to the consumer (Java's
 * fetch.max.wait.ms is renamed fetch.wait.max.ms), the rest to the producer. */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_rdkafka.h"

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static unsigned long long count(const char *name, const char *s) {
  char *end = NULL;
  const unsigned long long n = strtoull(s, &end, 10);
  if (!*s || *end || n == 0) {
    fprintf(stderr, "latency_bench_rdkafka: %s: expected a positive count, got '%s'\n", name, s);
    exit(2);
  }
  return n;
}

static rd_kafka_t *consumer;
static volatile int assigned, finished, live;
#define PROBE UINT64_MAX
static unsigned long long total, warm, received, nlat, failed;
static uint64_t *lat;

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts, void *opaque) {
  (void)opaque;
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, parts);
    if (parts->cnt > 0) __atomic_store_n(&assigned, 1, __ATOMIC_RELEASE);
  } else {
    rd_kafka_assign(rk, NULL);
  }
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  if (m->err) ++failed;
}

static void *consume(void *arg) {
  (void)arg;
  while (received < total) {
    rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, 100);
    if (!m) continue;
    const uint64_t now = now_ns();
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        fprintf(stderr, "latency_bench_rdkafka: consume: %s\n", rd_kafka_message_errstr(m));
    } else if (m->len < 16) {
      fprintf(stderr, "latency_bench_rdkafka: a record without the 16 bytes of send time and sequence number\n");
      exit(1);
    } else {
      uint64_t sent, seq;
      memcpy(&sent, m->payload, 8);
      memcpy(&seq, (const char *)m->payload + 8, 8);
      if (seq == PROBE) {
        __atomic_store_n(&live, 1, __ATOMIC_RELEASE);
      } else {
        if (seq >= warm) lat[nlat++] = now - sent;
        ++received;
      }
    }
    rd_kafka_message_destroy(m);
  }
  __atomic_store_n(&finished, 1, __ATOMIC_RELEASE);
  return NULL;
}

static int cmp(const void *a, const void *b) {
  const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  program = "latency_bench_rdkafka";
  if (argc < 6) {
    fprintf(stderr, "usage: latency_bench_rdkafka BOOTSTRAP TOPIC RATE SECONDS GROUP [key=value]...\n");
    return 2;
  }
  const unsigned long long rate = count("RATE", argv[3]), seconds = count("SECONDS", argv[4]);
  total = rate * seconds;
  warm = rate;
  lat = malloc(sizeof *lat * total);
  char err[512];
  rd_kafka_conf_t *cconf = rd_kafka_conf_new(), *pconf = rd_kafka_conf_new();
  set(cconf, "bootstrap.servers", argv[1]);
  set(cconf, "group.id", argv[5]);
  set(cconf, "auto.offset.reset", "earliest");
  set(cconf, "enable.auto.commit", "false");
  set(pconf, "bootstrap.servers", argv[1]);
  for (int i = 6; i < argc; ++i) {
    const int consumer_side = strncmp(argv[i], "fetch.", 6) == 0 || strncmp(argv[i], "max.partition.fetch.bytes", 25) == 0 ||
                              strncmp(argv[i], "check.crcs", 10) == 0;
    char *pair[1] = {argv[i]};
    if (consumer_side && strncmp(argv[i], "fetch.max.wait.ms=", 18) == 0) {
      set(cconf, "fetch.wait.max.ms", argv[i] + 18);
      continue;
    }
    set_pairs(consumer_side ? cconf : pconf, 0, 1, pair);
  }
  rd_kafka_conf_set_rebalance_cb(cconf, on_rebalance);
  rd_kafka_conf_set_dr_msg_cb(pconf, on_delivery);
  consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof err);
  if (!consumer) {
    fprintf(stderr, "latency_bench_rdkafka: %s\n", err);
    return 2;
  }
  rd_kafka_poll_set_consumer(consumer);
  rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, argv[2], RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(consumer, topics);
  if (e) {
    fprintf(stderr, "latency_bench_rdkafka: subscribe: %s\n", rd_kafka_err2str(e));
    return 1;
  }
  pthread_t thread;
  pthread_create(&thread, NULL, consume, NULL);
  uint64_t t0 = now_ns();
  while (!__atomic_load_n(&assigned, __ATOMIC_ACQUIRE)) {
    if (now_ns() - t0 > 60000000000ull) {
      fprintf(stderr, "latency_bench_rdkafka: no partitions assigned within 60 s\n");
      _exit(1);
    }
    usleep(1000);
  }

  rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, sizeof err);
  if (!producer) {
    fprintf(stderr, "latency_bench_rdkafka: %s\n", err);
    return 2;
  }
  rd_kafka_topic_t *topic = rd_kafka_topic_new(producer, argv[2], NULL);
  char value[100];
  memset(value, 'x', sizeof value);
  const uint64_t probe = PROBE;
  memcpy(value + 8, &probe, 8);
  t0 = now_ns();
  while (!__atomic_load_n(&live, __ATOMIC_ACQUIRE)) {
    if (now_ns() - t0 > 60000000000ull) {
      fprintf(stderr, "latency_bench_rdkafka: no probe record came back within 60 s\n");
      _exit(1);
    }
    if (rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value, sizeof value, NULL, 0, NULL) == -1)
      fprintf(stderr, "latency_bench_rdkafka: probe: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
    rd_kafka_poll(producer, 10);
  }
  const uint64_t start = now_ns();
  unsigned long long sent = 0;
  while (sent < total) {
    unsigned long long due = (unsigned long long)((double)(now_ns() - start) / 1e9 * (double)rate);
    if (due > total) due = total;
    for (; sent < due; ++sent) {
      const uint64_t t = now_ns();
      memcpy(value, &t, 8);
      memcpy(value + 8, &sent, 8);
      while (rd_kafka_produce(topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value, sizeof value, NULL, 0, NULL) == -1)
        rd_kafka_poll(producer, 1);
    }
    rd_kafka_poll(producer, 0);
    usleep(1000);
  }
  rd_kafka_flush(producer, 60000);
  const uint64_t last = now_ns();
  while (!__atomic_load_n(&finished, __ATOMIC_ACQUIRE)) {
    if (now_ns() - last > 60000000000ull) {
      fprintf(stderr, "latency_bench_rdkafka: not every record came back within 60 s of the last send\n");
      _exit(1);
    }
    usleep(10000);
  }
  pthread_join(thread, NULL);
  if (failed) {
    fprintf(stderr, "latency_bench_rdkafka: %llu records failed\n", failed);
    return 1;
  }
  qsort(lat, nlat, sizeof *lat, cmp);
#define Q(p) (lat[(size_t)((p) * (double)(nlat - 1))] / 1e3)
  printf("librdkafka latency records=%llu p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n", nlat, Q(0.5), Q(0.99),
         Q(0.999), Q(1.0));
  rd_kafka_topic_destroy(topic);
  rd_kafka_destroy(producer);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  return 0;
}
