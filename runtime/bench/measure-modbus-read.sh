#!/usr/bin/env bash
# Registers/s of the Modbus driver's read path against raw j2mod, both on one loopback j2mod slave, from the JMH
# benchmark in bundles/io.plantwire.driver.modbus.benchmark (1 and 125 registers per request). A benchmark, not a
# test: nothing is asserted. Prints one line per size: driver and raw registers/s and the driver/raw ratio.
#
#   runtime/bench/measure-modbus-read.sh            # uses the benchmarks.jar built last; builds it if missing
#   BUILD=1 runtime/bench/measure-modbus-read.sh    # rebuilds the module (and what it needs) first, offline
#   JAR=/tmp/benchmarks-before.jar runtime/bench/measure-modbus-read.sh   # a benchmarks.jar built from other code
#
# The jar of the driver before it moved onto io.plantwire.driver.support (commit c7f80fe), without touching the
# local repository's snapshots:
#   git worktree add /tmp/pw-before c7f80fe && (cd /tmp/pw-before && mvn -B -o -q package -DskipTests \
#       -pl bundles/io.plantwire.driver.modbus.benchmark -am) && \
#   JAR=/tmp/pw-before/bundles/io.plantwire.driver.modbus.benchmark/target/benchmarks.jar runtime/bench/measure-modbus-read.sh
#
# Environment: MAVEN_REPO=<local repo> (default ~/.m2/repository), JMH_ARGS=<extra JMH options, e.g. "-i 10">.
# The two scores come from the same run, so their ratio is less noisy than either score on a shared machine.
#
# Before against after (issue 12's criterion: the driver may lose at most 5 % against the code before the move):
#   BEFORE=/tmp/benchmarks-before.jar ROUNDS=2 FORKS=10 runtime/bench/measure-modbus-read.sh
# runs only the driver benchmark, both jars alternately (ROUNDS x before, after), FORKS JVM forks each of 3 x 1 s
# after 2 x 1 s warm-up, for 1 and 125 registers, and prints per jar the mean, median and spread of the per-fork
# means. Many short forks, not few long ones: on loopback a fork's score depends on how its threads happen to be
# scheduled (single forks of the same jar differ by up to 30 %), so one fork says little.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$root/bundles/io.plantwire.driver.modbus.benchmark"
jar="${JAR:-$module/target/benchmarks.jar}"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"

if [[ "${BUILD:-0}" == 1 || ! -f "$jar" ]]; then
    mvn -B -o -q -Dmaven.repo.local="$repo" install -DskipTests -pl bundles/io.plantwire.driver.modbus.benchmark -am \
        -f "$root/pom.xml"
fi

if [[ -n "${BEFORE:-}" ]]; then
  dir="$(mktemp -d /tmp/plantwire-modbus-read.XXXXXX)"
  for round in $(seq 1 "${ROUNDS:-2}"); do
    for which in before after; do
      j="$jar"; [[ "$which" == before ]] && j="$BEFORE"
      for size in 1 125; do
        java -jar "$j" ModbusReadBenchmark.driver -p registers="$size" -f "${FORKS:-10}" -wi 2 -w 1s -i 3 -r 1s \
            -rf json -rff "$dir/$which-$size-$round.json" >"$dir/$which-$size-$round.log" 2>&1 \
            || { cat "$dir/$which-$size-$round.log"; exit 1; }
      done
    done
  done
  python3 - "$dir" <<'PY'
import glob, json, os, statistics as st, sys
for size in (1, 125):
    means = {}
    for which in ("before", "after"):
        forks = []
        for f in sorted(glob.glob(os.path.join(sys.argv[1], f"{which}-{size}-*.json"))):
            forks += [st.mean(it) * size for it in json.load(open(f))[0]["primaryMetric"]["rawData"]]
        means[which] = st.mean(forks)
        print(f"{size:>3} registers/request, {which:>6}: {len(forks)} forks, mean {st.mean(forks):>12,.0f} reg/s, "
              f"median {st.median(forks):>12,.0f}, stdev {st.stdev(forks):,.0f}")
    print(f"{size:>3} registers/request: after/before (means) {means['after'] / means['before']:.3f}")
PY
  echo "JMH output: $dir"
  exit 0
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
