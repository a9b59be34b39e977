#!/usr/bin/env bash
# 1,000 Modbus devices on one exported gateway (issue 13, target 2): threads, memory and device status. A benchmark,
# not a test: nothing here runs in a Maven build and nothing is asserted; it prints figures.
#
#   runtime/bench/measure-device-capacity.sh                       # 1000 devices = 20 endpoints x 50 unit ids, 1 s poll
#   DEVICES=200 ENDPOINTS=4 UNITS=50 runtime/bench/measure-device-capacity.sh
#
# What it does: starts the simulated devices in their own JVM (runtime/bench/ModbusFleet.java on the simulator
# bundle's jar: ENDPOINTS loopback ports x UNITS unit ids of the simulator's power-meter profile), then the exported
# gateway (runtime/plantwire in a fresh home, no demo, no brokers) with one feature in autoinstall/ that installs
# the Modbus driver and configures DEVICES devices (4 float32 registers each, one request per poll, POLL_MS apart),
# spread round robin over the endpoints and unit ids. It waits until the console reports every device with requests
# (at most READY_SECONDS), then SETTLE_SECONDS more, and reads from /proc/<gateway pid>:
# the thread count (/proc/<pid>/task), VmRSS/VmHWM, and the threads grouped by name (jcmd Thread.print) so every
# part's share is visible; and from the console's data.json (/system/console/plantwire/data.json, with the
# generated credentials) every device's status: CONNECTED, requests > 0, errors, last successful poll age.
# It samples threads and RSS again after SAMPLE_SECONDS more, with the gateway's CPU over that window (per poll at the
# configured rate), then stops everything.
#
# Environment (all optional): DEVICES=1000 ENDPOINTS=20 UNITS=50 POLL_MS=1000 READY_SECONDS=600 SETTLE_SECONDS=30
#   SAMPLE_SECONDS=60
#   DEMO=1              also run the chemical-tanks demo (its 4 devices, mapper, normalizer, context, MQTT and Kafka
#                       sinks, with runtime/plantwire's local brokers on free ports): the gateway's full thread count
#   DRIVER_THREADS=<n>  threadsPerDriverBundle of io.plantwire.driver.scheduler (default: the support library's 8)
#   PLANTWIRE_JAVA_OPTS  gateway JVM flags (default: runtime/plantwire's defaults)
#   OUT=<dir>            logs (default: a new /tmp/plantwire-capacity.* folder)
# The gateway jar and the simulator jar must exist (mvn -B install); the harness never runs Maven. The feature is
# unsigned, so the gateway runs with -Dplantwire.trust.mode=warn (logged by the installer). Numbers from a shared
# machine are noisy: the load average is printed.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runtime_dir="$(dirname "$bench_dir")"
repo="$(dirname "$runtime_dir")"
devices="${DEVICES:-1000}"; endpoints="${ENDPOINTS:-20}"; units="${UNITS:-50}"; poll_ms="${POLL_MS:-1000}"
settle="${SETTLE_SECONDS:-30}"; sample="${SAMPLE_SECONDS:-60}"; ready="${READY_SECONDS:-600}"
out="${OUT:-$(mktemp -d /tmp/plantwire-capacity.XXXXXX)}"; mkdir -p "$out"
jar="$runtime_dir/target/plantwire-gateway.jar"
simjar="$(ls "$repo"/bundles/io.plantwire.simulator.modbus/target/io.plantwire.simulator.modbus-*.jar | grep -v sources | head -1)"
if [[ -n "${JAVA_HOME:-}" ]]; then java="$JAVA_HOME/bin/java"; jcmd="$JAVA_HOME/bin/jcmd"; else java="$(command -v java)"; jcmd="$(command -v jcmd)"; fi
[[ -f "$jar" && -f "$simjar" ]] || { echo "measure-device-capacity: build first (mvn -B install): $jar, $simjar" >&2; exit 1; }
(( devices <= endpoints * units )) || { echo "DEVICES must be at most ENDPOINTS x UNITS" >&2; exit 1; }
source "$bench_dir/scenario-lib.sh"
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

sim_pid=""; pid=""; home=""
cleanup() {
  if [[ -n "$pid" ]]; then
    if [[ "${DEMO:-0}" == 1 ]]; then stop_demo_gateway "$pid" "$mqtt_port" "$kafka_port"; else kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  fi
  [[ -n "$sim_pid" ]] && kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  # The gateway's home (~56 MB: bundle cache, stores); its terminal output is kept in $out/gateway.log.
  [[ -n "$home" ]] && rm -rf "$home"
  return 0
}
trap cleanup EXIT

"$java" -Xss256k -cp "$simjar" "$bench_dir/ModbusFleet.java" "$endpoints" "$units" >"$out/fleet.out" 2>"$out/fleet.err" &
sim_pid=$!
for _ in $(seq 1 300); do grep -q '^PORTS' "$out/fleet.out" 2>/dev/null && break; sleep 0.1; done
read -r -a ports <<<"$(sed -n 's/^PORTS //p' "$out/fleet.out")"
(( ${#ports[@]} == endpoints )) || { echo "simulator did not start; see $out/fleet.err" >&2; exit 1; }

home="$(mktemp -d /tmp/plantwire-capacity-home.XXXXXX)"
mkdir -p "$home/conf" "$home/autoinstall"
# An empty conf/ makes runtime/plantwire start the demo; the configuration files follow once the gateway runs.
write_conf() {
  printf 'intervalSeconds=3600\n' > "$home/conf/io.plantwire.console.terminal.cfg"
  [[ -n "${DRIVER_THREADS:-}" ]] && printf 'threadsPerDriverBundle=I"%s"\n' "$DRIVER_THREADS" > "$home/conf/io.plantwire.driver.scheduler.config"
  return 0
}
[[ "${DEMO:-0}" == 1 ]] || write_conf
python3 - "$repo/features/modbus.json" "$home/autoinstall/device-fleet.json" "$devices" "$poll_ms" "${ports[@]}" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
devices, poll = int(sys.argv[3]), int(sys.argv[4])
ports = [int(p) for p in sys.argv[5:]]
units = -(-devices // len(ports))
bundles = [b for b in base["bundles"] if "simulator" not in b]
conf = {}
for i in range(devices):
    port, unit = ports[i % len(ports)], 1 + i // len(ports)
    conf["io.plantwire.driver.modbus.device~dev-%04d" % i] = {
        "deviceId": "dev-%04d" % i, "host": "127.0.0.1", "port:Integer": port, "unitId:Integer": unit,
        "pollIntervalMs:Integer": poll, "timeoutMs:Integer": 1000,
        "points:String[]": ["voltage,holding-register,0,float32,ABCD,V", "current,holding-register,2,float32,ABCD,A",
                            "activePower,holding-register,4,float32,ABCD,W", "energy,holding-register,6,float32,ABCD,Wh"]}
json.dump({"feature-resource-version": "1.0", "id": "io.plantwire:io.plantwire.feature.device-fleet:0.1.0-SNAPSHOT",
           "name": "Device fleet (benchmark)", "bundles": bundles, "configurations": conf}, open(sys.argv[2], "w"), indent=1)
PY

pick_demo_ports
demo_env=(PLANTWIRE_DEMO=off)
[[ "${DEMO:-0}" == 1 ]] && demo_env=(PLANTWIRE_MQTT_PORT="$mqtt_port" PLANTWIRE_KAFKA_PORT="$kafka_port"
    PLANTWIRE_KAFKA_CONTROLLER_PORT="$controller_port" PLANTWIRE_MES_PORT="$mes_port" PLANTWIRE_MODBUS_PORT="$modbus_port")
if [[ -z "${PLANTWIRE_JAVA_OPTS:-}" ]]; then
  java_opts="$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$runtime_dir/plantwire")"
else
  java_opts="$PLANTWIRE_JAVA_OPTS"
fi
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "measure-device-capacity: $devices devices over ${#ports[@]} endpoints x up to $units unit ids, poll ${poll_ms} ms; output in $out; load $load"
env PLANTWIRE_HOME="$home" PLANTWIRE_SKIP_BUILD=1 "${demo_env[@]}" PLANTWIRE_HTTP_PORT="$http_port" \
    PLANTWIRE_JAVA_OPTS="$java_opts -Dplantwire.trust.mode=warn" \
    "$runtime_dir/plantwire" </dev/null >"$out/gateway.log" 2>&1 &
pid=$!
t0=$(date +%s)
if [[ "${DEMO:-0}" == 1 ]]; then
  for _ in $(seq 1 100); do [[ -f "$home/autoinstall/chemical-tanks-demo.json" ]] && break; sleep 0.1; done
  write_conf
fi
cred="$home/data/console-credentials"
data_json() {
  local user pass
  user="$(sed -n 's/^username=//p' "$cred" 2>/dev/null || true)"; pass="$(sed -n 's/^password=//p' "$cred" 2>/dev/null || true)"
  curl -s -m 10 -u "$user:$pass" "http://127.0.0.1:$http_port/system/console/plantwire/data.json" || true
}
polling_devices() {
  data_json | python3 -c 'import json,sys
try: d = json.load(sys.stdin)
except Exception: print(0); sys.exit()
print(sum(1 for x in d.get("devices", []) if x.get("deviceId", "").startswith("dev-") and x.get("requests", 0) > 0))'
}
while (( $(date +%s) - t0 < ready )); do
  kill -0 "$pid" 2>/dev/null || { echo "gateway ended; see $out/gateway.log" >&2; exit 1; }
  (( $(polling_devices) >= devices )) && break
  sleep 2
done
echo "FIGURE all $devices devices polling $(( $(date +%s) - t0 )) s after the start (load $(cut -d' ' -f1-3 /proc/loadavg))"
sleep "$settle"

report() {
  local label="$1"
  local tasks; tasks="$(ls "/proc/$pid/task" | wc -l)"
  echo "FIGURE $label: gateway threads $tasks (/proc/$pid/task), VmRSS $(mib "$(kib VmRSS "$pid")") MiB, VmHWM $(mib "$(kib VmHWM "$pid")") MiB"
  "$jcmd" "$pid" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".*/\1/p' >"$out/threads-$label.txt" || true
  echo "threads by name ($label; digits folded):"
  sed -E 's/[0-9]+/N/g' "$out/threads-$label.txt" | sort | uniq -c | sort -rn | sed 's/^/  /'
}
report "ready+${settle}s"
data_json >"$out/data.json"
python3 - "$out/data.json" "$devices" <<'PY'
import json, sys, time
try:
    data = json.load(open(sys.argv[1]))
except Exception as e:
    print("FIGURE device status: console data.json not readable (%s)" % e); sys.exit(0)
want = int(sys.argv[2])
devs = [d for d in data.get("devices", []) if d.get("deviceId", "").startswith("dev-")]
now = time.time() * 1000
connected = sum(1 for d in devs if d.get("state") == "CONNECTED")
polling = sum(1 for d in devs if d.get("requests", 0) > 0)
errors = sum(d.get("errors", 0) for d in devs)
fresh = sum(1 for d in devs if d.get("lastSuccessfulPoll") and now - d["lastSuccessfulPoll"] < 5000)
rtt = sorted(d.get("meanRoundTripMicros", 0) for d in devs) or [0]
print("FIGURE device status: %d of %d devices reported, %d CONNECTED, %d with requests, %d with a successful poll in the last 5 s, %d errors in total, mean round trip median %d us max %d us"
      % (len(devs), want, connected, polling, fresh, errors, rtt[len(rtt) // 2], rtt[-1]))
bad = [d for d in devs if d.get("state") != "CONNECTED" or d.get("errors", 0) > 0]
for d in bad[:10]:
    print("  not clean: %s %s errors=%s lastError=%s" % (d["deviceId"], d.get("state"), d.get("errors"), d.get("lastError")))
PY
# The gateway's CPU over the sample window (utime + stime of /proc/<pid>/stat), and per poll at the configured rate.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"
cpu0="$(cpu_ticks "$pid")"; wall0="$(date +%s.%N)"
sleep "$sample"
cpu1="$(cpu_ticks "$pid")"; wall1="$(date +%s.%N)"
awk -v c="$((cpu1 - cpu0))" -v hz="$hz" -v w0="$wall0" -v w1="$wall1" -v d="$devices" -v p="$poll_ms" 'BEGIN {
  s = c / hz; w = w1 - w0; polls = d * 1000 / p
  printf "FIGURE gateway CPU over %.0f s: %.1f %% of one core, %.0f us per poll at %.0f polls/s\n", w, 100 * s / w, 1e6 * s / w / polls, polls }'
report "ready+$((settle + sample))s"
# grep -c exits 1 when it counts 0, which would make a clean run end with exit code 1.
{ grep -c "ERROR\|Exception" "$out/gateway.log" || true; } | sed 's/^/gateway log lines with ERROR or Exception: /'
