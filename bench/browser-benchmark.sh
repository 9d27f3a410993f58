#!/usr/bin/env bash
# Benchmark of the Dataset Browser's header table: seconds to the first rows and to the full table (listing
# the folders, then header facts and validation status chunk by chunk, as the window's worker does), in new
# JVMs and in a warm one, medians of several repeats. Targets: first rows < 1 s, full table < 5 s. Not a test.
#
#   bench/browser-benchmark.sh [FOLDERS [repeats]]
#
# FOLDERS (separated by ';') defaults to /tmp/browser-bench/amos600/amos22, written when missing by the
# project's generator (bench/sample-dataset.sh: 600 tiny-scale AMOS22 cases, seed 1); repeats defaults to 7.
set -euo pipefail

if [ $# -gt 2 ]; then
	echo "usage: $0 [FOLDERS [repeats]]   (defaults /tmp/browser-bench/amos600/amos22, 7)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	# shellcheck source=bench/sample-dataset.sh
	. "$(dirname "$0")/sample-dataset.sh"
	sample_dataset /tmp/browser-bench/amos600 AMOS22 600 tiny 1
fi
folders=${1:-/tmp/browser-bench/amos600/amos22}
repeats=${2:-7}

cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

echo "+ java -Xmx512m -cp target/classes:target/test-classes:<target/bench.classpath>" \
	"org.organdatasets.bench.BrowserBenchmark '$folders' $repeats"
exec java -Xmx512m -Djava.awt.headless=true -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.BrowserBenchmark "$folders" "$repeats"
