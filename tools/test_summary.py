#!/usr/bin/env python3
"""Adds up GoogleTest results from Bazel's test.xml files.

  test_summary.py add LEDGER PHASE TESTLOGS TARGET...   record one phase's results
  test_summary.py print LEDGER                           print GoogleTest-style totals

tools/test runs several `bazel test` phases (unit, then broker tests per Kafka line); each one
overwrites bazel-testlogs, so every phase is recorded in a ledger before the next one starts.
"""
import os
import sys
import xml.etree.ElementTree as ET


def target_dir(testlogs, label):
    pkg, _, name = label.lstrip("/").partition(":")
    return os.path.join(testlogs, pkg, name)


def add(ledger, phase, testlogs, labels):
    with open(ledger, "a") as out:
        for label in labels:
            path = os.path.join(target_dir(testlogs, label), "test.xml")
            if not os.path.exists(path):
                out.write(f"{phase}\t{label}\t-\tmissing\tno test.xml (did the test run?)\n")
                continue
            root = ET.parse(path).getroot()
            cases = list(root.iter("testcase"))
            if not cases:  # a crash before GoogleTest wrote its report: Bazel's own summary
                ok = root.find(".//failure") is None and root.find(".//error") is None
                out.write(f"{phase}\t{label}\t-\t{'passed' if ok else 'failed'}\tno test cases reported\n")
                continue
            for case in cases:
                name = f"{case.get('classname')}.{case.get('name')}"
                if case.find("failure") is not None or case.find("error") is not None:
                    status = "failed"
                elif case.get("result") == "skipped" or case.find("skipped") is not None:
                    status = "skipped"
                else:
                    status = "passed"
                out.write(f"{phase}\t{label}\t{name}\t{status}\t\n")


def show(ledger):
    rows = [line.rstrip("\n").split("\t") for line in open(ledger)] if os.path.exists(ledger) else []
    counts = {"passed": 0, "failed": 0, "skipped": 0, "missing": 0}
    phases = {}
    for phase, label, name, status, note in rows:
        counts[status] += 1
        phases.setdefault(phase, {"passed": 0, "failed": 0, "skipped": 0, "missing": 0})[status] += 1
    print("[==========] kwire test summary")
    for phase, c in phases.items():
        print(f"[ {phase:<8} ] {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped")
    for phase, label, name, status, note in rows:
        if status in ("failed", "missing"):
            print(f"[  FAILED  ] {phase} {label} {name} {note}".rstrip())
        elif status == "skipped":
            print(f"[ SKIPPED  ] {phase} {label} {name}")
    total = counts["passed"] + counts["failed"] + counts["skipped"]
    if counts["failed"] == 0 and counts["missing"] == 0:
        print(f"[  PASSED  ] {counts['passed']} tests.")
    failed = counts["failed"] + counts["missing"]
    print(f"tests: {counts['passed']} passed, {failed} failed, {counts['skipped']} skipped")
    return 0 if failed == 0 and total > 0 else 1


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "add":
        add(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif len(sys.argv) == 3 and sys.argv[1] == "print":
        sys.exit(show(sys.argv[2]))
    else:
        sys.exit(__doc__)
