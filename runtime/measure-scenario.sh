#!/usr/bin/env bash
# Benchmark of the running reference scenario (a benchmark, not a test: nothing here runs in a Maven build and
# nothing is asserted). Per run it starts the real thing the way a user does, runtime/plantwire in a fresh temporary
# home, which starts the local demo brokers (Mosquitto or Moquette + KRaft Kafka) and the gateway jar with the
# chemical-tanks demo, all on free loopback ports; then it measures
#   (a) poll -> UNS latency: receive time of each tank message at a Java subscriber (runtime/bench/
#       UnsLatencySubscriber.java on the Paho 3 jar from ~/.m2) minus the newest field timestamp in its JSON, which
#       the Modbus driver takes when the device's answer to that register block arrived. The poll interval itself is
#       not in it. p50/p90/p99/max over MESSAGES messages after a warm-up, plus the broker's own round trip
#       (a probe publisher -> same broker -> the subscriber) for comparison. The same messages are also timed at a
#       native subscriber (mosquitto_sub, when installed; runtime/bench/native_latency.py): no JVM, no GC, so the
#       difference is the Java subscriber's own share;
#   (b) the gateway process's memory (not the brokers'): VmRSS/RssAnon/RssFile/threads SETTLE_SECONDS after the
#       start and again at the end, and with NMT=1 the JVM's native memory breakdown (jcmd VM.native_memory summary);
#   (c) with STAGES=1, each pipeline stage's time per item over the measured window (the histogram
#       plantwire_stage_item_seconds of /metrics, read when the warm-up ends and at the end; runtime/bench/
#       stage_times.py). A mapper's time contains the stages after it: it emits its records synchronously. Off by
#       default: the first /metrics request costs the gateway ~6 MiB of RSS (124.2 instead of 117.4-118.2 MiB after
#       60 s), which would change the memory figure (b).
#
#   runtime/measure-scenario.sh [runs]            # default 3 runs
#   PLANTWIRE_JAVA_OPTS="-Xmx128m ..." runtime/measure-scenario.sh 3      # other JVM flags (replace the defaults)
#   NMT=1 runtime/measure-scenario.sh 1            # + -XX:NativeMemoryTracking=summary and the jcmd breakdown
#
# Environment (all optional):
#   MESSAGES=1200        tank messages measured per run (after the warm-up)
#   POLL_MS=500          poll interval of the four demo devices for the run. The demo polls at 1000 ms; one round
#                        yields 6 tank messages (each meter: its tank; the temperature reader: all three), so 500 ms
#                        gives ~12 messages/s and 1200 messages take ~100 s. POLL_MS=1000 measures the demo as
#                        shipped (~200 s). The harness writes the value into its own copy of the feature in the
#                        run's autoinstall/; the feature in the repository is not touched.
#   WARMUP_SECONDS=20    messages in the first seconds after the subscriber connected are not counted (JIT, class
#                        loading, Kafka metadata)
#   SETTLE_SECONDS=60    RSS is read this long after the gateway started (and once more at the end)
#   NMT=1                run the gateway with -XX:NativeMemoryTracking=summary (costs a few MiB of RSS itself)
#   JFR=1                record a JFR profile into the output folder for the whole run (settings=profile plus every
#                        file/socket write and socket read, 1 ms method sampling); read it with `jfr print` or JMC
#   CAPTURE=1            capture the MQTT and Modbus loopback traffic with tcpdump (root) and split each message's
#                        latency into gateway / broker / subscriber parts (runtime/bench/wire_breakdown.py)
#   SUBSCRIBER_JAVA_OPTS="..."  JVM flags of the Java subscriber (default: the JVM's). Tried: a young generation
#                        large enough that it hardly collects (-XX:+UseSerialGC -Xms96m -Xmx96m -Xmn64m) did not
#                        shorten its tail; the native subscriber's figure is the one without a client JVM's share.
#   GATEWAY_ENV="MALLOC_ARENA_MAX=2 ..."  extra environment for the gateway (and its brokers) only
#   FEATURE=<file>       another version of the demo feature (e.g. with other sink settings) instead of the
#                        build's runtime/target/features/chemical-tanks-demo.json; POLL_MS is applied to it all the
#                        same. The demo as shipped (POLL_MS=1000, no FEATURE) runs signed; any other version is
#                        the harness's own, unsigned, and the gateway runs with -Dplantwire.trust.mode=warn
#   OUT=<dir>            where samples, logs, NMT and JFR files go (default: a new /tmp/plantwire-bench.* folder)
#   PLANTWIRE_JAVA_OPTS  JVM flags of the gateway; default: the defaults in runtime/plantwire. The script's
#                        MALLOC_ARENA_MAX=2 applies either way (set GATEWAY_ENV=MALLOC_ARENA_MAX=8 to compare).
# The jar must exist (runtime/plantwire or mvn -B install builds it); the harness never runs Maven.
# Each figure is printed as one "FIGURE ..." line followed by the command that produced it; a summary of all runs
# (min..max) ends the output. Run it on an otherwise idle machine: the load average is printed with every run.
set -euo pipefail

runtime_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$runtime_dir")"
runs="${1:-3}"
messages="${MESSAGES:-1200}"
poll_ms="${POLL_MS:-500}"
warmup="${WARMUP_SECONDS:-20}"
settle="${SETTLE_SECONDS:-60}"
# Checked before anything starts: a capture that cannot run would end the script mid-run and leave the gateway up.
if [[ "${CAPTURE:-0}" == 1 ]] && ! command -v tcpdump >/dev/null; then
  echo "measure-scenario: CAPTURE=1 needs tcpdump (apt-get install tcpdump), and root to capture on lo" >&2; exit 1
fi
out="${OUT:-$(mktemp -d /tmp/plantwire-bench.XXXXXX)}"
mkdir -p "$out"
paho="${HOME}/.m2/repository/org/eclipse/paho/org.eclipse.paho.client.mqttv3/1.2.5/org.eclipse.paho.client.mqttv3-1.2.5.jar"
jar="$runtime_dir/target/plantwire-gateway.jar"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; jcmd="$JAVA_HOME/bin/jcmd"; else java="$(command -v java)"; jcmd="$(command -v jcmd)"; fi

[[ -f "$jar" ]] || { echo "measure-scenario: $jar missing; build it first (runtime/plantwire builds it)" >&2; exit 1; }
[[ -f "$paho" ]] || { echo "measure-scenario: $paho missing (mvn dependency:get -Dartifact=org.eclipse.paho:org.eclipse.paho.client.mqttv3:1.2.5)" >&2; exit 1; }

# The script's defaults (its default_java_opts line, plus the native-heap trim flag where the JDK has it), made
# explicit so NMT/JFR/GC-log flags can be added to them.
if [[ -z "${PLANTWIRE_JAVA_OPTS:-}" ]]; then
  java_opts="$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$runtime_dir/plantwire")"
  trim_flag="$(sed -n 's/^trim_flag="\(.*\)"$/\1/p' "$runtime_dir/plantwire")"
  if [[ -n "$trim_flag" ]] && "$java" $trim_flag -version >/dev/null 2>&1; then java_opts="$java_opts $trim_flag"; fi
else
  java_opts="$PLANTWIRE_JAVA_OPTS"
fi
[[ "${NMT:-0}" == 1 ]] && java_opts="$java_opts -XX:NativeMemoryTracking=summary"

# shellcheck source=bench/scenario-lib.sh
source "$runtime_dir/bench/scenario-lib.sh"
# The console password of STAGES=1 runs (the stage times are read from /metrics with it).
password="$(bench_password)"
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

declare -a all_p50 all_p90 all_p99 all_max all_rss all_rss_end all_probe99 all_n50 all_n99 all_nmax
echo "measure-scenario: $runs run(s), $messages messages, poll ${poll_ms} ms, warm-up ${warmup} s, RSS after ${settle} s; output in $out"
echo "measure-scenario: gateway JVM flags: $java_opts ${GATEWAY_ENV:+(env: $GATEWAY_ENV)}"

# Whatever ends the script (an error under set -e, Ctrl-C), the gateway and its brokers do not outlive it.
pid=""; sub_pid=""; native_pid=""
cleanup() {
  for p in "$sub_pid" "$native_pid"; do [[ -n "$p" ]] && { kill "$p" 2>/dev/null || true; }; done
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then stop_demo_gateway "$pid" "${mqtt_port:-0}" "${kafka_port:-0}"; fi
  return 0
}
trap cleanup EXIT
for run in $(seq 1 "$runs"); do
  home="$(mktemp -d /tmp/plantwire-bench-home.XXXXXX)"
  mkdir -p "$home/conf" "$home/autoinstall"
  # A non-empty conf/ keeps runtime/plantwire from copying the unmodified demo over ours; the ticker setting is
  # the one the script gives the demo.
  printf 'intervalSeconds=5\n' > "$home/conf/io.plantwire.console.terminal.cfg"
  built="$runtime_dir/target/features/chemical-tanks-demo.json" # pinned and signed by the build
  trust_opt=""
  if [[ "$poll_ms" == 1000 && -z "${FEATURE:-}" ]]; then
    cp "$built" "$built.sig" "$home/autoinstall/" # the demo as shipped, signed: trusted as for a user
  else
    # our own version is not signed: the installer takes it in warn mode (it logs what it installs anyway)
    trust_opt="-Dplantwire.trust.mode=warn"
    python3 - "${FEATURE:-$built}" "$home/autoinstall/chemical-tanks-demo.json" "$poll_ms" <<'EOF'
import json, sys
feature = json.load(open(sys.argv[1]))
for pid, conf in feature["configurations"].items():
    if pid.startswith("io.plantwire.driver.modbus.device~"):
        conf["pollIntervalMs:Integer"] = int(sys.argv[3])
json.dump(feature, open(sys.argv[2], "w"), indent=2)
EOF
  fi
  # runtime/plantwire refreshes a watched demo copy older than the build's (so a rebuild keeps the demo signed), and
  # it copies the build's feature into the home just before: without this, ours (poll interval, FEATURE) was
  # replaced by the demo as shipped (1000 ms poll, both sinks) in every run from 213da4a on. A copy dated ahead is
  # left alone; the check after the start makes sure.
  touch -d '+1 day' "$home/autoinstall/chemical-tanks-demo.json"
  feature_sum="$(sha256sum "$home/autoinstall/chemical-tanks-demo.json" | cut -d' ' -f1)"
  pick_demo_ports
  jfr_opt=""
  # Profile settings plus every file/socket write and socket read (no stack), parks and monitor waits from 1 ms and
  # 1 ms method sampling: enough to put each message's path on a time line per thread.
  [[ "${JFR:-0}" == 1 ]] && jfr_opt="-XX:StartFlightRecording=filename=$out/run$run.jfr,settings=profile,dumponexit=true,$(printf '%s,' \
      jdk.FileWrite#threshold=0ms jdk.FileWrite#stackTrace=false jdk.FileForce#threshold=0ms \
      jdk.SocketWrite#threshold=0ms jdk.SocketWrite#stackTrace=false jdk.SocketRead#threshold=0ms \
      jdk.SocketRead#stackTrace=false jdk.ThreadPark#threshold=1ms jdk.JavaMonitorEnter#threshold=1ms \
      jdk.ExecutionSample#period=1ms | sed 's/,$//')"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "measure-scenario: run $run: MQTT $mqtt_port, Kafka $kafka_port, Modbus simulator $modbus_port, HTTP $http_port"
  cap_pid=""
  if [[ "${CAPTURE:-0}" == 1 ]]; then
    tcpdump -i lo -s 4096 -U -w "$out/run$run.pcap" "tcp port $mqtt_port or tcp port $modbus_port" \
        2>"$out/run$run-tcpdump.log" &
    cap_pid=$!
    sleep 1 # tcpdump needs a moment before it captures
  fi
  t0="$(date +%s%N)"
  # shellcheck disable=SC2086  # GATEWAY_ENV is a list of NAME=value words
  # With STAGES=1 the console password is the harness's, so it can read /metrics; otherwise the gateway generates
  # one as it does for a newcomer.
  stage_env=(); [[ "${STAGES:-0}" == 1 ]] && stage_env=(PLANTWIRE_CONSOLE_PASSWORD="$password")
  env ${GATEWAY_ENV:-} "${stage_env[@]}" PLANTWIRE_HOME="$home" PLANTWIRE_SKIP_BUILD=1 PLANTWIRE_HTTP_PORT="$http_port" \
      PLANTWIRE_MQTT_PORT="$mqtt_port" PLANTWIRE_KAFKA_PORT="$kafka_port" \
      PLANTWIRE_KAFKA_CONTROLLER_PORT="$controller_port" PLANTWIRE_MES_PORT="$mes_port" PLANTWIRE_MODBUS_PORT="$modbus_port" \
      PLANTWIRE_JAVA_OPTS="$java_opts $trust_opt $jfr_opt -Xlog:gc:file=$out/run$run-gc.log:utctime" \
      "$runtime_dir/plantwire" </dev/null >"$out/run$run-gateway.log" 2>&1 &
  pid=$! # the script execs java: this is the gateway process
  for _ in $(seq 1 100); do # the launcher script's copying is over once the JVM runs
    [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *java* ]] && break
    sleep 0.05
  done
  if [[ "$(sha256sum "$home/autoinstall/chemical-tanks-demo.json" | cut -d' ' -f1)" != "$feature_sum" ]]; then
    echo "measure-scenario: the gateway runs another feature than the harness wrote (poll ${poll_ms} ms${FEATURE:+, $FEATURE}); stopping" >&2
    kill -TERM "$pid" 2>/dev/null; exit 1
  fi
  for _ in $(seq 1 300); do
    port_open "$mqtt_port" && break
    kill -0 "$pid" 2>/dev/null || { echo "gateway ended; see $out/run$run-gateway.log" >&2; exit 1; }
    sleep 0.1
  done
  timeout=$(( warmup + messages * poll_ms / 6000 * 2 + 120 ))
  # shellcheck disable=SC2206  # SUBSCRIBER_JAVA_OPTS is a list of flags
  sub_cmd=("$java" ${SUBSCRIBER_JAVA_OPTS:-} -cp "$paho" "$runtime_dir/bench/UnsLatencySubscriber.java" "tcp://127.0.0.1:$mqtt_port" 'acme/#'
      "$messages" "$warmup" "$timeout" "$out/run$run-samples.tsv")
  "${sub_cmd[@]}" >"$out/run$run-subscriber.out" 2>&1 &
  sub_pid=$!
  # The same messages at a native subscriber (no JVM): the difference is the Java subscriber's own share.
  native_pid=""
  if command -v mosquitto_sub >/dev/null; then
    native_cmd=(mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'acme/#' -q 1 -R -F '%U %t %p')
    "${native_cmd[@]}" >"$out/run$run-native.txt" 2>"$out/run$run-native.err" &
    native_pid=$!
  fi

  # The stages' own times over the measured window: /metrics when the warm-up ends and again at the end.
  metrics_url="http://127.0.0.1:$http_port/metrics"
  if [[ "${STAGES:-0}" == 1 ]]; then
    (sleep "$warmup"; curl -sf -u "plantwire:$password" "$metrics_url" >"$out/run$run-metrics-start.txt" || true) &
  fi

  # (b) memory after the settle time
  while (( ($(date +%s%N) - t0) / 1000000000 < settle )); do
    kill -0 "$pid" 2>/dev/null || { echo "gateway ended; see $out/run$run-gateway.log" >&2; exit 1; }
    sleep 1
  done
  rss="$(kib VmRSS "$pid")"
  echo "FIGURE run $run gateway memory after ${settle} s: VmRSS $(mib "$rss") MiB (RssAnon $(mib "$(kib RssAnon "$pid")"), RssFile $(mib "$(kib RssFile "$pid")"), VmHWM $(mib "$(kib VmHWM "$pid")") MiB), $(kib Threads "$pid") threads; load average at start $load"
  echo "  command: grep -E 'VmRSS|RssAnon|RssFile|VmHWM|Threads' /proc/$pid/status"
  all_rss+=("$(mib "$rss")")
  if [[ "${NMT:-0}" == 1 ]]; then
    "$jcmd" "$pid" VM.native_memory summary >"$out/run$run-nmt.txt" 2>&1 || true
    # "-  Java Heap (reserved=262144KB, committed=33024KB)" -> "Java Heap=32.3"; committed MiB per category
    nmt="$(awk '/^Total:/ { match($0, /committed=[0-9]+KB/); printf "Total=%.1f", substr($0, RSTART+10, RLENGTH-12)/1024 }
        /^-  *[A-Za-z].*\(reserved=/ { name=$0; sub(/^- +/, "", name); sub(/ +\(reserved.*/, "", name);
          match($0, /committed=[0-9]+KB/); v=substr($0, RSTART+10, RLENGTH-12)/1024; if (v >= 0.5) printf " %s=%.1f", name, v }' \
        "$out/run$run-nmt.txt")"
    echo "FIGURE run $run NMT committed MiB: $nmt"
    echo "  command: jcmd $pid VM.native_memory summary   (full output: $out/run$run-nmt.txt)"
  fi

  # (a) latency
  wait "$sub_pid" || true
  if [[ "${STAGES:-0}" == 1 ]] && curl -sf -u "plantwire:$password" "$metrics_url" >"$out/run$run-metrics-end.txt" \
      && [[ -s "$out/run$run-metrics-start.txt" ]]; then
    python3 "$runtime_dir/bench/stage_times.py" "$out/run$run-metrics-start.txt" "$out/run$run-metrics-end.txt" \
        | sed "s/^FIGURE /FIGURE run $run /" || true
    echo "  command: curl -u plantwire:<password> $metrics_url (after the warm-up and at the end); python3 runtime/bench/stage_times.py <start> <end>"
  fi
  line="$(grep '^FIGURE poll' "$out/run$run-subscriber.out" || true)"
  probe="$(grep '^FIGURE broker' "$out/run$run-subscriber.out" || true)"
  if [[ -z "$line" ]]; then
    echo "subscriber failed; see $out/run$run-subscriber.out" >&2; cat "$out/run$run-subscriber.out" >&2
  else
    echo "${line/FIGURE /FIGURE run $run poll ${poll_ms} ms: }"
    echo "  command: ${sub_cmd[*]}"
    echo "${probe/FIGURE /FIGURE run $run }"
    all_p50+=("$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    all_p90+=("$(sed -n 's/.* p90 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    all_p99+=("$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    all_max+=("$(sed -n 's/.* max \([0-9.]*\) ms.*/\1/p' <<<"$line")")
    all_probe99+=("$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$probe")")
  fi
  if [[ -n "$native_pid" ]]; then
    kill "$native_pid" 2>/dev/null || true
    wait "$native_pid" 2>/dev/null || true
    native="$(python3 "$runtime_dir/bench/native_latency.py" "$out/run$run-native.txt" "$out/run$run-samples.tsv" || true)"
    if [[ -n "$native" ]]; then
      echo "${native/FIGURE /FIGURE run $run poll ${poll_ms} ms: }"
      echo "  command: ${native_cmd[*]} > $out/run$run-native.txt; python3 runtime/bench/native_latency.py $out/run$run-native.txt $out/run$run-samples.tsv"
      all_n50+=("$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' <<<"$native")")
      all_n99+=("$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$native")")
      all_nmax+=("$(sed -n 's/.* max \([0-9.]*\) ms.*/\1/p' <<<"$native")")
    fi
  fi
  if [[ -n "$cap_pid" ]]; then
    kill -INT "$cap_pid"; wait "$cap_pid" || true
    python3 "$runtime_dir/bench/wire_breakdown.py" "$out/run$run.pcap" "$mqtt_port" "$out/run$run-samples.tsv" \
        "$modbus_port" | sed "s/^FIGURE /FIGURE run $run /" | tee "$out/run$run-wire.txt" | grep '^FIGURE' || true
    echo "  command: tcpdump -i lo -w $out/run$run.pcap 'tcp port $mqtt_port or tcp port $modbus_port'; python3 runtime/bench/wire_breakdown.py $out/run$run.pcap $mqtt_port $out/run$run-samples.tsv $modbus_port   (slowest messages: $out/run$run-wire.txt)"
  fi
  # GC pauses while messages were measured (every run writes a GC log; it costs nothing measurable)
  python3 "$runtime_dir/bench/gc_pauses.py" "$out/run$run-gc.log" "$out/run$run-samples.tsv" \
      | sed "s/^FIGURE /FIGURE run $run /" || true
  echo "  command: -Xlog:gc:file=$out/run$run-gc.log:utctime; python3 runtime/bench/gc_pauses.py $out/run$run-gc.log $out/run$run-samples.tsv"
  rss_end="$(kib VmRSS "$pid" || echo 0)"
  elapsed=$(( ($(date +%s%N) - t0) / 1000000000 ))
  echo "FIGURE run $run gateway memory at the end (${elapsed} s): VmRSS $(mib "$rss_end") MiB, VmHWM $(mib "$(kib VmHWM "$pid")") MiB"
  echo "  command: grep -E 'VmRSS|VmHWM' /proc/$pid/status"
  all_rss_end+=("$(mib "$rss_end")")

  stop_demo_gateway "$pid" "$mqtt_port" "$kafka_port"
  pid=""
  cp "$home/data/brokers/local-brokers.log" "$out/run$run-brokers.log" 2>/dev/null || true
  rm -rf "$home"
done

range() { printf '%s\n' "$@" | sort -g | awk 'NR==1 {min=$1} {max=$1} END {if (NR) printf "%s..%s", min, max; else printf "-"}'; }
echo "SUMMARY $runs run(s), poll ${poll_ms} ms, $messages messages each, flags: $java_opts ${GATEWAY_ENV:+env $GATEWAY_ENV}"
echo "SUMMARY latency ms (min..max over runs): p50 $(range "${all_p50[@]}")  p90 $(range "${all_p90[@]}")  p99 $(range "${all_p99[@]}")  max $(range "${all_max[@]}")  | broker probe p99 $(range "${all_probe99[@]}")"
[[ ${#all_n99[@]} -gt 0 ]] && echo "SUMMARY latency ms at the native subscriber (same messages): p50 $(range "${all_n50[@]}")  p99 $(range "${all_n99[@]}")  max $(range "${all_nmax[@]}")"
echo "SUMMARY gateway VmRSS MiB after ${settle} s: $(range "${all_rss[@]}")  at the end: $(range "${all_rss_end[@]}")"
