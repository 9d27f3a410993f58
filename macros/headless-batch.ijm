// Headless batch: organ statistics of a whole dataset, without windows or dialogs.
// Fiji command line (ImageJ-win64.exe or ImageJ-macosx on other systems):
//
//   ImageJ-linux64 --headless --console -macro /path/to/headless-batch.ijm 'root=[/data/ct-org] output=[/data/ct-org-statistics]'
//
// The quoted text is this macro's getArgument(). Add shard=1/4 (1 <= i <= n) to compute one of n parts, e.g.
// one task of a cluster job array; Merge Statistics joins the parts. Errors go to the console, not to dialogs.
setBatchMode(true);
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", "");
output = call("ij.Macro.getValue", arg, "output", "");
shard = call("ij.Macro.getValue", arg, "shard", "");
if (root == "" || output == "") {
	print("usage: -macro headless-batch.ijm 'root=[dataset folder] output=[output folder] shard=[i/n, optional]'");
} else {
	run("Dataset Statistics...", "root=[" + root + "] output=[" + output + "] threads=0 shard=[" + shard + "] remap=none");
	rows = split(File.openAsString(output + File.separator + "organ_summary.csv"), "\n");
	print("Organ statistics of " + root + " in " + output + ": " + (rows.length - 1) + " organs in organ_summary.csv");
	close("*");
}
