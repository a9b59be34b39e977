#!/usr/bin/env bash
# Throughput benchmark of the exported gateway (issue 13; a benchmark, not a test: nothing is asserted and nothing
# here runs in a Maven build). One command starts, on free loopback ports:
#   - an independent Modbus TCP server in its own JVM: the repository's simulator classes (runtime/bench/
#     ModbusFarm.java on the io.plantwire.simulator.modbus jar; libmodbus is not installed on these machines),
#     DEVICES power meters as unit ids 1..247 per port;
#   - the local brokers (runtime/local-brokers: a private Mosquitto and a single-node KRaft Kafka, plus the MES
#     database the demo uses, idle here);
#   - the gateway jar through runtime/plantwire in a fresh home, with a generated feature: DEVICES Modbus devices of
#     TAGS float32 points each at POLL_MS, one asset per device (mapper), one normalizer rule set, one static
#     context provider, the MQTT sink (QoS 1) and, with SINKS=both, the Kafka sink (one topic);
#   - runtime/bench/ThroughputProbe.java, which prints every INTERVAL s: MQTT msg/s and tags/s at its own
#     subscriber, Kafka records/s (end offsets), poll -> UNS latency p50/p99/max, gateway CPU and RSS, each sink's
#     backlog and delivered/s (console data.json), then FIGURE lines over the intervals after WARMUP. The probe's
#     subscriber shares the two cores: above ~2,000 wide messages/s it can fall behind (its latency then grows by
#     seconds per interval, and a "FIGURE WARNING the probe's subscriber fell behind" line says so). Its msg/s is
#     then its own limit; the gateway's figures are the sinks' delivered/s (records their brokers acknowledged) and
#     the CPU per record a sink delivered.
#
#   runtime/measure-throughput.sh wide        # 90 devices x 56 tags at 20 ms: 252,000 tags/s offered, both sinks
#   runtime/measure-throughput.sh narrow      # 180 devices x 4 tags at 10 ms: 18,000 msg/s offered, both sinks
#   DURATION=1800 RSS_EVERY=30 runtime/measure-throughput.sh wide     # 30 minutes, an "RSS t=..." line every 30 s
#   DEVICES=45 POLL_MS=50 SINKS=mqtt runtime/measure-throughput.sh wide   # any point of the curve
#   PLANTWIRE_JAVA_OPTS="..." runtime/measure-throughput.sh wide      # other JVM flags (replace the defaults)
#   JFR=1 runtime/measure-throughput.sh wide  # + a JFR recording (settings=profile) of the gateway in OUT
#
# The probe's clock starts with the first UNS message (the start-up is not the steady state).
# Environment (all optional): DEVICES, TAGS, POLL_MS (shape defaults above), SINKS=both|mqtt, DURATION=120 (s),
# WARMUP=40 (s, intervals not in the FIGUREs), INTERVAL=10 (s), RSS_EVERY (s, 0 = off), JFR=1, OUT=<dir>,
# EXTRA_CONF="pid=text ..." (a conf/<pid>.cfg file per entry, e.g. "io.plantwire.console=max.assets=1", to compare a
# setting; the text is written as given, with "\n" between lines),
# PLANTWIRE_JAVA_OPTS (default: the defaults of runtime/plantwire plus its native-heap trim flag), KAFKA_BUFFER_MEMORY
# (the Kafka sink's buffer.memory, default its default 8388608), KAFKA_MAX_INFLIGHT (the Kafka sink's
# forward.max.inflight.records, default its default), MQTT_MAX_INFLIGHT (the MQTT sink's max.inflight,
# default its default), MQTT_VERSION (the MQTT sink's mqtt.version, 5 or 3.1.1; default its default, 5),
# KEEP_DATA=1 (keep the Kafka log and the sinks' stores in OUT; by default they are deleted at the end, ~1 GiB per
# minute of the wide shape),
# MODBUS_SERVER=java|libmodbus (java: ModbusFarm.java on Plantwire's simulator, the default; libmodbus: the
# independent C server runtime/bench/modbus_farm.c, compiled into OUT, needs Debian's libmodbus-dev),
# NATIVE_SUB=1 (a second subscriber, mosquitto_sub, from the end of the warm-up to the end: poll -> UNS latency of
# every message without a JVM's pauses, per interval and over all, by runtime/bench/native_latency.py; the probe's
# own latency figure includes its JVM's pauses and its share of the two cores, ~3x the native p99 at 100,800 tags/s;
# the second subscriber costs Mosquitto and the machine some CPU, so throughput runs leave it off),
# PROBE_SUB=first (the probe's own Java subscriber stops after the first message: ~40 % of a core less on the
# machine being measured; its msg/s, tags/s and latency columns then stay empty, so use it with NATIVE_SUB=1),
# THREADS=1 (the gateway's CPU and context switches by thread name over the measured window, and per delivered
# message: runtime/bench/thread_cpu.py, which reads /proc and costs nothing).
# The jars must exist (mvn -B -DskipTests install); the script never runs Maven. Run it on an otherwise idle machine:
# the load average at the start is printed.
set -euo pipefail

runtime_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$runtime_dir")"
shape="${1:-wide}"
case "$shape" in
  wide) devices="${DEVICES:-90}"; tags="${TAGS:-56}"; poll_ms="${POLL_MS:-20}" ;;
  narrow) devices="${DEVICES:-180}"; tags="${TAGS:-4}"; poll_ms="${POLL_MS:-10}" ;;
  *) echo "usage: $0 wide|narrow" >&2; exit 2 ;;
esac
sinks="${SINKS:-both}"
case "${PROBE_SUB:-all}" in
  all|first) ;;
  *) echo "measure-throughput: PROBE_SUB=${PROBE_SUB} is not all or first" >&2; exit 2 ;;
esac
duration="${DURATION:-120}"
warmup="${WARMUP:-40}"
interval="${INTERVAL:-10}"
out="${OUT:-$(mktemp -d /tmp/plantwire-throughput.XXXXXX)}"
mkdir -p "$out"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java)"; fi
m2="${M2_REPO:-$HOME/.m2/repository}"
paho="$m2/org/eclipse/paho/org.eclipse.paho.client.mqttv3/1.2.5/org.eclipse.paho.client.mqttv3-1.2.5.jar"
sim_jar="$(ls "$repo"/bundles/io.plantwire.simulator.modbus/target/io.plantwire.simulator.modbus-*.jar 2>/dev/null | grep -v sources | head -1)"
brokers_cp="$runtime_dir/local-brokers/target/classpath.txt"
jar="$runtime_dir/target/plantwire-gateway.jar"
for f in "$jar" "$sim_jar" "$brokers_cp" "$paho"; do
  [[ -n "$f" && -f "$f" ]] || { echo "measure-throughput: ${f:-the simulator jar} missing; build first (mvn -B -DskipTests install)" >&2; exit 1; }
done

# shellcheck source=bench/scenario-lib.sh
source "$runtime_dir/bench/scenario-lib.sh"
mqtt_port="$(free_port)"; kafka_port="$(free_port)"; controller_port="$(free_port)"; mes_port="$(free_port)"
http_port="$(free_port)"
modbus_port=$(( 20000 + RANDOM % 20000 ))
password="$(bench_password)"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  # What the run sent (Kafka's log, the sinks' stores): ~1 GiB per minute of the wide shape, and runs add up until
  # the disk is full (it happened). The logs, the probe's figures and a JFR recording stay. KEEP_DATA=1 keeps it,
  # and the native subscriber's messages (~300 MB per minute of the wide shape).
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then
    rm -rf "$out/brokers/kafka" "$out/home/data/store" "$out/native.txt" 2>/dev/null || true
  fi
}
trap cleanup EXIT

echo "measure-throughput: $shape: $devices devices x $tags tags at ${poll_ms} ms = $(( devices * tags * 1000 / poll_ms )) tags/s, $(( devices * 1000 / poll_ms )) msg/s offered; sinks: $sinks; ${duration} s (warm-up ${warmup} s); output in $out"
echo "measure-throughput: load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Modbus server (own process)
case "${MODBUS_SERVER:-java}" in
  java)
    "$java" -Xmx256m -XX:+UseSerialGC -cp "$sim_jar" "$runtime_dir/bench/ModbusFarm.java" "$modbus_port" "$devices" \
        "$tags" >"$out/modbus.log" 2>&1 & ;;
  libmodbus)
    gcc -O2 -o "$out/modbus_farm" "$runtime_dir/bench/modbus_farm.c" $(pkg-config --cflags --libs libmodbus) \
        || { echo "cannot build runtime/bench/modbus_farm.c: apt-get install libmodbus-dev" >&2; exit 1; }
    "$out/modbus_farm" "$modbus_port" "$devices" "$tags" >"$out/modbus.log" 2>&1 & ;;
  *) echo "MODBUS_SERVER must be java or libmodbus" >&2; exit 2 ;;
esac
pids+=($!)
echo "measure-throughput: Modbus server: ${MODBUS_SERVER:-java}"
# 2. Brokers
mkdir -p "$out/brokers"
PLANTWIRE_MQTT_PORT="$mqtt_port" PLANTWIRE_KAFKA_PORT="$kafka_port" PLANTWIRE_KAFKA_CONTROLLER_PORT="$controller_port" \
PLANTWIRE_MES_PORT="$mes_port" "$java" -Xmx384m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$runtime_dir/local-brokers/target/classes:$(cat "$brokers_cp")" io.plantwire.localbrokers.LocalBrokers \
    "$out/brokers" >"$out/brokers.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  grep -q READY "$out/modbus.log" && grep -q 'Local brokers ready' "$out/brokers.log" && break
  sleep 0.1
done
grep -q 'Local brokers ready' "$out/brokers.log" || { echo "brokers did not start; see $out/brokers.log" >&2; exit 1; }
modbus_ports="$(sed -n 's/^READY //p' "$out/modbus.log")"
[[ -n "$modbus_ports" ]] || { echo "Modbus server did not start; see $out/modbus.log" >&2; exit 1; }

# 3. Gateway home with the generated feature
home="$out/home"
mkdir -p "$home/conf" "$home/autoinstall"
printf 'intervalSeconds=3600\n' > "$home/conf/io.plantwire.console.terminal.cfg" # a non-empty conf/: no demo
for entry in ${EXTRA_CONF:-}; do
  printf '%b\n' "${entry#*=}" > "$home/conf/${entry%%=*}.cfg"
done
python3 - "$repo/features/chemical-tanks-demo.json" "$home/autoinstall/throughput-bench.json" "$devices" "$tags" \
    "$poll_ms" "$modbus_port" "$mqtt_port" "$kafka_port" "$sinks" <<'PY'
import json, os, sys
demo, target, devices, tags, poll, port, mqtt, kafka, sinks = sys.argv[1:]
devices, tags, poll, port = int(devices), int(tags), int(poll), int(port)
demo = json.load(open(demo))
conf = {"io.plantwire.pipeline": {"holdCapacity:Integer": 100000, "overflowPolicy": "DROP_OLDEST"}}
devices_conf = {}
for d in range(devices):
    dev = f"dev-{d + 1}"
    devices_conf[f"io.plantwire.driver.modbus.device~{dev}"] = {
        "deviceId": dev, "transport": "tcp", "host": "127.0.0.1", "port:Integer": port + d // 247,
        "unitId:Integer": d % 247 + 1, "pollIntervalMs:Integer": poll,
        "points:String[]": [f"t{t:02d},holding-register,{2 * t},float32,ABCD,V" for t in range(tags)]}
    conf[f"io.plantwire.mapper.asset~{dev}"] = {
        "enterprise": "bench", "site": "lab", "area": "hall", "line": f"line-{d // 10 + 1}", "cell": "cell-a",
        "asset": dev, "assetType": "BenchDevice",
        "fields:String[]": [f"t{t:02d}={dev}/t{t:02d}|V" for t in range(tags)],
        "emission": "ALL_LATEST", "plantwire.stage.name": f"{dev}-map",
        "plantwire.stage.device.selector:String[]": [dev]}
conf["io.plantwire.normalizer.rules~bench"] = {
    "plantwire.stage.name": "bench-rules", "plantwire.stage.asset.selector:String[]": ["bench/**"],
    "rules:String[]": ["* round 3"]}
conf["io.plantwire.context.static~bench"] = {
    "plantwire.stage.name": "bench-static", "plantwire.stage.asset.selector:String[]": ["bench/**"],
    "attributes:String[]": ["site=lab", "shift=night"]}
conf["io.plantwire.sink.mqtt~uns"] = {
    "plantwire.stage.name": "uns-mqtt", "plantwire.stage.asset.selector:String[]": ["**"],
    "broker.url": f"tcp://127.0.0.1:{mqtt}", "qos:Integer": 1, "retain:Boolean": False}
if os.environ.get("MQTT_MAX_INFLIGHT"):
    conf["io.plantwire.sink.mqtt~uns"]["max.inflight:Integer"] = int(os.environ["MQTT_MAX_INFLIGHT"])
if os.environ.get("MQTT_VERSION"):
    conf["io.plantwire.sink.mqtt~uns"]["mqtt.version"] = os.environ["MQTT_VERSION"]
if sinks == "both":
    conf["io.plantwire.sink.kafka~analytics"] = {
        "plantwire.stage.name": "kafka", "plantwire.stage.asset.selector:String[]": ["**"],
        "bootstrap.servers": f"127.0.0.1:{kafka}", "topic.template": "{enterprise}.{site}",
        "compression.type": "none", "buffer.memory:Long": int(os.environ.get("KAFKA_BUFFER_MEMORY", 8388608))}
    if os.environ.get("KAFKA_MAX_INFLIGHT"):
        conf["io.plantwire.sink.kafka~analytics"]["forward.max.inflight.records:Integer"] = int(
            os.environ["KAFKA_MAX_INFLIGHT"])
conf.update(devices_conf) # the devices last: stages and sinks are there when the first reading comes
feature = {k: demo[k] for k in ("feature-resource-version", "license", "vendor") if k in demo}
feature.update({"id": "io.plantwire:throughput-bench:0.1.0", "name": "throughput bench",
                "description": "generated by runtime/measure-throughput.sh", "bundles": demo["bundles"],
                "configurations": conf})
json.dump(feature, open(target, "w"), indent=1)
PY

if [[ -z "${PLANTWIRE_JAVA_OPTS:-}" ]]; then
  java_opts="$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$runtime_dir/plantwire")"
  trim_flag="$(sed -n 's/^trim_flag="\(.*\)"$/\1/p' "$runtime_dir/plantwire")"
  if [[ -n "$trim_flag" ]] && "$java" $trim_flag -version >/dev/null 2>&1; then java_opts="$java_opts $trim_flag"; fi
else
  java_opts="$PLANTWIRE_JAVA_OPTS"
fi
# The generated feature is not signed: the bench gateway only warns about it.
java_opts="$java_opts -Dplantwire.trust.mode=warn"
[[ "${JFR:-0}" == 1 ]] && java_opts="$java_opts -XX:StartFlightRecording=filename=$out/gateway.jfr,settings=profile,dumponexit=true"
java_opts="$java_opts -Xlog:gc:file=$out/gc.log:uptime"
echo "measure-throughput: gateway JVM flags: $java_opts"
PLANTWIRE_HOME="$home" PLANTWIRE_SKIP_BUILD=1 PLANTWIRE_LOCAL_BROKERS=off PLANTWIRE_HTTP_PORT="$http_port" \
    PLANTWIRE_CONSOLE_PASSWORD="$password" PLANTWIRE_JAVA_OPTS="$java_opts" \
    "$runtime_dir/plantwire" </dev/null >"$out/gateway.log" 2>&1 &
gw=$!
pids=("$gw" "${pids[@]}") # the gateway stops first, then the brokers and the Modbus server
for _ in $(seq 1 300); do
  port_open "$http_port" && break
  kill -0 "$gw" 2>/dev/null || { echo "gateway ended; see $out/gateway.log" >&2; exit 1; }
  sleep 0.1
done

# 4. Probe; the Modbus server, the brokers' JVM (Kafka, the MES stand-in) and its Mosquitto are "others" in its CPU split
others="modbus-server:${pids[1]},brokers-jvm:${pids[2]}"
mosquitto_pid="$(pgrep -P "${pids[2]}" -x mosquitto | head -1 || true)"
[[ -n "$mosquitto_pid" ]] && others="$others,mosquitto:$mosquitto_pid"
probe_cmd=("$java" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$paho:$(cat "$brokers_cp")" "$runtime_dir/bench/ThroughputProbe.java"
    "mqtt=tcp://127.0.0.1:$mqtt_port" "filter=bench/#" "pid=$gw" "interval=$interval" "duration=$duration"
    "warmup=$warmup" "rssEvery=${RSS_EVERY:-0}" "latencyEvery=$(( tags > 10 ? 5 : 20 ))"
    "console=http://127.0.0.1:$http_port/system/console/plantwire/data.json" "password=$password" "others=$others"
    "subscriber=${PROBE_SUB:-all}")
[[ "$sinks" == both ]] && probe_cmd+=("kafka=127.0.0.1:$kafka_port" "kafkaTopic=bench.lab")
native_pid=""
if [[ "${NATIVE_SUB:-0}" == 1 ]]; then
  command -v mosquitto_sub >/dev/null || { echo "measure-throughput: NATIVE_SUB=1 needs mosquitto_sub (apt-get install mosquitto-clients)" >&2; exit 1; }
  # from the probe's start (its first UNS message) plus the warm-up, to the probe's end
  ( for _ in $(seq 1 1200); do grep -q '^probe: ' "$out/probe.txt" 2>/dev/null && break; sleep 0.1; done
    sleep "$warmup"
    exec timeout "$(( duration - warmup ))" mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'bench/#' -R -q 1 \
        -F '%U %t %p' >"$out/native.txt" 2>"$out/native.err" ) &
  native_pid=$!
fi
threads_pid=""
if [[ "${THREADS:-0}" == 1 ]]; then
  # from the probe's start plus the warm-up to 2 s before its end (the gateway must still be there)
  ( for _ in $(seq 1 1200); do grep -q '^probe: ' "$out/probe.txt" 2>/dev/null && break; sleep 0.1; done
    sleep "$warmup"
    exec python3 "$runtime_dir/bench/thread_cpu.py" "$gw" "$(( duration - warmup - 2 ))" "@$out/probe.txt" ) \
    >"$out/threads.txt" 2>&1 &
  threads_pid=$!
fi
if ! "${probe_cmd[@]}" 2> >(grep -v -E 'SLF4J|^\s*$' >&2) | tee "$out/probe.txt"; then
  # e.g. a sink that never started: say why instead of reporting nothing as a measurement
  echo "measure-throughput: the probe measured nothing; the gateway log's last errors ($out/gateway.log):" >&2
  grep -E 'Caused by|ERROR|SEVERE' "$out/gateway.log" | tail -5 >&2 || true
  exit 1
fi
if [[ -n "$threads_pid" ]]; then
  wait "$threads_pid" 2>/dev/null || true
  echo "gateway threads by name over the measured window (runtime/bench/thread_cpu.py):"
  cat "$out/threads.txt"
fi
if [[ -n "$native_pid" ]]; then
  wait "$native_pid" 2>/dev/null || true
  python3 "$runtime_dir/bench/native_latency.py" --intervals "$interval" "$out/native.txt"
  echo "  command: mosquitto_sub -p $mqtt_port -t 'bench/#' -R -q 1 -F '%U %t %p' > $out/native.txt; python3 runtime/bench/native_latency.py --intervals $interval $out/native.txt"
fi
echo "  command: $0 $shape (DEVICES=$devices TAGS=$tags POLL_MS=$poll_ms SINKS=$sinks DURATION=$duration${EXTRA_CONF:+ EXTRA_CONF=\"$EXTRA_CONF\"})"
echo "  threads at the end: $(awk '/^Threads/ {print $2}' "/proc/$gw/status" 2>/dev/null || echo '?'); gateway log: $out/gateway.log"
kill -TERM "$gw" 2>/dev/null || true
wait "$gw" 2>/dev/null || true
# Every collection of the whole run (start-up included), from the GC log: how often the heap was too small.
awk '/Pause Young/ {y++; yt += $NF + 0} /Pause Full/ {f++; ft += $NF + 0}
     END {printf "FIGURE gc whole run: %d young pauses (%.1f s), %d full pauses (%.1f s)\n", y, yt / 1000, f, ft / 1000}' \
    "$out/gc.log"
echo "  command: -Xlog:gc:file=$out/gc.log:uptime (the harness adds it to the JVM flags)"
[[ "${JFR:-0}" == 1 ]] && echo "  JFR: $out/gateway.jfr (jfr print --events jdk.ExecutionSample $out/gateway.jfr)"
exit 0
