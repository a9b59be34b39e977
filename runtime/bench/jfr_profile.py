#!/usr/bin/env python3
"""Summarises a gateway JFR recording for runtime/measure-throughput.sh (docs/decisions/sink-throughput.md):
GC count and pause total, CPU samples by top frame and by the first Plantwire/Paho/Kafka/j2mod frame, allocation
samples (weight) by the first such frame, per thread. Needs the JDK's `jfr` tool.

    python3 runtime/bench/jfr_profile.py gateway.jfr [top=25] [since=0]

since: only events that start this many seconds after the recording's first event (e.g. 45 for the steady state
of a run with a 30 s warm-up; the start-up's password hashing and feature install otherwise mix in).
"""
import collections, datetime, json, subprocess, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
since = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
OURS = ("io.plantwire.", "org.eclipse.paho.", "org.apache.kafka.", "com.ghgande.j2mod.")


def instant(text):  # "2026-12-06T23:58:04.123456789Z" (or with an offset); microseconds are enough here
    head, _, rest = text.partition(".")
    digits = "".join(c for c in rest if c.isdigit())[:6].ljust(6, "0") if rest else "000000"
    return datetime.datetime.fromisoformat(head).timestamp() + int(digits) / 1e6


def all_events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "40", "--events", kind, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


start = None


def events(kind):
    global start
    es = all_events(kind)
    if since <= 0:
        return es
    if start is None:
        start = min(instant(e["values"]["startTime"]) for e in all_events("jdk.CPULoad"))
    return [e for e in es if instant(e["values"]["startTime"]) >= start + since]


def frame_name(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def first_ours(frames):
    for f in frames:
        n = frame_name(f)
        if n.startswith(OURS) and "$$Lambda" not in n:
            return n
    return frame_name(frames[0]) if frames else "?"


def seconds(d):  # JFR JSON durations look like "PT0.001234S"
    return float(d[2:-1]) if d.startswith("PT") and d.endswith("S") else 0.0


gcs = events("jdk.GarbageCollection")
by_name = collections.Counter()
pause = collections.Counter()
for g in gcs:
    n = g["values"]["name"]
    by_name[n] += 1
    pause[n] += seconds(g["values"]["sumOfPauses"])
first = min((g["values"]["startTime"] for g in gcs), default="")
print(f"GC: {len(gcs)} collections; " + ", ".join(f"{n} {c}x {pause[n]:.2f}s pause" for n, c in by_name.items()))

samples = events("jdk.ExecutionSample")
print(f"\nCPU samples: {len(samples)}")
tops, ours, threads = collections.Counter(), collections.Counter(), collections.Counter()
for s in samples:
    frames = s["values"]["stackTrace"]["frames"] if s["values"].get("stackTrace") else []
    if not frames:
        continue
    tops[frame_name(frames[0])] += 1
    ours[first_ours(frames)] += 1
    t = s["values"]["sampledThread"]
    name = (t.get("javaName") or t.get("osName") or "?")
    threads[name.rstrip("0123456789- ")] += 1
for title, c in (("top frame", tops), ("first Plantwire/Paho/Kafka/j2mod frame", ours), ("thread (name stem)", threads)):
    print(f"  by {title}:")
    for k, v in c.most_common(top):
        print(f"    {100.0 * v / max(1, len(samples)):5.1f}%  {k}")

alloc = events("jdk.ObjectAllocationSample")
weights, types = collections.Counter(), collections.Counter()
total = 0
for a in alloc:
    w = a["values"]["weight"]
    total += w
    frames = a["values"]["stackTrace"]["frames"] if a["values"].get("stackTrace") else []
    weights[first_ours(frames)] += w
    types[a["values"]["objectClass"]["name"]] += w
print(f"\nAllocation samples: {len(alloc)}, total weight {total / 2**20:.0f} MiB")
for title, c in (("first Plantwire/Paho/Kafka/j2mod frame", weights), ("class", types)):
    print(f"  by {title}:")
    for k, v in c.most_common(top):
        print(f"    {100.0 * v / max(1, total):5.1f}%  {v / 2**20:8.1f} MiB  {k}")
