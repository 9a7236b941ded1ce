#!/usr/bin/env python3
"""Producer side by side (issue #7): kwire vs librdkafka vs the Java client's ProducerPerformance.

    tools/bench/producer_bench.py [--records N] [--runs R] [--log FILE]
    tools/bench/producer_bench.py --report FILE      # the table again from a run's log

For each configuration (acks 1/all x compression none/lz4) and each run, every client sends N
records of 100 bytes into a fresh single-partition topic (created before, deleted after the run),
the clients' order rotated from one run to the next. Settings common to all three: linger.ms=5,
batch.size=16384 (Java's default; librdkafka's is 1000000), max.in.flight.requests.per.connection=5,
enable.idempotence=true with acks=all and false with acks=1 (idempotence requires acks=all).

Measured per run: throughput as each client reports it (clock from the first send to the last
acknowledgement; ProducerPerformance's includes close()), client CPU (user+sys of the whole process,
JVM start included) and peak RSS, both from /usr/bin/time. Printed: the median of the runs.

Broker: $KWIRE_BOOTSTRAP, else one started with tools/broker under its own KWIRE_RUN_ROOT (and
stopped at the end). The kwire program is built with bazel --config=opt (KWIRE_BENCH_OUTPUT_BASE
picks the output base); the librdkafka programs with gcc -O2 against Debian's librdkafka-dev,
installed with apt-get when missing.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from bench_common import build, log_row, run, start_broker, stop_broker, timed

CLIENTS = ["kwire", "librdkafka", "java"]
CONFIGS = [("1", "none"), ("1", "lz4"), ("all", "none"), ("all", "lz4")]
RECORD_SIZE = 100


def common_props(acks):
    return {
        "linger.ms": "5",
        "batch.size": "16384",
        "max.in.flight.requests.per.connection": "5",
        "enable.idempotence": "true" if acks == "all" else "false",
    }


def command(client, bins, bootstrap, topic, n, acks, codec):
    props = common_props(acks)
    if client == "java":
        return ["java", "-cp", bins["java_libs"] + "/*", "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", str(n), "--record-size", str(RECORD_SIZE),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap,
                "acks=" + acks, "compression.type=" + codec] + [f"{k}={v}" for k, v in props.items()]
    program = bins["kwire"] if client == "kwire" else bins["producer_bench_rdkafka"]
    return [program, bootstrap, topic, str(n), acks, codec] + [f"{k}={v}" for k, v in props.items()]


def seconds_of(client, n, out):
    """The client's own measure of the time it took to send n records."""
    if client == "java":
        m = re.findall(r"^(\d+) records sent, ([\d.]+) records/sec", out, re.M)
        if not m or int(m[-1][0]) != n:
            raise RuntimeError("ProducerPerformance printed no total for %d records:\n%s" % (n, out[-2000:]))
        return n / float(m[-1][1])
    m = re.search(r"records=(\d+) seconds=([\d.]+) .* failed=(\d+)", out)
    if not m or int(m.group(1)) != n or int(m.group(3)) != 0:
        raise RuntimeError(f"{client} did not deliver all {n} records:\n{out[-2000:]}")
    return float(m.group(2))


def one_run(client, bins, bootstrap, topic, n, acks, codec, tmp):
    run([bins["producer_bench_topics"], bootstrap, "create", topic])
    try:
        out, wall, user, system, maxrss_kb = timed(client, command(client, bins, bootstrap, topic, n, acks, codec),
                                                   tmp, 600)
        seconds = seconds_of(client, n, out)
    finally:
        subprocess.run([bins["producer_bench_topics"], bootstrap, "delete", topic])
    return {"client": client, "acks": acks, "codec": codec, "records": n, "seconds": seconds,
            "process_wall": wall, "cpu": user + system, "maxrss_kb": maxrss_kb}


def report(rows):
    lines = ["| acks | compression | client | runs | msgs/s | MB/s | CPU s / M msgs | peak RSS MiB |",
             "|---|---|---|---|---|---|---|---|"]
    ratios = ["", "| acks | compression | kwire / best peer throughput | kwire / librdkafka CPU per msg |",
              "|---|---|---|---|"]
    for acks, codec in CONFIGS:
        med = {}
        for client in CLIENTS:
            rs = [r for r in rows if (r["client"], r["acks"], r["codec"]) == (client, acks, codec)]
            if not rs:
                continue
            rate = statistics.median(r["records"] / r["seconds"] for r in rs)
            cpu = statistics.median(r["cpu"] / r["records"] * 1e6 for r in rs)
            rss = statistics.median(r["maxrss_kb"] / 1024 for r in rs)
            med[client] = (rate, cpu)
            lines.append(f"| {acks} | {codec} | {client} | {len(rs)} | {rate:,.0f} | "
                         f"{rate * RECORD_SIZE / 1e6:.1f} | {cpu:.2f} | {rss:.0f} |")
        if "kwire" in med:
            peers = [med[c][0] for c in ("librdkafka", "java") if c in med]
            best = f"{med['kwire'][0] / max(peers):.2f}x" if peers else "-"
            cpu = f"{med['kwire'][1] / med['librdkafka'][1]:.2f}x" if "librdkafka" in med else "-"
            ratios.append(f"| {acks} | {codec} | {best} | {cpu} |")
    notes = [f"\nProducerPerformance sending 1 record (JVM start, for scale): {r['cpu']:.2f} s CPU, "
             f"{r['process_wall']:.2f} s wall, {r['maxrss_kb'] / 1024:.0f} MiB peak RSS"
             for r in rows if r["client"] == "java-1-record"]
    return "\n".join(lines + ratios + notes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--clients", default=",".join(CLIENTS), help="a subset, e.g. kwire,java")
    ap.add_argument("--kwire-bin", help="an already built producer_bench_kwire (skips the bazel build)")
    ap.add_argument("--log", help="append each run's result to this file (JSON lines)")
    ap.add_argument("--report", help="print the table of a log written by --log, and stop")
    args = ap.parse_args()
    if args.report:
        print(report([json.loads(l) for l in open(args.report) if l.strip()]))
        return
    if args.records <= 0 or args.runs <= 0:
        sys.exit("producer_bench: --records and --runs must be positive")
    clients = args.clients.split(",")
    if not clients or any(c not in CLIENTS for c in clients):
        sys.exit(f"producer_bench: --clients: expected some of {','.join(CLIENTS)}, got '{args.clients}'")

    tmp = tempfile.mkdtemp(prefix="kwire-producer-bench-")
    bins = build(tmp, "producer_bench", ["producer_bench_rdkafka", "producer_bench_topics"], "producer_bench_kwire",
                 clients, args.kwire_bin)
    bootstrap, own_broker = start_broker(tmp)
    print(f"broker {bootstrap}, {args.records} records x {args.runs} runs, load average at start: "
          f"{open('/proc/loadavg').read().strip()}", flush=True)
    rows = []
    try:
        if "java" in clients:
            # What the JVM's start costs, to read the Java CPU numbers by (not subtracted from them).
            r = one_run("java", bins, bootstrap, f"bench-{os.getpid()}-java-start", 1, "1", "none", tmp)
            r["client"] = "java-1-record"
            log_row(r, args.log)
        for acks, codec in CONFIGS:
            for i in range(args.runs):
                order = clients[i % len(clients):] + clients[:i % len(clients)]
                for client in order:
                    topic = f"bench-{os.getpid()}-{acks}-{codec}-{client}-{i}"
                    r = one_run(client, bins, bootstrap, topic, args.records, acks, codec, tmp)
                    r["time"] = time.strftime("%H:%M:%S", time.gmtime())
                    rows.append(r)
                    log_row(r, args.log)
    finally:
        print(f"load average at end: {open('/proc/loadavg').read().strip()}", flush=True)
        stop_broker(own_broker)
    print(report(rows))


if __name__ == "__main__":
    main()
