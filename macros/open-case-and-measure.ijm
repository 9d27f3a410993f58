// Open a CT-ORG case and measure its organs, then save the table as CSV.
// Plugins > Organ Datasets > Open Case... and Organ Statistics..., as Fiji's recorder writes them.
//
// Edit the paths below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org] output=[/data/measurements] caseid=12
root = "/data/ct-org";
output = "/data/measurements";
caseid = "0";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);
caseid = call("ij.Macro.getValue", arg, "caseid", caseid);
File.makeDirectory(output);

// Open Case shows two images, titled "CT-ORG <case>" and "CT-ORG <case> labels".
run("Open Case...", "root=[" + root + "] caseid=" + caseid + " orientation=[as stored] window=abdomen display=separate");
csv = output + File.separator + "organ-statistics-CT-ORG-" + caseid + ".csv";
// output= saves the table as CSV (also headless, where no table window opens)
run("Organ Statistics...", "image=[CT-ORG " + caseid + "] labels=[CT-ORG " + caseid + " labels] table=CT-ORG output=[" + csv + "]");
