#!/usr/bin/env bash
# What 1,000 wrong Web Console logins cost the gateway, and whether the tanks keep flowing meanwhile. A benchmark,
# not a test: nothing here runs in a Maven build and nothing is asserted.
#
#   runtime/bench/measure-login-flood.sh [runs]                 # default 1 run
#   RUNTIME=/path/to/other/checkout/runtime runtime/bench/measure-login-flood.sh    # e.g. the code before a change
#
# Per run it starts the reference scenario the way a user does (runtime/plantwire in a fresh home: the demo, its
# local brokers, the gateway jar, all on free loopback ports), waits until the console answers and tank messages
# arrive on the UNS, then
#   1. idle: the gateway's CPU time (utime + stime from /proc/<pid>/stat) over IDLE_SECONDS, and the UNS messages
#      that arrived in that window;
#   2. attack: runtime/bench/login_flood.py sends ATTEMPTS wrong logins (user = the console's user, a new wrong
#      password each time) over PARALLEL keep-alive connections as fast as the gateway answers, never honouring
#      Retry-After; the gateway's CPU time before/after, the answers by status code, and the UNS messages that
#      arrived while it ran;
#   3. recovery: how long after the attack the right password opens the console again (polled every 0.5 s).
# "CPU attributable to the attack" is the attack window's CPU minus the idle rate times the window's length.
#
# Environment (all optional):
#   ATTEMPTS=1000  PARALLEL=4  IDLE_SECONDS=20
#   RUNTIME=<dir>   the runtime/ folder whose plantwire script and target/plantwire-gateway.jar are used
#                   (default: the one beside this script); the jar must exist, the harness never runs Maven
#   OUT=<dir>       logs (default: a new /tmp/plantwire-login-flood.* folder)
# Needs python3, curl and mosquitto_sub (apt-get install mosquitto-clients).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runtime_dir="${RUNTIME:-$(dirname "$bench_dir")}"
runs="${1:-1}"
attempts="${ATTEMPTS:-1000}"
parallel="${PARALLEL:-4}"
idle="${IDLE_SECONDS:-20}"
out="${OUT:-$(mktemp -d /tmp/plantwire-login-flood.XXXXXX)}"
mkdir -p "$out"
[[ -f "$runtime_dir/target/plantwire-gateway.jar" ]] || { echo "measure-login-flood: $runtime_dir/target/plantwire-gateway.jar missing; build it first" >&2; exit 1; }
command -v mosquitto_sub >/dev/null || { echo "measure-login-flood: mosquitto_sub missing (apt-get install mosquitto-clients)" >&2; exit 1; }

# shellcheck source=scenario-lib.sh
source "$bench_dir/scenario-lib.sh"
tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; } # utime + stime, fields 14 and 15
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v v="$1" -v d="$2" 'BEGIN {printf "%.2f", v / d}'; }
# UNS messages received between two epoch-millisecond marks (mosquitto_sub -F '%U': epoch seconds with fraction)
messages_between() { awk -v a="$2" -v b="$3" '{ t = $1 * 1000; if (t >= a && t < b) n++ } END { print n + 0 }' "$1"; }

echo "measure-login-flood: $runs run(s), $attempts wrong logins over $parallel connections, idle window $idle s; runtime $runtime_dir; output in $out"
for run in $(seq 1 "$runs"); do
  home="$(mktemp -d /tmp/plantwire-flood-home.XXXXXX)"
  pick_demo_ports
  PLANTWIRE_HOME="$home" PLANTWIRE_SKIP_BUILD=1 PLANTWIRE_HTTP_PORT="$http_port" PLANTWIRE_MQTT_PORT="$mqtt_port" \
      PLANTWIRE_KAFKA_PORT="$kafka_port" PLANTWIRE_KAFKA_CONTROLLER_PORT="$controller_port" \
      PLANTWIRE_MES_PORT="$mes_port" PLANTWIRE_MODBUS_PORT="$modbus_port" \
      "$runtime_dir/plantwire" </dev/null >"$out/run$run-gateway.log" 2>&1 &
  pid=$! # runtime/plantwire execs java: this is the gateway process
  base="http://127.0.0.1:$http_port/system/console"
  user=""; pass=""
  for _ in $(seq 1 1200); do
    kill -0 "$pid" 2>/dev/null || { echo "gateway ended; see $out/run$run-gateway.log" >&2; exit 1; }
    if [[ -f "$home/data/console-credentials" ]]; then
      user="$(sed -n 's/^username=//p' "$home/data/console-credentials")"
      pass="$(sed -n 's/^password=//p' "$home/data/console-credentials")"
      [[ "$(curl -s -o /dev/null -w '%{http_code}' -u "$user:$pass" "$base/bundles.json")" == 200 ]] && break
    fi
    sleep 0.1
  done
  for _ in $(seq 1 600); do port_open "$mqtt_port" && break; sleep 0.1; done
  mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'acme/#' -C 3 -W 120 >/dev/null
  mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'acme/#' -F '%U %t' >"$out/run$run-uns.txt" 2>/dev/null &
  sub_pid=$!
  sleep 5 # the subscriber connected and the retained messages are through; the windows below start after it

  # 1. idle
  t_idle="$(now_ms)"; c_idle="$(cpu_ticks "$pid")"
  sleep "$idle"
  t_attack="$(now_ms)"; c_attack="$(cpu_ticks "$pid")"
  # 2. attack
  python3 "$bench_dir/login_flood.py" "$base/bundles.json" "$user" "$attempts" "$parallel" | tee "$out/run$run-attack.txt"
  t_end="$(now_ms)"; c_end="$(cpu_ticks "$pid")"
  # 3. recovery
  rec=""
  while (( $(now_ms) - t_end < 300000 )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' -u "$user:$pass" "$base/bundles.json")" == 200 ]]; then
      rec="$(( $(now_ms) - t_end ))"; break
    fi
    sleep 0.5
  done
  sleep 2; kill "$sub_pid" 2>/dev/null || true; wait "$sub_pid" 2>/dev/null || true

  idle_cpu="$(secs $(( c_attack - c_idle )) "$tck")"; idle_wall="$(secs $(( t_attack - t_idle )) 1000)"
  attack_cpu="$(secs $(( c_end - c_attack )) "$tck")"; attack_wall="$(secs $(( t_end - t_attack )) 1000)"
  excess="$(awk -v a="$attack_cpu" -v i="$idle_cpu" -v iw="$idle_wall" -v aw="$attack_wall" 'BEGIN {printf "%.2f", a - i / iw * aw}')"
  idle_msgs="$(messages_between "$out/run$run-uns.txt" "$t_idle" "$t_attack")"
  attack_msgs="$(messages_between "$out/run$run-uns.txt" "$t_attack" "$t_end")"
  echo "FIGURE run $run idle: gateway CPU $idle_cpu s in $idle_wall s; UNS messages $idle_msgs ($(awk -v n="$idle_msgs" -v w="$idle_wall" 'BEGIN {printf "%.1f", n / w}')/s)"
  echo "FIGURE run $run attack: gateway CPU $attack_cpu s in $attack_wall s (attributable to the attack: $excess s); UNS messages $attack_msgs ($(awk -v n="$attack_msgs" -v w="$attack_wall" 'BEGIN {printf "%.1f", n / w}')/s)"
  if [[ -n "$rec" ]]; then
    echo "FIGURE run $run recovery: the right password answered 200 $(secs "$rec" 1000) s after the attack ended"
  else
    echo "FIGURE run $run recovery: the right password was still refused 300 s after the attack ended"
  fi
  # The full log: the home's data/logs/ (builds with the first-screen logging), else the gateway's output.
  if [[ -f "$home/data/logs/gateway.0.log" ]]; then full_log=("$home"/data/logs/gateway.*.log); else full_log=("$out/run$run-gateway.log"); fi
  cat "${full_log[@]}" | grep -c 'login refused for user' | sed "s/^/FIGURE run $run refusal log lines: /"
  echo "  command: RUNTIME=$runtime_dir ATTEMPTS=$attempts PARALLEL=$parallel IDLE_SECONDS=$idle runtime/bench/measure-login-flood.sh; CPU = utime+stime of /proc/$pid/stat"
  stop_demo_gateway "$pid" "$mqtt_port" "$kafka_port"
  rm -rf "$home"
done
