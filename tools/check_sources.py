#!/usr/bin/env python3
"""Fails when Bazel's //:kwire and the CMake build are not made of the same files.

Bazel's side is `bazel query` of every cc_library under //:kwire (srcs, hdrs, include_prefix);
CMake's side is what cmake/kwireSources.cmake globs (`cmake -P cmake/kwirePrintSources.cmake`,
the same function CMakeLists.txt compiles and installs from). Compared:
  - the .cpp files Bazel compiles and the ones CMake compiles;
  - the headers Bazel exposes and the ones CMake installs, and the <kwire/...> path of each.
Usage: tools/check_sources.py   (from anywhere; runs bazel in the source tree)
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def label_path(label):
    """//client/producer:accumulator.cpp -> client/producer/accumulator.cpp"""
    package, name = label[2:].split(":", 1)
    return f"{package}/{name}" if package else name


def bazel_side():
    """(sources, {header: include path}) of every kwire cc_library under //:kwire."""
    query = "kind(cc_library, deps(//:kwire)) intersect //..."
    out = subprocess.run(["bazel", "query", "--noshow_progress", "--output=xml", query],
                         cwd=TOP, check=True, capture_output=True, text=True).stdout
    sources, headers, odd = set(), {}, []
    for rule in ET.fromstring(out).iter("rule"):
        package = rule.get("name")[2:].split(":")[0]
        prefix = ""
        for attr in rule.findall("string"):
            if attr.get("name") == "include_prefix":
                prefix = attr.get("value")
        for attr in rule.findall("list"):
            labels = [label_path(l.get("value")) for l in attr.findall("label")]
            if attr.get("name") == "srcs":
                for path in labels:
                    (sources.add(path) if path.endswith(".cpp") else odd.append((rule.get("name"), path)))
            elif attr.get("name") == "hdrs":
                for path in labels:
                    if not prefix:
                        odd.append((rule.get("name"), path + " (no include_prefix)"))
                    headers[path] = f"{prefix}/{path[len(package) + 1:]}"
    return sources, headers, odd


def cmake_side():
    """(sources, {header: install path}) as cmake/kwireSources.cmake globs them."""
    run = subprocess.run(["cmake", "-P", os.path.join(TOP, "cmake", "kwirePrintSources.cmake")],
                         check=True, capture_output=True, text=True)
    sources, headers = set(), {}
    for line in (run.stdout + run.stderr).splitlines():  # message(NOTICE) writes to stderr
        kind, *rest = line.split()
        if kind == "src":
            sources.add(rest[0])
        elif kind == "hdr":
            headers[rest[0]] = rest[1]
        else:
            raise SystemExit(f"check_sources: unexpected line from kwirePrintSources.cmake: {line!r}")
    return sources, headers


def main():
    bazel_sources, bazel_headers, odd = bazel_side()
    cmake_sources, cmake_headers = cmake_side()
    problems = [f"{rule}: {path} is neither a .cpp source nor a header CMake knows how to handle"
                for rule, path in odd]
    for path in sorted(bazel_sources - cmake_sources):
        problems.append(f"{path}: compiled by Bazel's //:kwire, not by CMake (cmake/kwireSources.cmake)")
    for path in sorted(cmake_sources - bazel_sources):
        problems.append(f"{path}: compiled by CMake, not by Bazel's //:kwire")
    for path in sorted(bazel_headers.keys() - cmake_headers.keys()):
        problems.append(f"{path}: a header of Bazel's //:kwire that CMake does not install")
    for path in sorted(cmake_headers.keys() - bazel_headers.keys()):
        problems.append(f"{path}: installed by CMake, not a header of Bazel's //:kwire")
    for path in sorted(bazel_headers.keys() & cmake_headers.keys()):
        if bazel_headers[path] != cmake_headers[path]:
            problems.append(f"{path}: Bazel exposes it as <{bazel_headers[path]}>, CMake installs it as "
                            f"<{cmake_headers[path]}>")
    if not bazel_sources or not bazel_headers:
        problems.append("bazel query found no sources or headers under //:kwire")
    for p in problems:
        print(f"check_sources: {p}", file=sys.stderr)
    if problems:
        print(f"check_sources: Bazel and CMake differ ({len(problems)} problems)", file=sys.stderr)
        return 1
    print(f"check_sources: Bazel and CMake agree on {len(bazel_sources)} sources and {len(bazel_headers)} headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
