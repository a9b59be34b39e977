#!/usr/bin/env python3
"""Where the start of the demo gateway went, from its log (runtime/measure-first-publish.sh calls this per run).

usage: start_breakdown.py <jvm start epoch ms> <first UNS message epoch ms> <log file>...

Reads the timestamps of milestone lines (the gateway's terminal output and/or data/logs/gateway.0.log; both
timestamp forms, '...Z' and '...+0000') and prints one line: the milliseconds from the JVM's start to each
milestone, and the phase lengths between them. A milestone that is not found is shown as '-'. Lines from before
the JVM's start (earlier starts in a kept home: RESTART=1) are skipped.
"""
import re
import sys
from datetime import datetime

MILESTONES = [
    ("launcher", r"Plantwire gateway home "),            # bnd launcher + framework init, GatewayLifecycle ran
    ("installer", r"Trust: mode "),                       # the feature installer's bundle is active
    ("staged", r"jars \(.* MB\) staged in "),            # the demo's jars copied, hashed and admitted
    ("jetty", r"Started Jetty "),                         # the console's HTTP server listens
    ("devices", r"Modbus device .* polling "),            # the demo's bundles and configurations are installed
    ("stages", r"Stage added: NORMALIZER tank-rules"),    # the required stages are there; readings flow
    ("mqtt_sink", r"Stage added: SINK uns-mqtt"),         # the UNS sink takes records
    ("mqtt_connected", r"MQTT sink '[^']*' connected"),   # ... and its broker connection is up
]
STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(Z|[+-]\d{4}|[+-]\d\d:\d\d)")


def epoch_ms(line):
    m = STAMP.match(line)
    if not m:
        return None
    zone = m.group(2)
    zone = "+0000" if zone == "Z" else zone.replace(":", "")
    return int(datetime.strptime(m.group(1) + zone, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


def main():
    jvm, first = int(sys.argv[1]), int(sys.argv[2])
    found = {}
    for path in sys.argv[3:]:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    t = epoch_ms(line)
                    if t is None or t < jvm - 1000:  # log stamps have ms precision; the JVM start is seen at 20 ms
                        continue
                    for name, pattern in MILESTONES:
                        if name not in found and re.search(pattern, line):
                            found[name] = t
        except FileNotFoundError:
            pass
    parts = []
    for name, _ in MILESTONES:
        parts.append("%s %s" % (name, "%.2f" % ((found[name] - jvm) / 1000) if name in found else "-"))
    parts.append("first_uns %.2f" % ((first - jvm) / 1000))
    print("BREAKDOWN s after JVM start: " + ", ".join(parts))


if __name__ == "__main__":
    main()
