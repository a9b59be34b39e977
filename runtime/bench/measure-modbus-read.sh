#!/usr/bin/env bash
# Registers/s of the Modbus driver's read path against raw j2mod, both on one loopback j2mod slave, from the JMH
# benchmark in bundles/io.plantwire.driver.modbus.benchmark (1 and 125 registers per request). A benchmark, not a
# test: nothing is asserted. Prints one line per size: driver and raw registers/s and the driver/raw ratio.
#
#   runtime/bench/measure-modbus-read.sh            # uses the benchmarks.jar built last; builds it if missing
#   BUILD=1 runtime/bench/measure-modbus-read.sh    # rebuilds the module (and what it needs) first, offline
#   JAR=/tmp/benchmarks-before.jar runtime/bench/measure-modbus-read.sh   # a benchmarks.jar built from other code
#
# Environment: MAVEN_REPO=<local repo> (default ~/.m2/repository), JMH_ARGS=<extra JMH options, e.g. "-i 10">.
# The two scores come from the same run, so their ratio is less noisy than either score on a shared machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$root/bundles/io.plantwire.driver.modbus.benchmark"
jar="${JAR:-$module/target/benchmarks.jar}"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"

if [[ "${BUILD:-0}" == 1 || ! -f "$jar" ]]; then
    mvn -B -o -q -Dmaven.repo.local="$repo" install -DskipTests -pl bundles/io.plantwire.driver.modbus.benchmark -am \
        -f "$root/pom.xml"
fi

out="$(mktemp /tmp/plantwire-modbus-read.XXXXXX.json)"
# shellcheck disable=SC2086
java -jar "$jar" ModbusReadBenchmark -rf json -rff "$out" ${JMH_ARGS:-} >"$out.log" 2>&1 || { cat "$out.log"; exit 1; }

python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
score = {}
for r in runs:
    size = int(r["params"]["registers"])
    kind = r["benchmark"].rsplit(".", 1)[1]
    score[(size, kind)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
for size in sorted({s for s, _ in score}):
    d, de = score[(size, "driver")]
    j, je = score[(size, "rawJ2mod")]
    print(f"{size:>3} registers/request: driver {d * size:>12,.0f} reg/s (±{de * size:,.0f})   "
          f"raw j2mod {j * size:>12,.0f} reg/s (±{je * size:,.0f})   driver/raw {d / j:.3f}")
PY
echo "JMH output: $out.log"
