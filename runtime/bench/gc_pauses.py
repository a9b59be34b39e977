#!/usr/bin/env python3
"""GC pauses of the gateway while runtime/measure-scenario.sh measured messages.

    gc_pauses.py <gc.log written with -Xlog:gc:file=...:utctime> <samples.tsv>

Counts the pauses between the first measured message's field timestamp and the last message's receive time.
"""
import re
import sys
from datetime import datetime

rows = [line.split("\t") for line in open(sys.argv[2]).read().splitlines()[1:]]
if not rows:
    sys.exit(0)
start, end = int(rows[0][0]) - int(rows[0][1]), int(rows[-1][0])
pauses = []
for line in open(sys.argv[1]):
    m = re.match(r"\[([^\]]+)\].*Pause (\w+).* ([0-9.]+)ms$", line.strip())
    if m:
        t = int(datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1e6)
        if start <= t <= end:
            pauses.append((float(m.group(3)), m.group(2)))
p = sorted(v for v, _ in pauses)
kinds = sorted(set(k for _, k in pauses))
print("FIGURE gc pauses while measuring (%.0f s): %d (%s), max %.1f ms, total %.1f ms"
      % ((end - start) / 1e6, len(p), "/".join(kinds) or "-", p[-1] if p else 0, sum(p)))
