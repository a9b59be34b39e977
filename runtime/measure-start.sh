#!/usr/bin/env bash
# Measures the exported gateway jar: time from process start to the console answering (first 401 on
# /system/console/bundles, then first authenticated 200) and resident memory after it settled.
#   runtime/measure-start.sh [runs] [JVM flags...]      e.g. runtime/measure-start.sh 3 -Xmx256m -XX:+UseSerialGC
# Uses a fresh temporary home per run and a free loopback port; the gateway is stopped with SIGTERM afterwards.
set -euo pipefail
jar="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target/plantwire-gateway.jar"
runs="${1:-3}"; shift || true
settle="${SETTLE_SECONDS:-10}"
for run in $(seq 1 "$runs"); do
  home="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  t0="$(date +%s%N)"
  PLANTWIRE_HOME="$home" PLANTWIRE_HTTP_PORT="$port" java "$@" -jar "$jar" </dev/null >"$home/out.log" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/system/console/bundles")" == 401 ]]; do
    sleep 0.02; kill -0 "$pid" 2>/dev/null || { echo "gateway died"; cat "$home/out.log"; exit 1; }
  done
  t401="$(date +%s%N)"
  pw="$(sed -n 's/^password=//p' "$home/data/console-credentials")"
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -u "plantwire:$pw" "http://127.0.0.1:$port/system/console/bundles.json")" == 200 ]]; do
    sleep 0.02
  done
  t200="$(date +%s%N)"
  sleep "$settle"
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
  kill -TERM "$pid"; wait "$pid" || true
  printf 'run %d: console 401 after %d ms, authenticated 200 after %d ms, RSS after %ss: %d MiB\n' \
    "$run" $(( (t401 - t0) / 1000000 )) $(( (t200 - t0) / 1000000 )) "$settle" $(( rss / 1024 ))
  rm -rf "$home"
done
