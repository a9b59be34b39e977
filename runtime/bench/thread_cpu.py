#!/usr/bin/env python3
"""Where a process's CPU and its threads' wake-ups go, by thread name, over a window (docs/decisions/sink-throughput.md,
eighth round). Reads /proc/<pid>/task/*/{comm,status,stat} at the start and the end of the window: no agent, no
overhead. Threads are grouped by name with trailing digits dropped (plantwire-modbus-1..8 -> plantwire-modbus-).

    python3 runtime/bench/thread_cpu.py <pid> <seconds> [messages_per_second | @probe.txt]

Prints one line per group: threads, CPU % of one core, voluntary context switches per second (the thread blocked:
waited for a lock, a condition, a socket) and involuntary ones (preempted), and with a message rate each figure per
message too. @file takes the rate from the "FIGURE mqtt msg/s: mean X" line of runtime/bench/ThroughputProbe.java's
output, waiting up to 60 s after the window for it (measure-throughput.sh with THREADS=1 does this). Threads that
started or ended inside the window are left out.
"""
import collections
import math
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        try:
            name = open(f"{base}/comm").read().strip()
            switches = {}
            for line in open(f"{base}/status"):
                key, _, value = line.partition(":")
                if key in ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"):
                    switches[key] = int(value)
            # comm may hold spaces and parentheses: the fields after the last ")" are fixed
            fields = open(f"{base}/stat").read().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, ValueError, IndexError):
            continue  # the thread ended while it was read
        out[tid] = (name, switches.get("voluntary_ctxt_switches", 0), switches.get("nonvoluntary_ctxt_switches", 0), ticks)
    return out


def number(text, what):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        sys.exit("thread_cpu: %s must be a number, got '%s'" % (what, text))
    return value


def probe_rate(path):
    """The mean MQTT messages/s of a probe's output, once it is there (0 if it does not come within 60 s)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            m = re.search(r"^FIGURE mqtt msg/s: mean ([0-9.]+)", open(path).read(), re.M)
        except OSError:
            m = None
        if m:
            return float(m.group(1))
        time.sleep(1)
    print("thread_cpu: no 'FIGURE mqtt msg/s' line in %s within 60 s; figures per message left out" % path)
    return 0.0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pid = sys.argv[1]
    if not pid.isdigit():
        sys.exit("thread_cpu: the pid must be a number, got '%s'" % pid)
    seconds = number(sys.argv[2], "the window (seconds)")
    if seconds <= 0:
        sys.exit("thread_cpu: the window must be positive, got %s s" % sys.argv[2])
    rate = sys.argv[3] if len(sys.argv) > 3 else "0"
    per_second = 0.0 if rate.startswith("@") else number(rate, "the message rate")
    if per_second < 0:
        sys.exit("thread_cpu: the message rate must not be negative, got %s" % rate)
    try:
        first = snapshot(pid)
    except OSError as e:
        sys.exit("thread_cpu: no process %s (%s)" % (pid, e))
    time.sleep(seconds)
    try:
        last = snapshot(pid)
    except OSError as e:
        sys.exit("thread_cpu: process %s ended inside the window (%s)" % (pid, e))
    if rate.startswith("@"):
        per_second = probe_rate(rate[1:])
    groups = collections.defaultdict(lambda: [0, 0, 0, 0])
    for tid, (name, vol, invol, ticks) in last.items():
        if tid not in first:
            continue
        g = groups[name.rstrip("0123456789")]
        g[0] += 1
        g[1] += vol - first[tid][1]
        g[2] += invol - first[tid][2]
        g[3] += ticks - first[tid][3]
    total = [0, 0, 0]
    rows = sorted(groups.items(), key=lambda kv: -kv[1][3])
    for name, (threads, vol, invol, ticks) in rows:
        if vol + invol + ticks == 0:
            continue
        total = [total[0] + vol, total[1] + invol, total[2] + ticks]
        cpu = 100.0 * ticks / HZ / seconds
        line = "  %-34s threads %3d  CPU %5.1f %%  switches/s voluntary %7.0f involuntary %6.0f" % (
            name, threads, cpu, vol / seconds, invol / seconds)
        if per_second > 0:
            line += "  per message: %5.1f us CPU, %.2f switches" % (
                1e6 * ticks / HZ / seconds / per_second, (vol + invol) / seconds / per_second)
        print(line)
    print("FIGURE threads of pid %s over %.0f s: CPU %.1f %% of one core, %.0f voluntary and %.0f involuntary context "
          "switches/s" % (pid, seconds, 100.0 * total[2] / HZ / seconds, total[0] / seconds, total[1] / seconds))


if __name__ == "__main__":
    main()
