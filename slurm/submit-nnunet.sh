#!/usr/bin/env bash
# Submits the nnU-Net export to SLURM: a job array of SHARDS tasks (each exports its cases) and the
# finalize job (dataset.json, splits_final.json), chained with --dependency=afterok.
#
#   slurm/submit-nnunet.sh ROOTS OUTPUT ID NAME SHARDS [sbatch options for both jobs...]
#   e.g. RUNNER="java -jar /opt/organ-datasets-standalone.jar" METHOD=kfold FOLDS=5 \
#        slurm/submit-nnunet.sh /data/AMOS22 /scratch/nnUNet_raw 501 AMOS 4 --partition=short
#
# Environment: RUNNER (jar or "ImageJ-linux64 --headless"), REMAP (none), METHOD (official), FOLDS (5),
# SEED (1), OVERWRITE (false), THREADS (the task's CPUs), TASKS (array indices, default 1-SHARDS;
# TASKS=3 reruns only shard 3, then finalizes). Prints "<array job id> <finalize job id>" on stdout.
set -euo pipefail
if [ $# -lt 5 ]; then
	sed -n '2,12p' "$0" >&2
	exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ROOTS="$1" OUTPUT="$2" ID="$3" NAME="$4" SHARDS="$5"
shift 5
case "$SHARDS" in
	'' | *[!0-9]* | 0) echo "submit-nnunet: SHARDS '$SHARDS' is not a number >= 1" >&2; exit 2 ;;
esac
tasks="${TASKS:-1-$SHARDS}"
array=$(sbatch --parsable --array="$tasks" "$@" "$here/nnunet-array.sbatch")
array=${array%%;*}
final=$(sbatch --parsable --dependency=afterok:"$array" "$@" "$here/nnunet-finalize.sbatch")
final=${final%%;*}
echo "submit-nnunet: array job $array (shards $tasks of $SHARDS), finalize job $final after it succeeds -> $OUTPUT" >&2
echo "$array $final"
