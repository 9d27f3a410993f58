#!/usr/bin/env bash
# Submits the Dataset Statistics batch to SLURM: a job array of SHARDS tasks (one shard each) and the merge
# job, chained with --dependency=afterok so the merge runs only when every shard succeeded.
#
#   slurm/submit-statistics.sh ROOTS OUTPUT SHARDS [sbatch options for both jobs...]
#   e.g. RUNNER="java -jar /opt/organ-datasets-standalone.jar" \
#        slurm/submit-statistics.sh '/data/CT-ORG;/data/AMOS22' /scratch/organ-stats 4 --partition=short
#
# Environment: RUNNER (jar or "ImageJ-linux64 --headless"), REMAP (default none), THREADS (default: the
# task's CPUs), TASKS (array indices to run, default 1-SHARDS; TASKS=3 reruns only shard 3, then merges).
# Prints "<array job id> <merge job id>" on stdout.
set -euo pipefail
if [ $# -lt 3 ]; then
	sed -n '2,12p' "$0" >&2
	exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ROOTS="$1" OUTPUT="$2" SHARDS="$3"
shift 3
case "$SHARDS" in
	'' | *[!0-9]* | 0) echo "submit-statistics: SHARDS '$SHARDS' is not a number >= 1" >&2; exit 2 ;;
esac
tasks="${TASKS:-1-$SHARDS}"
array=$(sbatch --parsable --array="$tasks" "$@" "$here/statistics-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" "$@" "$here/statistics-merge.sbatch")
merge=${merge%%;*}
echo "submit-statistics: array job $array (shards $tasks of $SHARDS), merge job $merge after it succeeds -> $OUTPUT" >&2
echo "$array $merge"
