// Organ statistics of every case of a dataset, then the organ volumes plotted and saved as PNG.
// Plugins > Organ Datasets > Dataset Statistics... and Plot Organ Volumes..., as Fiji's recorder writes them.
// The output folder receives organ_statistics.csv, organ_summary.csv, foreground_intensities.json, errors.csv
// and organ_volumes.png. Reruns reuse the cases whose files did not change.
//
// Edit the paths below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org] output=[/data/ct-org-statistics]
// Several datasets: root=[/data/ct-org;/data/amos22] with remap=[AMOS22->CT-ORG] (one label language).
root = "/data/ct-org";
output = "/data/ct-org-statistics";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);

run("Dataset Statistics...", "root=[" + root + "] output=[" + output + "] threads=0 shard= remap=none");
run("Plot Organ Volumes...", "statistics=[" + output + File.separator + "organ_statistics.csv] output=[" + output + File.separator + "organ_volumes.png]");
