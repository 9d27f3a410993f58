#!/usr/bin/env bash
# Benchmark (not a test) of opening a case and reading one file as WHOLE PROCESSES, as a user meets them:
# JVM start-up, SciJava and the JIT included. In one run, interleaved (the order rotating each repeat),
# medians with min and max:
#
#   case rows: Open Case (java -jar target/organ-datasets-standalone.jar --run ...OpenCaseCommand), the same
#     through bin/organ-datasets (class-data sharing archive), nibabel loading both files (a python3 process:
#     import, nib.load and np.asarray of each), and the JDK floor of the two files (InflateFloor: a JVM whose
#     GZIPInputStream fills one float[] per slice, the files one after the other, and each on its own thread);
#   file rows: NIfTI Info with its value summary (java -jar ... FILE) and Open NIfTI (--run ...OpenNiftiCommand,
#     by java -jar and through bin/organ-datasets) against the JDK floor of that file, slices kept or (the
#     floor of a streaming reader) not.
#
#   bench/case-process-benchmark.sh [ROOT [CASE [repeats [steps]]]]
#
# ROOT defaults to /tmp/organ-bench/real/ctorg (written when missing by bench/sample-dataset.sh: 2
# real-scale CT-ORG cases, seed 1), CASE to the case with the largest image, repeats to 5, steps to
# case,file. Every JVM runs with its default flags (the heap grows as it does for a user). With
# CASE_BENCH_BEFORE_JAR naming another standalone jar (e.g. an older build), its Open Case and file rows are
# timed alongside. CASE_BENCH_PYTHON names the Python with numpy and nibabel (default /usr/bin/python3).
set -euo pipefail

if [ $# -gt 4 ]; then
	echo "usage: $0 [ROOT [CASE [repeats [steps]]]]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	# shellcheck source=bench/sample-dataset.sh
	. "$here/bench/sample-dataset.sh"
	sample_dataset /tmp/organ-bench/real CT-ORG 2 real 1
fi
root=$(cd "${1:-/tmp/organ-bench/real/ctorg}" && pwd)
repeats=${3:-5}
steps=${4:-case,file}
if [ -n "${2:-}" ]; then
	case_id=$2
else
	case_id=$(ls -S "$root"/volume-*.nii.gz | head -n 1 | sed 's/.*volume-\(.*\)\.nii\.gz/\1/')
fi
image=$root/volume-$case_id.nii.gz
labels=$root/labels-$case_id.nii.gz
python=${CASE_BENCH_PYTHON:-/usr/bin/python3}
before=${CASE_BENCH_BEFORE_JAR:-}

cd "$here"
mvn -B -q -DskipTests package
jar=$here/target/organ-datasets-standalone.jar
work=$(mktemp -d /tmp/case-process-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefs="-Djava.util.prefs.userRoot=$work/prefs -Djava.util.prefs.systemRoot=$work/prefs-system"
run="--run org.organdatasets.command.OpenCaseCommand"
args="root=\"$root\",caseid=\"$case_id\""
py="import sys, numpy as np, nibabel as nib
for f in sys.argv[1:]:
    a = np.asarray(nib.load(f).dataobj)"

names=()
cmds=()
add() { names+=("$1"); cmds+=("$2"); }
if [[ $steps == *case* ]]; then
	add "open case, java -jar (after)" "java $prefs -jar '$jar' $run '$args'"
	add "open case, bin/organ-datasets (after, CDS)" "JDK_JAVA_OPTIONS='$prefs' bin/organ-datasets $run '$args'"
	[ -n "$before" ] && add "open case, java -jar (before)" "java $prefs -jar '$before' $run '$args'"
	add "nibabel, both files" "'$python' -c '$py' '$image' '$labels'"
	add "JDK floor, both files, one thread" "java -cp target/test-classes org.organdatasets.bench.InflateFloor '$image' '$labels'"
	add "JDK floor, both files, two threads" "java -cp target/test-classes org.organdatasets.bench.InflateFloor --threads '$image' '$labels'"
fi
if [[ $steps == *file* ]]; then
	add "one file, java -jar FILE (after)" "java $prefs -jar '$jar' '$image'"
	[ -n "$before" ] && add "one file, java -jar FILE (before)" "java $prefs -jar '$before' '$image'"
	add "one file, Open NIfTI (after)" "java $prefs -jar '$jar' --run org.organdatasets.command.OpenNiftiCommand 'file=\"$image\"'"
	add "one file, Open NIfTI, bin/organ-datasets (after, CDS)" "JDK_JAVA_OPTIONS='$prefs' bin/organ-datasets --run org.organdatasets.command.OpenNiftiCommand 'file=\"$image\"'"
	[ -n "$before" ] && add "one file, Open NIfTI (before)" "java $prefs -jar '$before' --run org.organdatasets.command.OpenNiftiCommand 'file=\"$image\"'"
	add "JDK floor, one file" "java -cp target/test-classes org.organdatasets.bench.InflateFloor '$image'"
	add "JDK floor, one file, slices not kept" "java -cp target/test-classes org.organdatasets.bench.InflateFloor --discard '$image'"
fi

echo "== whole-process benchmark: case $case_id of $root =="
echo "image  $(basename "$image"): $(stat -c %s "$image") bytes; labels $(basename "$labels"): $(stat -c %s "$labels") bytes"
echo "code   git $(git rev-parse --short HEAD 2>/dev/null || echo unknown)${before:+; before = $before}"
echo "jvm    $(java -version 2>&1 | head -n 1); $(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg)"
n=${#names[@]}
declare -A times
for r in $(seq 1 "$repeats"); do
	for k in $(seq 0 $((n - 1))); do
		i=$(((k + r) % n))
		s=$(date +%s%N)
		if ! bash -c "${cmds[$i]}" >"$work/out" 2>"$work/err"; then
			echo "FAILED: ${names[$i]}: ${cmds[$i]}" >&2
			cat "$work/err" >&2
			exit 1
		fi
		e=$(date +%s%N)
		times[$i]="${times[$i]:-} $(((e - s) / 1000000))"
	done
	echo "repeat $r/$repeats done (load $(cut -d' ' -f1 /proc/loadavg))"
done
summary() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f %.3f %.3f", m/1000, a[1]/1000, a[NR]/1000}'; }
declare -A med
echo
printf '| %-45s | %8s | %8s | %8s |\n' "process" "median s" "min" "max"
for i in $(seq 0 $((n - 1))); do
	# shellcheck disable=SC2086
	read -r m lo hi <<<"$(summary ${times[$i]})"
	med[${names[$i]}]=$m
	printf '| %-45s | %8s | %8s | %8s |\n' "${names[$i]}" "$m" "$lo" "$hi"
done
ratio() { if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ]; then echo "$1 / $2: $(echo "scale=3; ${med[$1]} / ${med[$2]}" | bc)"; fi; }
echo
ratio "nibabel, both files" "open case, java -jar (after)"
ratio "nibabel, both files" "open case, bin/organ-datasets (after, CDS)"
ratio "open case, java -jar (after)" "JDK floor, both files, one thread"
ratio "open case, bin/organ-datasets (after, CDS)" "JDK floor, both files, one thread"
ratio "open case, java -jar (after)" "JDK floor, both files, two threads"
ratio "open case, java -jar (before)" "open case, java -jar (after)"
ratio "one file, java -jar FILE (after)" "JDK floor, one file"
ratio "one file, java -jar FILE (before)" "JDK floor, one file"
ratio "one file, java -jar FILE (after)" "JDK floor, one file, slices not kept"
ratio "one file, Open NIfTI (after)" "JDK floor, one file"
ratio "one file, Open NIfTI (before)" "JDK floor, one file"
ratio "one file, Open NIfTI, bin/organ-datasets (after, CDS)" "JDK floor, one file"
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
