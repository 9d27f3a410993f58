#!/usr/bin/env bash
# Benchmark of the organ statistics against nibabel + numpy (tools/reference_stats.py), in one run: one
# real-scale case (load + measure) and whole datasets as whole processes (standalone jar with 2 and 1
# threads, reference_stats.py, and the GZIPInputStream decompression floor on 2 threads), plus the peak
# heap of a batch under -Xmx512m. Not a test.
#
#   bench/statistics-benchmark.sh [CASE_ROOT [CASE [repeats [DATASET...]]]]
#
# Defaults: CASE_ROOT /tmp/ds-real/ctorg, CASE 1, 3 repeats, DATASETs /tmp/ds-real/ctorg and
# /tmp/bench-small. Make them with
#   /usr/bin/python3 /work/shared/tools/make_datasets.py --out /tmp/ds-real --scale real --seed 1
#   /usr/bin/python3 /work/shared/tools/make_datasets.py --out /tmp/bench-small --scale small --seed 1
# STATS_BENCH_PYTHON names the Python with numpy and nibabel (default /usr/bin/python3),
# STATS_BENCH_SCRIPT the reference script (default ../shared/tools/reference_stats.py).
set -euo pipefail

case_root=${1:-/tmp/ds-real/ctorg}
case_id=${2:-1}
repeats=${3:-3}
shift $(($# < 3 ? $# : 3))
datasets=("$@")
if [ ${#datasets[@]} -eq 0 ]; then
	datasets=(/tmp/ds-real/ctorg /tmp/bench-small)
fi
for d in "$case_root" "${datasets[@]}"; do
	if [ ! -d "$d" ]; then
		echo "$0: $d: no such folder (see the comment at the top of this script for how to make it)" >&2
		exit 2
	fi
done

cd "$(dirname "$0")/.."
script=${STATS_BENCH_SCRIPT:-$(cd .. && pwd)/shared/tools/reference_stats.py}
python=${STATS_BENCH_PYTHON:-/usr/bin/python3}
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

code="git $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed=$(git --no-optional-locks status --porcelain -- src/main 2>/dev/null | wc -l)
if [ "$changed" -gt 0 ]; then
	code="$code + $changed uncommitted or untracked file(s) in src/main"
fi
abs=()
for d in "${datasets[@]}"; do
	abs+=("$(cd "$d" && pwd)")
done
set -x
exec java -Xms2g -Xmx2g -Djava.awt.headless=true -Dstats.bench.code="$code" \
	-cp "$(pwd)/target/classes:$(pwd)/target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.StatisticsBenchmark "$(pwd)/target/organ-datasets-standalone.jar" "$python" "$script" \
	"$(cd "$case_root" && pwd)" "$case_id" "$repeats" "${abs[@]}"
