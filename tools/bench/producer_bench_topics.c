/* Creates or deletes topics for tools/bench/run in one go (one JVM start of kafka-topics.sh per
 * topic would cost more than the runs themselves on a 2-core machine). Built with gcc by the
 * runner against the librdkafka it fetches, like the rdkafka bench programs.
 *
 *   producer_bench_topics BOOTSTRAP create|delete TOPIC[:PARTITIONS]...
 *   producer_bench_topics version      # prints "librdkafka " and rd_kafka_version_str()
 *
 * create: PARTITIONS partitions (default 1), replication factor 1. Prints nothing on success; any per-topic error is
 * printed with the topic's name and makes the exit status 1. */

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "version") == 0) {
    printf("librdkafka %s\n", rd_kafka_version_str());
    return 0;
  }
  if (argc < 4 || (strcmp(argv[2], "create") != 0 && strcmp(argv[2], "delete") != 0)) {
    fprintf(stderr, "usage: producer_bench_topics BOOTSTRAP create|delete TOPIC[:PARTITIONS]...\n");
    return 2;
  }
  const int create = strcmp(argv[2], "create") == 0;
  const int n = argc - 3;
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], err, sizeof err) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "producer_bench_topics: bootstrap.servers: %s\n", err);
    return 2;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "producer_bench_topics: %s\n", err);
    return 2;
  }
  rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
  rd_kafka_NewTopic_t *news[n];
  rd_kafka_DeleteTopic_t *dels[n];
  for (int i = 0; i < n; ++i) {
    if (create) {
      int partitions = 1;
      char *colon = strrchr(argv[3 + i], ':');
      if (colon) {
        char *end = NULL;
        const long p = strtol(colon + 1, &end, 10);
        if (!colon[1] || *end || p < 1 || p > 100000) {
          fprintf(stderr, "producer_bench_topics: %s: expected TOPIC:PARTITIONS with 1..100000 partitions\n",
                  argv[3 + i]);
          return 2;
        }
        partitions = (int)p;
        *colon = '\0';
      }
      news[i] = rd_kafka_NewTopic_new(argv[3 + i], partitions, 1, err, sizeof err);
      if (!news[i]) {
        fprintf(stderr, "producer_bench_topics: %s: %s\n", argv[3 + i], err);
        return 2;
      }
    } else {
      dels[i] = rd_kafka_DeleteTopic_new(argv[3 + i]);
    }
  }
  if (create)
    rd_kafka_CreateTopics(rk, news, n, NULL, q);
  else
    rd_kafka_DeleteTopics(rk, dels, n, NULL, q);
  rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 60000);
  int status = 0;
  if (!ev) {
    fprintf(stderr, "producer_bench_topics: no answer within 60 s\n");
    return 1;
  }
  if (rd_kafka_event_error(ev)) {
    fprintf(stderr, "producer_bench_topics: %s\n", rd_kafka_event_error_string(ev));
    status = 1;
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t **results =
        create ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &count)
               : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &count);
    for (size_t i = 0; i < count; ++i) {
      if (rd_kafka_topic_result_error(results[i])) {
        fprintf(stderr, "producer_bench_topics: %s: %s\n", rd_kafka_topic_result_name(results[i]),
                rd_kafka_topic_result_error_string(results[i]));
        status = 1;
      }
    }
  }
  rd_kafka_event_destroy(ev);
  for (int i = 0; i < n; ++i) {
    if (create)
      rd_kafka_NewTopic_destroy(news[i]);
    else
      rd_kafka_DeleteTopic_destroy(dels[i]);
  }
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(rk);
  return status;
}
