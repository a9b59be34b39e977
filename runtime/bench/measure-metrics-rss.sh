#!/usr/bin/env bash
# RSS the metrics bundles add to an idle gateway, and the wall time of a real /metrics scrape over HTTP. A
# measurement, not a test: nothing is asserted.
#
# Starts the exported gateway (runtime/target/plantwire-gateway.jar) and a copy of it whose launcher leaves out
# io.plantwire.metrics and the Prometheus client (its launcher.properties rewritten), alternately, ROUNDS times each,
# each with a fresh home, -Xmx256m -XX:+UseSerialGC as the process tests use. Each run: wait until the console
# answers, SETTLE_S seconds more, then (with metrics) SCRAPES scrapes of /metrics, then read VmRSS of the process;
# then a full GC (jcmd GC.run) and, from Native Memory Tracking (-XX:NativeMemoryTracking=summary, on in both
# variants), the committed total and class metadata, and the heap used after that GC: steadier than RSS, whose
# noise (heap growth timing) is larger than the effect on a loaded machine. Prints every run and the medians.
#
#   runtime/bench/measure-metrics-rss.sh          # ROUNDS=3 SETTLE_S=20 SCRAPES=20
#   JAR=/tmp/gateway.jar runtime/bench/measure-metrics-rss.sh   # another exported gateway jar
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/runtime/target/plantwire-gateway.jar}"
rounds="${ROUNDS:-3}"
settle="${SETTLE_S:-20}"
scrapes="${SCRAPES:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
password="rss-measure-password-2026"

[[ -f "$jar" ]] || { echo "build the gateway first: mvn install -pl runtime -am -DskipTests" >&2; exit 1; }

# The variant without the metrics bundles: same jar, launch.bundles without them.
cp "$jar" "$work/without.jar"
python3 - "$work/without.jar" <<'PY'
import re, sys, zipfile, shutil
path = sys.argv[1]
src = zipfile.ZipFile(path)
props = src.read("launcher.properties").decode("iso-8859-1")
def strip(m):
    kept = [b for b in m.group(1).split(",") if not re.search(r"(io\.plantwire\.metrics|prometheus-metrics|jsr305)", b)]
    return "launch.bundles=" + ",".join(kept)
new = re.sub(r"launch\.bundles=([^\n]*)", strip, props)
assert new != props, "no metrics bundle found in launch.bundles"
out = zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED)
for item in src.infolist():
    data = new.encode("iso-8859-1") if item.filename == "launcher.properties" else src.read(item.filename)
    out.writestr(item, data)
out.close()
shutil.move(path + ".new", path)
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() { # $1 = with|without
    local variant="$1" j="$jar" home port pid rss t0 t1
    [[ "$variant" == without ]] && j="$work/without.jar"
    home="$(mktemp -d -p "$work")"
    port="$(free_port)"
    (cd "$home" && PLANTWIRE_HOME="$home" PLANTWIRE_HTTP_PORT="$port" PLANTWIRE_CONSOLE_PASSWORD="$password" \
        exec java -Xmx256m -XX:+UseSerialGC -XX:NativeMemoryTracking=summary -jar "$j" >"$home/out.log" 2>&1 </dev/null) &
    pid=$!
    for _ in $(seq 1 240); do
        curl -s -o /dev/null -u "plantwire:$password" -w '%{http_code}' "http://127.0.0.1:$port/system/console/bundles.json" \
            2>/dev/null | grep -q 200 && break
        sleep 0.5
    done
    sleep "$settle" # settle window: let start-up work and the first GCs finish
    local scrape_ms="-"
    if [[ "$variant" == with ]]; then
        for _ in $(seq 1 240); do
            curl -s -o /dev/null -u "plantwire:$password" -w '%{http_code}' "http://127.0.0.1:$port/metrics" | grep -q 200 && break
            sleep 0.5
        done
        t0=$(date +%s%N)
        for _ in $(seq 1 "$scrapes"); do
            curl -s -o /dev/null -u "plantwire:$password" "http://127.0.0.1:$port/metrics"
        done
        t1=$(date +%s%N)
        scrape_ms=$(( (t1 - t0) / scrapes / 1000000 ))
    fi
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    local java_pid nmt heap_kib nmt_total_kib class_kib
    java_pid="$pid" # the subshell exec-ed java
    jcmd "$java_pid" GC.run >/dev/null
    nmt="$(jcmd "$java_pid" VM.native_memory summary)"
    nmt_total_kib=$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' <<<"$nmt" | head -1)
    class_kib=$(sed -n 's/^-  *Class (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1/p' <<<"$nmt" | head -1)
    heap_kib=$(jcmd "$java_pid" GC.heap_info | awk '/total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); s+=v}} END {print s}')
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$variant rss_kib=$rss nmt_committed_kib=$nmt_total_kib class_kib=$class_kib heap_used_after_gc_kib=$heap_kib scrape_ms_per_request=$scrape_ms" | tee -a "$work/results"
}

for _ in $(seq 1 "$rounds"); do
    run without
    run with
done

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for field in ("rss_kib", "nmt_committed_kib", "class_kib", "heap_used_after_gc_kib"):
    med = {}
    for v in ("without", "with"):
        xs = [int(kv.split("=")[1]) for r in rows if r[0] == v for kv in r[1:] if kv.startswith(field + "=")]
        med[v] = statistics.median(xs)
        print(f"FIGURE median {field} {v} metrics: {med[v] / 1024:.1f} MiB over {len(xs)} runs")
    print(f"FIGURE {field} added by the metrics bundles: {(med['with'] - med['without']) / 1024:.1f} MiB")
PY
