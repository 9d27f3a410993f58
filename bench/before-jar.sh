#!/usr/bin/env bash
# Builds the standalone jar of an earlier revision, for the benchmarks' "before" rows
# (CASE_BENCH_BEFORE_JAR, FINGERPRINT_BENCH_BEFORE_JAR). Not a test.
#
#   bench/before-jar.sh [REV [JAR]]
#
# REV defaults to 7c28ea3 (the code when issue 19, speed, was filed), JAR to /tmp/before.jar. The
# revision is exported with git archive into a scratch folder and built there with Maven (tests skipped,
# no class-data archive), so the working tree is not touched.
set -euo pipefail
rev=${1:-7c28ea3}
out=${2:-/tmp/before.jar}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/before-jar.XXXXXX)
trap 'rm -rf "$work"' EXIT
git -C "$here" archive "$rev" | tar -x -C "$work"
(cd "$work" && mvn -B -q -DskipTests -Dcds.skip=true package)
cp "$work/target/organ-datasets-standalone.jar" "$out"
echo "$out: standalone jar of $(git -C "$here" rev-parse --short "$rev")"
