#!/usr/bin/env python3
"""poll -> UNS latency seen by a second, native subscriber (mosquitto_sub) on the same messages.

    native_latency.py <mosquitto_sub output written with -F '%U %t %p'> <samples.tsv of UnsLatencySubscriber>
    native_latency.py --intervals <seconds> <mosquitto_sub output written with -F '%U %t %p'>

The second form (runtime/measure-throughput.sh with NATIVE_SUB=1) takes every message the native subscriber got and
prints p50/p90/p99/max per interval of receive time, then FIGURE lines over the intervals and over all messages.

runtime/measure-scenario.sh runs `mosquitto_sub -R -q 1 -F '%U %t %p'` beside the Java subscriber. mosquitto_sub
takes its receive time (CLOCK_REALTIME, ns) in its message callback, in a C process with no JIT and no GC, so the
difference between the two figures is the Java subscriber's own share (its JVM, GC pauses, Paho's callback thread).
The latency rule is the Java subscriber's: receive time minus the newest field timestamp of the message's "fields".
Only the messages the Java subscriber measured count (same topic and same newest field timestamp), so both figures
cover the same messages.
"""
import json
import sys
from datetime import datetime, timezone


def micros(iso):
    # 2026-11-25T19:57:35.123456Z (the gateway writes up to microseconds)
    whole, _, frac = iso.rstrip("Z").partition(".")
    seconds = int(datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp())
    return seconds * 1_000_000 + int((frac + "000000")[:6])


def pct(sorted_values, p):
    if not sorted_values:
        return float("nan")
    rank = -(-p * len(sorted_values) // 100)
    return sorted_values[max(0, rank - 1)] / 1000.0


def native_latencies(path):
    """(topic, newest field timestamp, receive time), both in µs, of every message with fields in a mosquitto_sub file."""
    for line in open(path, errors="replace"):
        parts = line.rstrip("\n").split(" ", 2)
        if len(parts) < 3 or "\"fields\"" not in parts[2]:
            continue
        stamp, topic, payload = parts
        try:
            fields = json.loads(payload)["fields"]
        except (ValueError, KeyError, TypeError):
            continue
        stamps = [micros(f["timestamp"]) for f in fields.values() if isinstance(f, dict) and "timestamp" in f]
        if not stamps:
            continue
        seconds, _, nanos = stamp.partition(".")
        received = int(seconds) * 1_000_000 + int((nanos + "000000000")[:9]) // 1000
        yield topic, max(stamps), received


def intervals(seconds, path):
    buckets = {}
    first = None
    for _, newest, received in native_latencies(path):
        first = received if first is None else first
        buckets.setdefault((received - first) // (seconds * 1_000_000), []).append(received - newest)
    p99s = []
    every = []
    for b in sorted(buckets):
        v = sorted(buckets[b])
        every += v
        p99s.append(pct(v, 99))
        print("  native %4d-%-4d s: %6d messages, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
              % (b * seconds, (b + 1) * seconds, len(v), pct(v, 50), pct(v, 90), pct(v, 99), pct(v, 100)))
    if not every:
        print("FIGURE native subscriber: no message with fields in %s" % path)
        return
    every.sort()
    print("FIGURE p99 poll->UNS ms at a native subscriber (per interval): mean %.1f, min %.1f, max %.1f over %d intervals"
          % (sum(p99s) / len(p99s), min(p99s), max(p99s), len(p99s)))
    print("FIGURE poll->UNS latency at a native subscriber (mosquitto_sub), all %d messages: p50 %.2f ms, p90 %.2f ms, "
          "p99 %.2f ms, max %.2f ms" % (len(every), pct(every, 50), pct(every, 90), pct(every, 99), pct(every, 100)))


def main():
    if sys.argv[1] == "--intervals":
        intervals(int(sys.argv[2]), sys.argv[3])
        return
    measured = set()  # (topic, sent µs) the Java subscriber counted
    for line in open(sys.argv[2]).read().splitlines()[1:]:
        received, latency, topic, _ = line.split("\t")
        measured.add((topic, int(received) - int(latency)))
    native = [received - newest for topic, newest, received in native_latencies(sys.argv[1])
              if (topic, newest) in measured]
    native.sort()
    print("FIGURE poll->UNS latency at a native subscriber (mosquitto_sub, same messages), %d of %d messages: "
          "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
          % (len(native), len(measured), pct(native, 50), pct(native, 90), pct(native, 99), pct(native, 100)))


if __name__ == "__main__":
    main()
