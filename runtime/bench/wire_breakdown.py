#!/usr/bin/env python3
"""Splits the poll -> UNS latency of runtime/measure-scenario.sh at the wire (CAPTURE=1 runs).

    wire_breakdown.py <capture.pcap> <mqtt port> <samples.tsv> [<modbus port>]

Reads a loopback capture (tcpdump -w, Ethernet framing as Linux 'lo' gives) and finds every tank message twice by its
asset path and newest field timestamp: in a segment the gateway sent to the broker, and in a segment the broker sent
to the benchmark's subscriber. With the subscriber's receive time from samples.tsv each message's latency splits into
  gateway  = gateway -> broker segment  - newest field timestamp (driver stamp -> pipeline -> store -> Paho -> socket)
             with the Modbus port, split again at the device's answer to the poll's last request (the reading is
             complete only then): poll rest = that answer - newest field timestamp, pipeline = the rest
  broker   = broker -> subscriber segment - gateway -> broker segment
  client   = subscriber callback - broker -> subscriber segment
Prints p50/p90/p99/max of each part, and the 10 slowest messages with their parts.
"""
import re
import struct
import sys
from datetime import datetime, timezone

JSON_PATH = re.compile(rb'"path":"([^"]+)","isa95"')
FIELD_TS = re.compile(rb'"([^"]+)":\{[^{}]*"timestamp":"([^"]+)"')


def micros(iso):
    # 2026-11-25T17:29:43.717828Z (Instant.toString drops trailing zero groups)
    iso = iso.rstrip("Z")
    date, _, frac = iso.partition(".")
    base = datetime.strptime(date, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    return int(base.timestamp()) * 1_000_000 + int((frac + "000000")[:6])


def packets(path):
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        nano = magic == 0xA1B23C4D
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", h)
            data = f.read(incl)
            t = sec * 1_000_000 + (frac // 1000 if nano else frac)
            if len(data) < 14 + 20 or struct.unpack("!H", data[12:14])[0] != 0x0800:
                continue
            ip = data[14:]
            ihl = (ip[0] & 0x0F) * 4
            if ip[9] != 6:
                continue
            tcp = ip[ihl:]
            sport, dport = struct.unpack("!HH", tcp[:4])
            off = (tcp[12] >> 4) * 4
            payload = tcp[off:]
            if payload:
                yield t, sport, dport, payload


def messages(payload):
    """(path, newest field timestamp µs) of every asset JSON in a segment."""
    for m in JSON_PATH.finditer(payload):
        start = payload.find(b'"fields":', m.end())
        end = payload.find(b'"context":', start)
        if start < 0 or end < 0:
            continue
        stamps = [micros(ts.decode()) for _, ts in FIELD_TS.findall(payload[start + 9:end])]
        if stamps:
            yield m.group(1).decode(), max(stamps)


def last_answer(answers, stamp, published):
    """The last Modbus answer between the newest field's stamp and the publish: when that poll ended."""
    last = None
    for t, _, _ in answers:  # a few thousand answers per run: a scan is fast enough
        if t > published:
            break
        if t >= stamp - 200:
            last = t
    return last


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, -(-p * len(s) // 100) - 1)] / 1000.0


def main():
    pcap, mqtt_port, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    modbus_port = int(sys.argv[4]) if len(sys.argv) > 4 else -1
    to_broker, to_subscriber = {}, {}
    answers = []  # (time, unit id, function code) of every Modbus answer
    gateway_port = None
    for t, sport, dport, payload in packets(pcap):
        if sport == modbus_port and len(payload) >= 8:
            answers.append((t, payload[6], payload[7]))
        elif dport == mqtt_port:
            for key in messages(payload):
                to_broker.setdefault(key, t)
                gateway_port = sport
        elif sport == mqtt_port and dport != gateway_port:
            for key in messages(payload):
                to_subscriber.setdefault(key, t)
    # "delivered": stamp -> the PUBLISH leaves the broker towards the subscriber, i.e. gateway + broker without the
    # subscriber process's own time (its JVM, GC and callback thread).
    parts = {"total": [], "delivered": [], "gateway": [], "poll rest": [], "pipeline": [], "broker": [],
             "client": []}
    rows = []
    with open(samples) as f:
        next(f)
        for line in f:
            received, latency, topic, _ = line.rstrip("\n").split("\t")
            received, latency = int(received), int(latency)
            key = (topic, received - latency)
            if key not in to_broker or key not in to_subscriber:
                continue
            g = to_broker[key] - key[1]
            b = to_subscriber[key] - to_broker[key]
            c = received - to_subscriber[key]
            for name, v in (("total", latency), ("delivered", g + b), ("gateway", g), ("broker", b), ("client", c)):
                parts[name].append(v)
            done = last_answer(answers, key[1], to_broker[key])
            if done is not None:
                parts["poll rest"].append(done - key[1])
                parts["pipeline"].append(to_broker[key] - done)
            rows.append((latency, g, b, c, topic, received))
    for name, v in parts.items():
        print("FIGURE wire split %-9s %d messages: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms"
              % (name, len(v), pct(v, 50), pct(v, 90), pct(v, 99), pct(v, 100)))
    print("slowest: total / gateway / broker / client ms, topic, received epoch µs")
    for r in sorted(rows, reverse=True)[:10]:
        print("  %.2f / %.2f / %.2f / %.2f  %s  %d" % (r[0] / 1000, r[1] / 1000, r[2] / 1000, r[3] / 1000, r[4], r[5]))


if __name__ == "__main__":
    main()
