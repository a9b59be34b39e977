#!/usr/bin/env python3
"""Time per item inside each pipeline stage over a measured window, from two scrapes of the gateway's /metrics.

    stage_times.py <metrics scraped at the window's start> <metrics scraped at its end>

Reads the histogram plantwire_stage_item_seconds (docs/operations.md) of both scrapes and subtracts the first from the
second, so start-up (class loading, the first SQL connect, held readings) is not in the figures. Prints per stage the
items timed and the p50/p90/p99 as the histogram's bucket bounds ("<= 250 us": the value lies in the bucket ending
there). A mapper emits its records synchronously, so its time contains the stages after it (normalizer, context,
sinks) for the records it emitted; the other stages' times are their own.
"""
import re
import sys

BUCKET = re.compile(r'^plantwire_stage_item_seconds_bucket\{(.*)\} (\S+)$')


def buckets(path):
    """{(kind, stage): {le: cumulative count}} of one scrape."""
    out = {}
    try:
        lines = open(path, errors="replace").read().splitlines()
    except OSError as e:
        sys.exit("stage_times.py: cannot read %s: %s" % (path, e.strerror))
    for number, line in enumerate(lines, 1):
        m = BUCKET.match(line.strip())
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if "stage" not in labels or "le" not in labels:
            continue
        try:
            le = float(labels["le"])  # "+Inf" too
            count = float(m.group(2))
        except ValueError:
            print("stage_times.py: %s line %d skipped, not a number: %s" % (path, number, line[:120]), file=sys.stderr)
            continue
        out.setdefault((labels.get("kind", "?"), labels["stage"]), {})[le] = count
    return out


def bound(counts, p):
    total = counts[-1][1]
    for le, c in counts:
        if c >= p * total:
            return le
    return float("inf")


def label(seconds):
    return "> last bucket" if seconds == float("inf") else "<= %g us" % round(seconds * 1e6, 1)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
    if not after:
        sys.exit("stage_times.py: no plantwire_stage_item_seconds in " + sys.argv[2])
    timed = 0
    for key in sorted(after, key=lambda k: (k[0], k[1])):
        counts = sorted((le, c - before.get(key, {}).get(le, 0.0)) for le, c in after[key].items())
        if not counts or counts[-1][1] <= 0:
            continue
        timed += 1
        print("FIGURE stage %s %s: %d items, p50 %s, p90 %s, p99 %s" % (key[0], key[1], counts[-1][1],
              label(bound(counts, 0.5)), label(bound(counts, 0.9)), label(bound(counts, 0.99))))
    if not timed:
        sys.exit("stage_times.py: no stage timed an item between the two scrapes")


if __name__ == "__main__":
    main()
