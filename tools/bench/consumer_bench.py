#!/usr/bin/env python3
"""Consumer side by side (issue #8): kwire vs librdkafka vs the Java client's ConsumerPerformance.

    tools/bench/consumer_bench.py [--records N] [--runs R] [--log FILE]
    tools/bench/consumer_bench.py --report FILE      # the table again from a run's log

Once, before the runs: a fresh single-partition topic is created and N records of 100 bytes (random
letters A-Z, no key) are produced into it by tools/bench/producer_bench_rdkafka.c (acks=1,
linger.ms=5, batch.size=16384, no compression: uncompressed batches of ~16 KiB, ~150 records each,
as a default Java producer writes them); deleted at the end unless --keep-topic. --topic T skips
this and reads T, which must hold exactly N records (and is kept). Then, R times, each client consumes all N records from
the beginning in a group of its own (a fresh group.id per run, so no committed offsets;
auto.offset.reset=earliest, enable.auto.commit=false), the clients' order rotated from run to run.
Settings common to all three: fetch.min.bytes=1, fetch.max.bytes=52428800,
max.partition.fetch.bytes=1048576, fetch.max.wait.ms=500 (librdkafka: fetch.wait.max.ms), all the
Java defaults; check.crcs=false (ConsumerPerformance forces it, librdkafka's default); the socket's
receive buffer left to the OS (ConsumerPerformance --socket-buffer-size -1; the others never set it).

Clients: kwire (tools/bench/consumer_bench_kwire.cc; --kwire-before BIN adds another build of it,
"kwire-before", to the rotation), librdkafka (consumer_bench_rdkafka.c with its
defaults otherwise), librdkafka-bigq (the same program with its prefetch queue limits raised to
hold the whole run: librdkafka 2.0.2 stops fetching at queued.min.messages=100000 or
queued.max.messages.kbytes=65536 and looks again only once a second, which idles it), and java
(org.apache.kafka.tools.ConsumerPerformance).

Measured per run: throughput as each client reports it (clock from the group's partition
assignment to the N-th record; ConsumerPerformance's fetch.nMsg.sec, millisecond clock), client
CPU (user+sys of the whole process, JVM start included) and peak RSS, both from /usr/bin/time.
Printed: the median of the runs.

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

# "kwire-before": a second kwire build (--kwire-before BIN), to measure a change in the same rotation.
CLIENTS = ["kwire", "kwire-before", "librdkafka", "librdkafka-bigq", "java"]
PEERS = ["librdkafka", "librdkafka-bigq", "java"]
RECORD_SIZE = 100
COMMON = {
    "fetch.min.bytes": "1",
    "fetch.max.bytes": "52428800",
    "max.partition.fetch.bytes": "1048576",
    "fetch.max.wait.ms": "500",
}
# librdkafka's prefetch queue big enough for every record of a run (10M records of ~100 bytes).
BIGQ = {"queued.min.messages": "10000000", "queued.max.messages.kbytes": "2097151"}


def command(client, bins, bootstrap, topic, n, group):
    common = dict(COMMON, **{"check.crcs": "false"})
    if client == "java":
        props = dict(common, **{"enable.auto.commit": "false"})
        del props["max.partition.fetch.bytes"]  # --fetch-size sets it
        del props["check.crcs"]                 # the tool forces false
        cmd = ["java", "-cp", bins["java_libs"] + "/*", "org.apache.kafka.tools.ConsumerPerformance",
               "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", str(n), "--group", group,
               "--fetch-size", COMMON["max.partition.fetch.bytes"], "--socket-buffer-size", "-1",
               "--timeout", "60000"]
        for k, v in props.items():
            cmd += ["--command-property", f"{k}={v}"]
        return cmd
    if client in ("kwire", "kwire-before"):
        return [bins[client], bootstrap, topic, str(n), group] + [f"{k}={v}" for k, v in common.items()]
    props = {("fetch.wait.max.ms" if k == "fetch.max.wait.ms" else k): v for k, v in common.items()}
    if client == "librdkafka-bigq":
        props.update(BIGQ)
    return [bins["consumer_bench_rdkafka"], bootstrap, topic, str(n), group] + [f"{k}={v}" for k, v in props.items()]


def timing_of(client, n, out):
    """(seconds, total_seconds): the client's own clock from assignment to the N-th record, and
    from its start (before bootstrap) to the same point."""
    if client == "java":
        # start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        m = re.findall(r"^[\d-]+ [\d:]+, [\d-]+ [\d:]+, ([\d.]+), [\d.]+, (\d+), ([\d.]+), (\d+), (\d+), ", out, re.M)
        if not m or int(m[-1][1]) < n:
            raise RuntimeError("ConsumerPerformance printed no total for %d records:\n%s" % (n, out[-2000:]))
        _, count, rate, _, fetch_ms = m[-1]
        return int(fetch_ms) / 1000, int(count) / float(rate)
    m = re.search(r"records=(\d+) bytes=(\d+) seconds=([\d.]+) total_seconds=([\d.]+)", out)
    if not m or int(m.group(1)) != n or int(m.group(2)) != n * RECORD_SIZE:
        raise RuntimeError(f"{client} did not receive all {n} records:\n{out[-2000:]}")
    return float(m.group(3)), float(m.group(4))


def one_run(client, bins, bootstrap, topic, n, group, tmp):
    out, wall, user, system, maxrss_kb = timed(client, command(client, bins, bootstrap, topic, n, group), tmp, 900)
    seconds, total = timing_of(client, n, out)
    return {"client": client, "records": n, "seconds": seconds, "total_seconds": total,
            "process_wall": wall, "cpu": user + system, "user": user, "sys": system, "maxrss_kb": maxrss_kb}


def report(rows):
    lines = ["| client | runs | msgs/s | MB/s | CPU s / M msgs | peak RSS MiB | process wall s |",
             "|---|---|---|---|---|---|---|"]
    med = {}
    for client in CLIENTS:
        rs = [r for r in rows if r["client"] == client]
        if not rs:
            continue
        rate = statistics.median(r["records"] / r["seconds"] for r in rs)
        cpu = statistics.median(r["cpu"] / r["records"] * 1e6 for r in rs)
        rss = statistics.median(r["maxrss_kb"] / 1024 for r in rs)
        wall = statistics.median(r["process_wall"] for r in rs)
        med[client] = (rate, cpu)
        lines.append(f"| {client} | {len(rs)} | {rate:,.0f} | {rate * RECORD_SIZE / 1e6:.1f} | {cpu:.2f} | "
                     f"{rss:.0f} | {wall:.1f} |")
    ratios = []
    if "kwire" in med:
        ratios = ["", "| kwire against | throughput ratio | CPU per msg ratio |", "|---|---|---|"]
        for peer in ["kwire-before"] + PEERS:
            if peer in med:
                ratios.append(f"| {peer} | {med['kwire'][0] / med[peer][0]:.2f}x | "
                              f"{med['kwire'][1] / med[peer][1]:.2f}x |")
        peers = [c for c in PEERS if c in med]
        if peers:
            best = max(peers, key=lambda c: med[c][0])
            ratios.append(f"\nkwire / best peer throughput ({best}): {med['kwire'][0] / med[best][0]:.2f}x")
    notes = [f"\nConsumerPerformance reading 1 record (JVM start and group join, for scale): {r['cpu']:.2f} s CPU, "
             f"{r['process_wall']:.2f} s wall, {r['maxrss_kb'] / 1024:.0f} MiB peak RSS"
             for r in rows if r["client"] == "java-1-record"]
    return "\n".join(lines + ratios + notes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--clients", default=",".join(["kwire"] + PEERS), help="a subset, e.g. kwire,java")
    ap.add_argument("--kwire-bin", help="an already built consumer_bench_kwire (skips the bazel build)")
    ap.add_argument("--kwire-before", help="another consumer_bench_kwire build, run as client kwire-before")
    ap.add_argument("--topic", help="consume this topic, already holding exactly --records records "
                                    "(skips producing; the topic is kept)")
    ap.add_argument("--keep-topic", action="store_true", help="do not delete the topic produced")
    ap.add_argument("--log", help="append each run's result to this file (JSON lines)")
    ap.add_argument("--report", help="print the table of a log written by --log, and stop")
    args = ap.parse_args()
    if args.report:
        print(report([json.loads(l) for l in open(args.report) if l.strip()]))
        return
    if args.records <= 0 or args.runs <= 0:
        sys.exit("consumer_bench: --records and --runs must be positive")
    clients = args.clients.split(",")
    if not clients or any(c not in ["kwire"] + PEERS for c in clients):
        sys.exit(f"consumer_bench: --clients: expected some of kwire,{','.join(PEERS)}, got '{args.clients}'")
    if args.kwire_before:
        clients.append("kwire-before")

    tmp = tempfile.mkdtemp(prefix="kwire-consumer-bench-")
    bins = build(tmp, "consumer_bench", ["consumer_bench_rdkafka", "producer_bench_rdkafka", "producer_bench_topics"],
                 "consumer_bench_kwire", clients, args.kwire_bin)
    if args.kwire_before:
        bins["kwire-before"] = args.kwire_before
    bootstrap, own_broker = start_broker(tmp)
    topic = args.topic or f"consumer-bench-{os.getpid()}"
    print(f"broker {bootstrap}, topic {topic}, {args.records} records x {args.runs} runs, load average at "
          f"start: {open('/proc/loadavg').read().strip()}", flush=True)
    rows = []
    try:
        if not args.topic:
            run([bins["producer_bench_topics"], bootstrap, "create", topic])
            p = run([bins["producer_bench_rdkafka"], bootstrap, topic, str(args.records), "1", "none",
                     "batch.size=16384", "linger.ms=5"], stdout=subprocess.PIPE)
            print("produced: " + p.stdout.strip(), flush=True)
            if not re.search(r"failed=0\b", p.stdout):
                sys.exit("consumer_bench: producing the records failed")
        if "java" in clients:
            # What the JVM's start and a group join cost, to read the Java CPU numbers by.
            r = one_run("java", bins, bootstrap, topic, 1, f"bench-{os.getpid()}-java-start", tmp)
            r["client"] = "java-1-record"
            log_row(r, args.log)
        for i in range(args.runs):
            order = clients[i % len(clients):] + clients[:i % len(clients)]
            for client in order:
                group = f"bench-{os.getpid()}-{client}-{i}"
                r = one_run(client, bins, bootstrap, topic, args.records, group, tmp)
                r["time"] = time.strftime("%H:%M:%S", time.gmtime())
                r["loadavg"] = open("/proc/loadavg").read().split()[0]
                rows.append(r)
                log_row(r, args.log)
    finally:
        print(f"load average at end: {open('/proc/loadavg').read().strip()}", flush=True)
        if not args.topic and not args.keep_topic:
            subprocess.run([bins["producer_bench_topics"], bootstrap, "delete", topic])
        stop_broker(own_broker)
    print(report(rows))


if __name__ == "__main__":
    main()
