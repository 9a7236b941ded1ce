#!/usr/bin/env python3
"""Writes docs/protocol-coverage.md from what the tests recorded (KWIRE_COVERAGE_OUT lines).

  schema KEY VERSION LINE            the schema check matched KEY/VERSION with Kafka LINE's schema
  exchanged KEY VERSION KAFKA        the conformance test exchanged KEY/VERSION with that broker
  refused KEY VERSION KAFKA          the broker lists the version but closes on it by design

tools/test runs this after `KWIRE_TEST_BOTH=1 tools/test` passes, so the doc is the record of a
real run, never typed by hand. API names come from protocol/api.cpp, kwire's ranges from
protocol/message_catalog.hpp.
"""
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def api_table():
    api = open(os.path.join(top, "protocol", "api.cpp")).read()
    catalog = open(os.path.join(top, "protocol", "message_catalog.hpp")).read()
    implemented = {ident: (int(lo), int(hi)) for ident, lo, hi in re.findall(r"X\((\w+), (\d+), (\d+)\)", catalog)}
    return [(i, name, implemented.get(ident))
            for i, (ident, name) in enumerate(re.findall(r'row\(k::(\w+), "(\w+)", -?\d+\)', api))]


def ranges(vs):
    vs = sorted(vs)
    if not vs:
        return "-"
    out, start, prev = [], vs[0], vs[0]
    for v in vs[1:] + [None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ",".join(out)


def main(path):
    schema, exchanged, refused = {}, {}, {}
    for line in open(path):
        parts = line.split()
        if len(parts) != 4:
            continue
        kind, key, version, where = parts[0], int(parts[1]), int(parts[2]), parts[3]
        target = {"schema": schema, "exchanged": exchanged, "refused": refused}.get(kind)
        if target is not None:
            target.setdefault((key, where), set()).add(version)
    print("# Protocol coverage\n")
    # KWIRE_COVERAGE_SOURCE names another origin (e.g. the conformance tests run by hand).
    source = os.environ.get("KWIRE_COVERAGE_SOURCE") or "a passing `KWIRE_TEST_BOTH=1 tools/test` run"
    print(f"Written by `tools/protocol_coverage.py` from {source};")
    print("do not edit by hand. For each API: the versions kwire implements, the versions whose")
    print("request and response declarations matched Kafka's own message schemas field by field")
    print("(`tests/conformance/schema_check_test.cc`), and the versions exchanged with a real broker")
    print("of each line with a valid request, decoded completely, with only the error codes that")
    print("request should get (`tests/conformance/exchange_test.cc`). \"refused\" marks versions a")
    print("broker lists but closes the connection on by design (KIP-896).\n")
    print("| key | API | kwire | schema 4.4.0 | schema 3.9.2 | exchanged 4.4.0 | exchanged 3.9.2 |")
    print("|---:|---|---|---|---|---|---|")
    for key, name, rng in api_table():
        if rng is None:
            continue
        def cell(d, where):
            got = ranges(d.get((key, where), set()))
            ref = refused.get((key, where))
            return got + (f" (refused {ranges(ref)})" if ref else "")
        print(f"| {key} | {name} | {rng[0]}-{rng[1]} | {ranges(schema.get((key, '4.4.0'), set()))} | "
              f"{ranges(schema.get((key, '3.9.2'), set()))} | {cell(exchanged, '4.4.0')} | {cell(exchanged, '3.9.2')} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
