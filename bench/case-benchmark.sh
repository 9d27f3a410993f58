#!/usr/bin/env bash
# Benchmark of CaseReader.open on one labelled case: its time against nibabel loading both files (a child
# Python per repeat, interleaved), a sequential NiftiReader reference and the label conversion alone, and
# the peak heap of opening the case (child JVMs). Not a test.
#
#   bench/case-benchmark.sh [ROOT [CASE [repeats [steps]]]]
#
# ROOT defaults to /tmp/organ-bench/real/ctorg, written when missing by the project's generator
# (bench/sample-dataset.sh: 2 real-scale CT-ORG cases, seed 1), CASE to 0, repeats to 5; steps is a
# comma-separated subset of time,heap (default both).
#
# JVM flags can be replaced through CASE_BENCH_JVM_OPTS (default below). The heap is fixed (-Xms = -Xmx)
# so that heap growth does not land in a timed region; 8 GiB also makes G1 use 4 MiB regions, so a
# 512x512 float32 slice is an ordinary allocation and not a humongous one. The child JVMs of the heap
# step choose their own -Xmx and -XX:+UseSerialGC. CASE_BENCH_PYTHON names the Python interpreter with
# numpy and nibabel (default /usr/bin/python3).
set -euo pipefail

if [ $# -gt 4 ]; then
	echo "usage: $0 [ROOT [CASE [repeats [steps]]]]   (defaults /tmp/organ-bench/real/ctorg, 0, 5, time,heap)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	# shellcheck source=bench/sample-dataset.sh
	. "$(dirname "$0")/sample-dataset.sh"
	sample_dataset /tmp/organ-bench/real CT-ORG 2 real 1
fi
root=${1:-/tmp/organ-bench/real/ctorg}
case_id=${2:-0}
repeats=${3:-5}
if [ ! -d "$root" ]; then
	echo "$0: $root: no such folder (with no arguments the default is written by the project's generator)" >&2
	exit 2
fi
root=$(cd "$root" && pwd)
shift $(($# < 3 ? $# : 3))

cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

# The code measured, for the summary: others may commit while benchmarks run. Read-only git calls.
code="git $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed=$(git --no-optional-locks status --porcelain -- src/main 2>/dev/null | wc -l)
if [ "$changed" -gt 0 ]; then
	code="$code + $changed uncommitted or untracked file(s) in src/main"
fi

jvm_opts=${CASE_BENCH_JVM_OPTS:--Xms8g -Xmx8g -XX:+UseG1GC -Djava.awt.headless=true}
echo "+ java $jvm_opts -Dcase.bench.code='$code' -cp target/classes:target/test-classes:<target/bench.classpath>" \
	"org.organdatasets.bench.CaseBenchmark $root $case_id $repeats $*"
# shellcheck disable=SC2086 # the options are meant to split into words
exec java $jvm_opts -Dcase.bench.code="$code" \
	-cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.CaseBenchmark "$root" "$case_id" "$repeats" "$@"
