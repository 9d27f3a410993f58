#!/usr/bin/env bash
# Benchmark (not a test): our nnU-Net fingerprint (NnunetFingerprint, Java) against nnU-Net 2.8.1's own
# DatasetFingerprintExtractor on the same exported raw dataset, both with 2 workers, whole processes
# (JVM or Python start-up included), interleaved, medians.
#
#   source ../shared/clients/setup.sh      # nnU-Net + its Debian packages, PYTHONPATH
#   bench/fingerprint-benchmark.sh [ROOT [repeats [datasets]]]
#
# ROOT holds ctorg/ and amos22/; datasets (default "ctorg;amos22") names those exported merged under the
# Common labels (k-fold) and measured, e.g. "ctorg" for CT-ORG alone. ROOT defaults to
# /tmp/organ-bench/small, written when missing by the project's generator (bench/sample-dataset.sh: 12
# CT-ORG + 12 AMOS22 cases at small scale, seed 1). Only nnU-Net itself comes from ../shared/clients.
# repeats defaults to 3.
#
# Timed alongside, as whole processes on the same sources (not on the export): Dataset Statistics with 2
# threads, the suite's statistics and foreground intensities (its own fingerprint), as
# java -jar target/organ-datasets-standalone.jar --statistics ... and through bin/organ-datasets (its
# class-data sharing archive), and on the exported nnU-Net dataset itself (int16, the files nnU-Net reads,
# its imagesTs cases included); and the JDK's zlib inflating every source file on 2 threads and doing nothing
# else (InflateFloor --pool 2), the floor of any reader that uses zlib. FINGERPRINT_BENCH_BEFORE_JAR=JAR times
# an earlier build's standalone jar the same way (java -jar JAR --statistics), for a before/after comparison in
# one run. FINGERPRINT_BENCH_FOLDS (default 5) is the export's number of folds: at most the training cases
# (CT-ORG's 0-20 are test cases).
set -euo pipefail

root=${1:-/tmp/organ-bench/small}
repeats=${2:-3}
datasets=${3:-ctorg;amos22}
# the export's k-fold split (it does not change the fingerprint); fewer for a dataset of few training cases
folds=${FINGERPRINT_BENCH_FOLDS:-5}
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
: "${PYTHONPATH:?source ../shared/clients/setup.sh first}"

sources=$(echo "$datasets" | sed "s|\([^;]*\)|$root/\1|g")

cd "$here"
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp=target/test-classes:target/classes:$(cat target/bench.classpath)
work=$(mktemp -d /tmp/fingerprint-bench.XXXXXX)
export nnUNet_raw=$work/raw nnUNet_preprocessed=$work/pre nnUNet_results=$work/results
mkdir -p "$nnUNet_raw" "$nnUNet_preprocessed" "$nnUNet_results"
java -Djava.util.prefs.userRoot="$work/prefs" -cp "$cp" org.organdatasets.cli.Main --run \
	org.organdatasets.command.ExportNnunetCommand \
	"root=\"$sources\",output=\"$nnUNet_raw\",id=701,name=\"Bench\",remap=\"Common\",method=\"kfold\",ratios=\"\",folds=$folds,seed=0,threads=2,overwrite=true,shard=\"\",modality=\"all\",preprocessed=\"\"" >/dev/null
ds=$nnUNet_raw/Dataset701_Bench

prefs="-Djava.util.prefs.userRoot=$work/prefs"
# every .nii.gz of the sources, for the JDK's inflate floor (InflateFloor --pool 2: zlib inflating them all
# on two threads, nothing else)
source_files=()
IFS=';' read -r -a source_dirs <<<"$sources"
while IFS= read -r f; do
	source_files+=("$f")
done < <(find "${source_dirs[@]}" -name '*.nii.gz' | sort)
ours=()
theirs=()
stats=()
statscds=()
onexport=()
floor=()
before=()
before_jar=${FINGERPRINT_BENCH_BEFORE_JAR:-}
# timed NAME COMMAND...: runs COMMAND (its output discarded, a fresh statistics folder) and appends its
# seconds to the array NAME
timed() {
	local -n into=$1
	shift
	local s e
	rm -rf "$work/stats"
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s.%N)
	into+=("$(echo "$e - $s" | bc)")
}
for i in $(seq 1 "$repeats"); do
	timed ours java $prefs -cp "$cp" org.organdatasets.bench.FingerprintBenchmark "$ds" 2
	timed theirs /usr/bin/python3 -c "from nnunetv2.experiment_planning.dataset_fingerprint.fingerprint_extractor import DatasetFingerprintExtractor as D
if __name__ == '__main__':
    D(701, 2).run(overwrite_existing=True)"
	timed stats java $prefs -jar target/organ-datasets-standalone.jar --statistics --root "$sources" \
		--output "$work/stats" --threads 2
	timed statscds env JDK_JAVA_OPTIONS="$prefs" bin/organ-datasets --statistics --root "$sources" \
		--output "$work/stats" --threads 2
	timed onexport java $prefs -jar target/organ-datasets-standalone.jar --statistics --root "$ds" \
		--output "$work/stats" --threads 2
	timed floor java -cp target/test-classes org.organdatasets.bench.InflateFloor --pool 2 "${source_files[@]}"
	if [ -n "$before_jar" ]; then
		timed before java $prefs -jar "$before_jar" --statistics --root "$sources" --output "$work/stats" --threads 2
		echo "run $i: before ($before_jar) Dataset Statistics ${before[-1]} s"
	fi
	echo "run $i: ours ${ours[-1]} s, nnU-Net ${theirs[-1]} s, Dataset Statistics ${stats[-1]} s (with the archive" \
		"${statscds[-1]} s; on the export ${onexport[-1]} s), zlib floor ${floor[-1]} s; load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
mo=$(median "${ours[@]}")
mt=$(median "${theirs[@]}")
ms=$(median "${stats[@]}")
mc=$(median "${statscds[@]}")
echo "datasets: $sources"
echo "median: ours $mo s ($(range "${ours[@]}")), nnU-Net's extractor $mt s ($(range "${theirs[@]}")), ratio $(echo "scale=2; $mt / $mo" | bc) x"
echo "median: Dataset Statistics --statistics $ms s ($(range "${stats[@]}")), ratio to nnU-Net's extractor $(echo "scale=2; $mt / $ms" | bc) x"
echo "median: Dataset Statistics through bin/organ-datasets $mc s ($(range "${statscds[@]}")), ratio $(echo "scale=2; $mt / $mc" | bc) x"
me=$(median "${onexport[@]}")
echo "median: Dataset Statistics --statistics on the exported dataset itself (the files nnU-Net reads, its test cases too) $me s ($(range "${onexport[@]}")), ratio $(echo "scale=2; $mt / $me" | bc) x"
mf=$(median "${floor[@]}")
echo "median: the JDK's zlib inflating every source file on 2 threads (InflateFloor --pool 2, a process) $mf s ($(range "${floor[@]}")), ratio $(echo "scale=2; $mt / $mf" | bc) x"
if [ -n "$before_jar" ]; then
	mb=$(median "${before[@]}")
	echo "median: before, Dataset Statistics --statistics $mb s ($(range "${before[@]}")), ratio to nnU-Net's extractor $(echo "scale=2; $mt / $mb" | bc) x"
fi
rm -rf "$work"
