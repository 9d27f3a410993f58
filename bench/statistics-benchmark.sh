#!/usr/bin/env bash
# Benchmark of the organ statistics against nibabel + numpy (tools/reference_stats.py), in one run: one
# real-scale case (load + measure) and whole datasets as whole processes (standalone jar with 2 and 1
# threads, reference_stats.py, and the GZIPInputStream decompression floor on 2 threads), plus the peak
# heap of a batch under -Xmx512m. Not a test.
#
#   bench/statistics-benchmark.sh [CASE_ROOT [CASE [repeats [DATASET...]]]]
#
# Defaults: CASE_ROOT /tmp/organ-bench/real/ctorg, CASE 0, 3 repeats, DATASETs /tmp/organ-bench/real/ctorg
# and /tmp/organ-bench/small; when a default folder is missing it is written by the project's generator
# (bench/sample-dataset.sh: real = 2 CT-ORG cases, small = 12 CT-ORG + 12 AMOS22 cases, seed 1).
# STATS_BENCH_PYTHON names the Python with numpy and nibabel (default /usr/bin/python3),
# STATS_BENCH_SCRIPT the reference script (default bench/reference_stats.py); without either the
# reference rows are skipped (one line says why) and ours and the inflate floor are still timed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/sample-dataset.sh
. "$here/bench/sample-dataset.sh"
if [ $# -eq 0 ]; then
	sample_dataset /tmp/organ-bench/real CT-ORG 2 real 1
fi
if [ $# -lt 4 ]; then
	sample_dataset /tmp/organ-bench/small both 12 small 1
fi
case_root=${1:-/tmp/organ-bench/real/ctorg}
case_id=${2:-0}
repeats=${3:-3}
shift $(($# < 3 ? $# : 3))
datasets=("$@")
if [ ${#datasets[@]} -eq 0 ]; then
	datasets=(/tmp/organ-bench/real/ctorg /tmp/organ-bench/small)
fi
for d in "$case_root" "${datasets[@]}"; do
	if [ ! -d "$d" ]; then
		echo "$0: $d: no such folder (with no arguments the defaults are written by the project's generator)" >&2
		exit 2
	fi
done

cd "$here"
script=${STATS_BENCH_SCRIPT:-$here/bench/reference_stats.py}
python=${STATS_BENCH_PYTHON:-/usr/bin/python3}
no_reference=""
if [ ! -f "$script" ]; then
	no_reference="no reference script $script (set STATS_BENCH_SCRIPT)"
elif ! "$python" -c 'import numpy, nibabel' 2>/dev/null; then
	no_reference="$python cannot import numpy and nibabel"
fi
if [ -n "$no_reference" ]; then
	echo "reference rows skipped: $no_reference"
	python=""
fi
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
exec java -Xms2g -Xmx2g -Djava.awt.headless=true -Dstats.bench.code="$code" -Dstats.bench.noReference="$no_reference" \
	-cp "$(pwd)/target/classes:$(pwd)/target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.StatisticsBenchmark "$(pwd)/target/organ-datasets-standalone.jar" "$python" "$script" \
	"$(cd "$case_root" && pwd)" "$case_id" "$repeats" "${abs[@]}"
