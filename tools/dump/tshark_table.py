#!/usr/bin/env python3
"""Per API key/version: frames kwire-dump decoded beside frames tshark's Kafka dissector decoded.

usage: tshark_table.py KWIRE_DUMP_JSONL TSHARK_FIELDS

KWIRE_DUMP_JSONL is `kwire-dump ... --json` output; TSHARK_FIELDS is what
tests/dump/traffic_test.cc has tshark print (fields separated by '|': src port, dst port,
kafka.api_key, kafka.api_version, kafka.response_key, kafka.response.version, _ws.malformed,
_ws.expert.message) for the same capture. The frame totals are kwire-dump's (the test proves the
capture holds the same frames the proxy saw). A tshark frame counts as decoded when tshark
recognised it, the packet is not malformed and the version is within what tshark says it
supports ("Unsupported X version. Supports v0-N", "Unknown N API key"). Several Kafka frames in
one TCP segment share that segment's verdict (tshark reports malformation per packet).
"""
import collections
import json
import re
import sys

# tshark's names for the APIs where they differ from Kafka's.
TSHARK_NAMES = {2: "Offsets"}


def kafka_names(jsonl):
    names, counts = {}, collections.Counter()
    for line in open(jsonl, encoding="utf-8"):
        x = json.loads(line)
        if "summary" in x or x.get("undecoded"):
            continue
        names[x["api_key"]] = x["api"]
        for half in ("request", "response"):
            h = x.get(half)
            if h:
                counts[(x["api_key"], x["version"], half, h["decoded"])] += 1
    return names, counts


def main():
    names, kwire = kafka_names(sys.argv[1])
    tshark = collections.Counter()
    text = open(sys.argv[2], encoding="utf-8").read()
    supported_max = {m.group(1): int(m.group(2)) for m in re.finditer(r"Unsupported (\w+) version\. Supports v0-?(\d+)", text)}
    unknown_keys = {int(m.group(1)) for m in re.finditer(r"Unknown (\d+) API key", text)}
    for line in text.splitlines():
        f = line.split("|")
        if len(f) < 8:
            continue
        malformed = bool(f[6])
        for kind, keys, versions in (("request", f[2], f[3]), ("response", f[4], f[5])):
            if not keys or (kind == "request" and f[4]):
                continue  # a response line repeats the request's key in kafka.api_key
            for k, v in zip(keys.split(","), versions.split(",")):
                k, v = int(k), int(v)
                name = TSHARK_NAMES.get(k, names.get(k, str(k)))
                unsupported = k in unknown_keys or v > supported_max.get(name, 1 << 15)
                tshark[(k, v, kind, not malformed and not unsupported)] += 1
    rows = sorted({(k, v) for (k, v, _, _) in kwire} | {(k, v) for (k, v, _, _) in tshark})
    print("| API (key) | version | frames (requests + responses) | decoded by kwire-dump | decoded by tshark |")
    print("|---|---|---|---|---|")
    for k, v in rows:
        total = sum(kwire[(k, v, kind, ok)] for kind in ("request", "response") for ok in (True, False))
        ok_kwire = sum(kwire[(k, v, kind, True)] for kind in ("request", "response"))
        ok_tshark = sum(tshark[(k, v, kind, True)] for kind in ("request", "response"))
        print("| %s (%d) | %d | %d | %d | %d |" % (names.get(k, "?"), k, v, total, ok_kwire, min(ok_tshark, total)))


if __name__ == "__main__":
    main()
