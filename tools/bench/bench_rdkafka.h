/* What the librdkafka bench programs share: setting configuration, and the key=value settings
   given on their command line. Each program defines `program` (its name, for messages). */
#ifndef KWIRE_BENCH_RDKAFKA_H
#define KWIRE_BENCH_RDKAFKA_H

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program;

static void set(rd_kafka_conf_t *conf, const char *key, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "%s: %s=%s: %s\n", program, key, value, err);
    exit(2);
  }
}

/* argv[first..argc) as key=value settings; exits with status 2 on anything else. */
static void set_pairs(rd_kafka_conf_t *conf, int first, int argc, char **argv) {
  for (int i = first; i < argc; ++i) {
    char *eq = strchr(argv[i], '=');
    if (!eq || eq == argv[i]) {
      fprintf(stderr, "%s: expected key=value, got '%s'\n", program, argv[i]);
      exit(2);
    }
    *eq = '\0';
    set(conf, argv[i], eq + 1);
  }
}

#endif
