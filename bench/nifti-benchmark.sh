#!/usr/bin/env bash
# Benchmark of the NIfTI codec on one float32 .nii.gz: read against the bare JDK floor, parallel write
# against single-threaded GZIPOutputStream, and the peak heap of a read (child JVMs). Not a test.
#
#   bench/nifti-benchmark.sh [FILE.nii.gz [repeats [steps]]]
#
# FILE defaults to /tmp/organ-bench/real/ctorg/volume-0.nii.gz, written when missing by the project's
# generator (bench/sample-dataset.sh: 2 real-scale CT-ORG cases, seed 1).
# repeats defaults to 5; steps is a comma-separated subset of read,write,heap,members,sizes (default
# read,write,heap,members). members: the file written once by NiftiWriter (gzip members with an index),
# then the JDK floor against NiftiReader on it; sizes: compressed size per member size (1-16 MiB) against
# one single-threaded GZIPOutputStream member (slow: six full writes).
#
# JVM flags can be replaced through NIFTI_BENCH_JVM_OPTS (default below). The heap is fixed
# (-Xms = -Xmx) so that heap growth does not land in a timed region; 8 GiB also makes G1 use 4 MiB
# regions, so a 512x512 float32 slice (1 MiB + array header) is an ordinary allocation and not a
# humongous one. The child JVMs of the heap step choose their own -Xmx and -XX:+UseSerialGC.
set -euo pipefail

if [ $# -gt 3 ]; then
	echo "usage: $0 [FILE.nii.gz [repeats [steps]]]   (float32 data; default 5 repeats; steps: read,write,heap,members,sizes)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	# shellcheck source=bench/sample-dataset.sh
	. "$(dirname "$0")/sample-dataset.sh"
	sample_dataset /tmp/organ-bench/real CT-ORG 2 real 1
	set -- /tmp/organ-bench/real/ctorg/volume-0.nii.gz
fi
if [ ! -f "$1" ]; then
	echo "$0: $1: no such file" >&2
	exit 2
fi
file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift

cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

jvm_opts=${NIFTI_BENCH_JVM_OPTS:--Xms8g -Xmx8g -XX:+UseG1GC -Djava.awt.headless=true}
echo "+ java $jvm_opts -cp target/classes:target/test-classes:<target/bench.classpath>" \
	"org.organdatasets.bench.NiftiBenchmark $file $*"
# shellcheck disable=SC2086 # the options are meant to split into words
exec java $jvm_opts -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
	org.organdatasets.bench.NiftiBenchmark "$file" "$@"
