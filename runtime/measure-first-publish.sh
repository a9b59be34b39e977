#!/usr/bin/env bash
# Start-up of the reference scenario as a user starts it: runtime/plantwire in a fresh home (the demo, its local
# Mosquitto and Kafka, all on free loopback ports) -> the first tank message on the UNS. A benchmark, not a test:
# nothing runs it in a Maven build and nothing is asserted.
#
#   runtime/measure-first-publish.sh [runs]        # default 3 runs
#   RUNTIME=<other checkout>/runtime runtime/measure-first-publish.sh 5     # another build, e.g. the code before a change
#   PLANTWIRE_JAVA_OPTS="<flags>" runtime/measure-first-publish.sh 5         # other JVM flags (runtime/plantwire)
#   RESTART=1 runtime/measure-first-publish.sh 5   # restarts: one home and one set of ports for all runs; a first,
#                                                  # uncounted start installs the demo, the runs are restarts of it
#
# Per run: t0 when the script is started; mosquitto_sub (-C 1, retried while the demo broker is not up yet) waits
# for the first message on acme/# (-R: not a retained one the broker kept from an earlier start); its arrival minus
# t0 is the figure. Also prints the part from the moment the script execs java (seen in /proc/<pid>/exe, 20 ms
# resolution), i.e. java -jar -> first publish. The jar must exist (runtime/plantwire builds it; the harness sets
# PLANTWIRE_SKIP_BUILD=1). Needs mosquitto_sub. Per run it also prints
# where the time went (bench/start_breakdown.py: milestones from the gateway's log) and at the end the median.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runtime_dir="${RUNTIME:-$here}"
runs="${1:-3}"
jar="$runtime_dir/target/plantwire-gateway.jar"
[[ -f "$jar" ]] || { echo "measure-first-publish: $jar missing; build it first (runtime/plantwire builds it)" >&2; exit 1; }
command -v mosquitto_sub >/dev/null || { echo "measure-first-publish: mosquitto_sub missing (apt-get install mosquitto-clients)" >&2; exit 1; }

# shellcheck source=bench/scenario-lib.sh
source "$here/bench/scenario-lib.sh"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

all=(); jvms=()
first_run=1
if [[ "${RESTART:-0}" == 1 ]]; then
  home="$(mktemp -d /tmp/plantwire-start-home.XXXXXX)"
  pick_demo_ports
  first_run=0 # run 0 installs the demo into the home; it is not counted
fi
for run in $(seq "$first_run" "$runs"); do
  if [[ "${RESTART:-0}" != 1 ]]; then
    home="$(mktemp -d /tmp/plantwire-start-home.XXXXXX)"
    pick_demo_ports
  fi
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0="$(now_ms)"
  PLANTWIRE_HOME="$home" PLANTWIRE_SKIP_BUILD=1 PLANTWIRE_HTTP_PORT="$http_port" PLANTWIRE_MQTT_PORT="$mqtt_port" \
      PLANTWIRE_KAFKA_PORT="$kafka_port" PLANTWIRE_KAFKA_CONTROLLER_PORT="$controller_port" \
      PLANTWIRE_MES_PORT="$mes_port" PLANTWIRE_MODBUS_PORT="$modbus_port" "$runtime_dir/plantwire" </dev/null >"$home/gateway.log" 2>&1 &
  pid=$! # runtime/plantwire execs java: this becomes the gateway's JVM
  first=""; jvm_start=""
  while [[ -z "$first" ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway ended; see $home/gateway.log" >&2; exit 1; }
    if (( $(now_ms) - t0 > 120000 )); then echo "no UNS message within 120 s; see $home/gateway.log" >&2; exit 1; fi
    # the moment the script execs java (same process id)
    if [[ -z "$jvm_start" && "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */java ]]; then jvm_start="$(now_ms)"; fi
    if [[ -n "$jvm_start" ]] && port_open "$mqtt_port"; then
      mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'acme/#' -R -C 1 -W 60 >/dev/null 2>&1 && first="$(now_ms)"
    else
      sleep 0.02
    fi
  done
  total=$(( first - t0 )); jvm=$(( first - jvm_start ))
  if (( run == 0 )); then
    echo "first start (installs the demo, not counted): JVM start -> first UNS message $(awk -v m="$jvm" 'BEGIN {printf "%.2f", m/1000}') s"
    stop_demo_gateway "$pid" "$mqtt_port" "$kafka_port"
    continue
  fi
  echo "FIGURE run $run start-up: script start -> first UNS message $(awk -v m="$total" 'BEGIN {printf "%.2f", m/1000}') s (JVM start -> first UNS message $(awk -v m="$jvm" 'BEGIN {printf "%.2f", m/1000}') s); load average at start $load"
  echo "  command: PLANTWIRE_HOME=<$([[ "${RESTART:-0}" == 1 ]] && echo "kept, restart" || echo fresh)> PLANTWIRE_SKIP_BUILD=1 <free ports> runtime/plantwire; mosquitto_sub -p $mqtt_port -t 'acme/#' -R -C 1"
  all+=("$(awk -v m="$total" 'BEGIN {printf "%.2f", m/1000}')")
  jvms+=("$(awk -v m="$jvm" 'BEGIN {printf "%.2f", m/1000}')")
  stop_demo_gateway "$pid" "$mqtt_port" "$kafka_port"
  python3 "$here/bench/start_breakdown.py" "$jvm_start" "$first" "$home/gateway.log" "$home/data/logs/gateway.0.log"
  [[ "${RESTART:-0}" == 1 ]] || rm -rf "$home"
done
[[ "${RESTART:-0}" == 1 ]] && rm -rf "$home"
printf '%s\n' "${all[@]}" | sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "SUMMARY script start -> first UNS message over %d run(s): %s..%s s, median %.2f s\n", NR, v[1], v[NR], m}'
printf '%s\n' "${jvms[@]}" | sort -g | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "SUMMARY JVM start -> first UNS message over %d run(s): %s..%s s, median %.2f s (%s)\n", NR, v[1], v[NR], m, ENVIRON["RUNTIME"] ? ENVIRON["RUNTIME"] : "this checkout"}'
