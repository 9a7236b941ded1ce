"""Helpers of the side-by-side benchmark runner (tools/bench/run): building a kwire program,
running one client under /usr/bin/time, a broker when none is given, the JSON log."""

import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def build_kwire(program):
    """tools/bench/<program> with bazel --config=opt (KWIRE_BENCH_OUTPUT_BASE picks the output base)."""
    bazel = ["bazel"]
    if os.environ.get("KWIRE_BENCH_OUTPUT_BASE"):
        bazel.append("--output_base=" + os.environ["KWIRE_BENCH_OUTPUT_BASE"])
    run(bazel + ["build", "--config=opt", "--symlink_prefix=/", "//tools/bench:" + program], cwd=ROOT)
    # Bazel 4's cquery has no --output=files: the binary is under bazel-bin of the same config.
    bin_dir = run(bazel + ["info", "--config=opt", "bazel-bin"], cwd=ROOT, stdout=subprocess.PIPE,
                  stderr=subprocess.DEVNULL).stdout.strip()
    return os.path.join(bin_dir, "tools/bench", program)


def timed(client, cmd, tmp, timeout):
    """Runs one client under /usr/bin/time: (its output, process wall s, user s, sys s, peak RSS KiB)."""
    timing = os.path.join(tmp, "time.txt")
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", timing] + cmd,
                       text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{client} exited with {p.returncode}:\n{p.stdout[-2000:]}")
    wall, user, system, maxrss_kb = open(timing).read().split()[-4:]
    return p.stdout, float(wall), float(user), float(system), int(maxrss_kb)


def start_broker(tmp):
    """$KWIRE_BOOTSTRAP, else a broker of our own under tmp: (bootstrap, its environment or None)."""
    bootstrap = os.environ.get("KWIRE_BOOTSTRAP")
    if bootstrap:
        return bootstrap, None
    own = dict(os.environ, KWIRE_RUN_ROOT=os.path.join(tmp, "broker"))
    run([os.path.join(ROOT, "tools/broker"), "start"], env=own)
    env = run([os.path.join(ROOT, "tools/broker"), "env"], env=own, stdout=subprocess.PIPE).stdout
    return re.search(r"KWIRE_BOOTSTRAP=['\"]?([^'\"\s]+)", env).group(1), own


def stop_broker(own):
    if own:
        subprocess.run([os.path.join(ROOT, "tools/broker"), "stop"], env=own)


def log_row(r, path):
    print(json.dumps(r), flush=True)
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(r) + "\n")
