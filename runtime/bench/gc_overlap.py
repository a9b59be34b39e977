#!/usr/bin/env python3
"""Which measured messages of runtime/measure-scenario.sh were in flight while the gateway's GC paused it.

    gc_overlap.py <run dir of measure-scenario.sh (OUT=...)> [run number, default 1]

Reads <dir>/run<N>-gc.log (-Xlog:gc:file=...:utctime; each line is written when its pause ends) and the native
subscriber's messages <dir>/run<N>-native.txt (mosquitto_sub -F '%U %t %p'). Only the messages the Java subscriber
measured count (<dir>/run<N>-samples.tsv: after the warm-up). A message overlaps a pause when the pause ran between
its newest field timestamp and its receive time. Prints the latency (receive - newest field timestamp) of the
messages that overlapped a pause and of the others: how much of the tail the collections make.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from native_latency import micros, native_latencies  # noqa: E402  (the same reading of the same files)


def pct(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        sys.exit("usage: gc_overlap.py <run dir> [run number]")
    base = f"{argv[1]}/run{argv[2] if len(argv) == 3 else 1}"
    for suffix in ("-gc.log", "-samples.tsv", "-native.txt"):
        if not os.path.isfile(base + suffix):
            sys.exit(f"gc_overlap.py: no {base + suffix} (a measure-scenario.sh run folder, with mosquitto_sub "
                     "installed for the native subscriber's file)")
    pauses = []
    for line in open(base + "-gc.log"):
        m = re.match(r"\[(\S+?)(?:[+-]\d{4})?\] GC\(\d+\) Pause .* ([0-9.]+)ms$", line.strip())
        if m:
            end = micros(m.group(1))
            pauses.append((end - float(m.group(2)) * 1000, end))
    measured = set()
    for row in open(base + "-samples.tsv").read().splitlines()[1:]:
        cols = row.split("\t")
        measured.add((cols[2], int(cols[0]) - int(cols[1])))  # topic, newest field timestamp (µs)
    hit, other = [], []
    for topic, stamp, received in native_latencies(base + "-native.txt"):
        if (topic, stamp) not in measured:
            continue
        latency = (received - stamp) / 1000
        (hit if any(s <= received and e >= stamp for s, e in pauses) else other).append(latency)
    print(f"FIGURE gc overlap: {len(hit)} of {len(hit) + len(other)} messages overlapped one of {len(pauses)} pauses: "
          f"p50 {pct(hit, 50):.2f} ms, max {max(hit, default=float('nan')):.2f} ms; the others p50 "
          f"{pct(other, 50):.2f} ms, p90 {pct(other, 90):.2f} ms, p99 {pct(other, 99):.2f} ms; "
          f"all p99 {pct(hit + other, 99):.2f} ms")


if __name__ == "__main__":
    main(sys.argv)
