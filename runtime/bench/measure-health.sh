#!/usr/bin/env bash
# Measures what the health checks cost the gateway, in one sitting:
#  - resident memory of the exported gateway with the health bundles and without them (the same jar with
#    io.plantwire.health, Felix HC api/core, the event API and jackson-core taken out of launch.bundles), runs
#    alternating so both see the same machine;
#  - the cost of GET /health: the first request, then the median and 99th percentile of sequential requests over one
#    keep-alive connection (each one runs the checks or answers from their 1 s result cache; the loop runs long
#    enough to see both), and the RSS again after those requests (the checks' classes are loaded by the first one).
#   runtime/bench/measure-health.sh [runs] [JVM flags...]   e.g. runtime/bench/measure-health.sh 3 -Xmx256m -XX:+UseSerialGC
# Env: SETTLE_SECONDS (default 15) before RSS is read; REQUESTS (default 2000).
# Needs runtime/target/plantwire-gateway.jar (mvn -pl runtime package), curl and python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/../target/plantwire-gateway.jar"
runs="${1:-3}"; shift || true
flags=("$@"); [[ ${#flags[@]} -gt 0 ]] || flags=(-Xmx256m -XX:+UseSerialGC)
settle="${SETTLE_SECONDS:-15}"
requests="${REQUESTS:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The same jar without the health bundles: only launcher.properties' launch.bundles changes.
python3 - "$jar" "$work/without-health.jar" <<'PY'
import sys, zipfile, re
src, dst = sys.argv[1], sys.argv[2]
drop = re.compile(r'jar/(io\.plantwire\.health|org\.apache\.felix\.healthcheck\.(api|core)|org\.osgi\.service\.event|jackson-core)-[^,]*\.jar')
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w') as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'launcher.properties':
            lines = data.decode('latin-1').split('\n')
            for i, l in enumerate(lines):
                if l.startswith('launch.bundles='):
                    kept = [b for b in l[len('launch.bundles='):].split(',') if not drop.fullmatch(b)]
                    removed = len(l[len('launch.bundles='):].split(',')) - len(kept)
                    if removed != 5:
                        sys.exit('expected to take out 5 bundles, took out %d' % removed)
                    lines[i] = 'launch.bundles=' + ','.join(kept)
            data = '\n'.join(lines).encode('latin-1')
        zout.writestr(item, data)
PY

start() { # $1 jar, $2 home; prints pid and port
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  PLANTWIRE_HOME="$2" PLANTWIRE_HTTP_PORT="$port" java "${flags[@]}" -jar "$1" </dev/null >"$2/out.log" 2>&1 &
  local pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/system/console/bundles")" == 401 ]]; do
    sleep 0.05; kill -0 "$pid" 2>/dev/null || { echo "gateway died"; cat "$2/out.log"; exit 1; }
  done
  echo "$pid $port"
}

for run in $(seq 1 "$runs"); do
  for variant in with without; do
    home="$(mktemp -d "$work/home-XXXX")"
    j="$jar"; [[ $variant == without ]] && j="$work/without-health.jar"
    read -r pid port < <(start "$j" "$home")
    sleep "$settle"
    rss="$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
    line="run $run $variant health: RSS $(( rss / 1024 )) MiB ($rss KiB) after ${settle}s"
    if [[ $variant == with ]]; then
      pw="$(sed -n 's/^password=//p' "$home/data/console-credentials")"
      user="$(sed -n 's/^username=//p' "$home/data/console-credentials")"
      line="$line; $(python3 - "$port" "$user" "$pw" "$requests" <<'PY'
import sys, time, http.client, base64, json, statistics
port, user, pw, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
auth = 'Basic ' + base64.b64encode(f'{user}:{pw}'.encode()).decode()
c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
def get():
    t = time.perf_counter_ns(); c.request('GET', '/health', headers={'Authorization': auth})
    r = c.getresponse(); body = r.read(); return (time.perf_counter_ns() - t) / 1e6, r.status, body
first, status, body = get()
checks = len(json.loads(body)['checks'])
times = [get()[0] for _ in range(n)]
times.sort()
print(f'/health {status} with {checks} checks, {len(body)} bytes: first {first:.1f} ms, '
      f'median {statistics.median(times):.2f} ms, p99 {times[int(len(times)*0.99)-1]:.2f} ms over {n}')
PY
)"
      line="$line; RSS after the requests $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB"
    fi
    echo "$line"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
done
