#!/usr/bin/env bash
# Sourced by the benchmarks: makes their datasets with the project's own generator (Create Sample Dataset,
# through the standalone runner), so that every benchmark runs from a fresh clone.
#
#   sample_dataset DIR KIND CASES SCALE SEED
#
# writes DIR/ctorg and/or DIR/amos22 (KIND CT-ORG, AMOS22 or both) when DIR does not exist yet, building
# target/organ-datasets-standalone.jar first when it is missing. Says so in one line.

sample_dataset() {
	local dir=$1 kind=$2 cases=$3 scale=$4 seed=$5 repo jar
	if [ -d "$dir" ]; then
		return 0
	fi
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	jar=$repo/target/organ-datasets-standalone.jar
	echo "$dir: missing; writing it with the project's generator (Create Sample Dataset: $kind, $cases cases, scale $scale, seed $seed)"
	if [ ! -f "$jar" ]; then
		(cd "$repo" && mvn -B -q -DskipTests package)
	fi
	mkdir -p "$(dirname "$dir")"
	java -Djava.util.prefs.userRoot="$(dirname "$dir")/.prefs" -Djava.awt.headless=true -jar "$jar" --run \
		org.organdatasets.command.CreateSampleDatasetCommand \
		"output=\"$dir\",kind=\"$kind\",cases=$cases,seed=$seed,scale=\"$scale\"" >/dev/null
}
