// CT-ORG and AMOS22 as one nnU-Net v2 dataset in the labels both annotate (remap=Common: liver, bladder,
// kidneys): output/Dataset501_Organs with imagesTr, labelsTr, imagesTs, dataset.json, splits_final.json.
// Plugins > Organ Datasets > Export nnU-Net Dataset..., as Fiji's recorder writes it.
// overwrite=true replaces an existing Dataset501_Organs; overwrite=false keeps it (the export then refuses).
// A single dataset keeps its own labels with remap=none.
//
// Edit the values below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org;/data/amos22] output=[/data/nnUNet_raw] folds=5
root = "/data/ct-org;/data/amos22";
output = "/data/nnUNet_raw";
folds = "5";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);
folds = call("ij.Macro.getValue", arg, "folds", folds);

run("Export nnU-Net Dataset...", "root=[" + root + "] output=[" + output + "] id=501 name=Organs remap=Common method=kfold ratios=0.7,0.1,0.2 folds=" + folds + " seed=42 threads=0 overwrite=true shard=");
