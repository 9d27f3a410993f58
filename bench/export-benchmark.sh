#!/usr/bin/env bash
# Benchmark of the nnU-Net export: a whole export (NnunetExport, all cores) against writing the same files
# with a single-threaded GZIPOutputStream, in the same run, interleaved, medians. Not a test.
#
#   bench/export-benchmark.sh [ROOT [repeats]]
#
# ROOT holds ctorg/ and amos22/ (exported merged under the Common labels) or is one dataset folder; it
# defaults to /tmp/organ-bench/small, written when missing by the project's generator
# (bench/sample-dataset.sh: 12 CT-ORG + 12 AMOS22 cases at small scale, seed 1)
# repeats defaults to 3. JVM flags can be replaced through EXPORT_BENCH_JVM_OPTS (default below).
set -euo pipefail

if [ $# -gt 2 ]; then
	echo "usage: $0 [ROOT [repeats]]   (defaults /tmp/organ-bench/small, 3)" >&2
	exit 2
fi
root=${1:-/tmp/organ-bench/small}
repeats=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root" ]; then
	if [ $# -ge 1 ]; then
		echo "$0: $root: no such folder" >&2
		exit 2
	fi
	# shellcheck source=bench/sample-dataset.sh
	. "$here/bench/sample-dataset.sh"
	sample_dataset "$root" both 12 small 1
fi
root=$(cd "$root" && pwd)

cd "$here"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

# The code measured, for the summary. Read-only git calls.
code="git $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
changed=$(git --no-optional-locks status --porcelain -- src/main 2>/dev/null | wc -l)
if [ "$changed" -gt 0 ]; then
	code="$code + $changed uncommitted or untracked file(s) in src/main"
fi

jvm_opts=${EXPORT_BENCH_JVM_OPTS:--Xms4g -Xmx4g -XX:+UseG1GC -Djava.awt.headless=true}
echo "+ java $jvm_opts -cp target/classes:target/test-classes:<target/bench.classpath>" \
	"org.organdatasets.bench.ExportBenchmark $root $repeats"
# shellcheck disable=SC2086 # the options are meant to split into words
exec java $jvm_opts -Dexport.bench.code="$code" \
	-cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.ExportBenchmark "$root" "$repeats"
