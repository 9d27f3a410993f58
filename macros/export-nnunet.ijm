// A dataset folder for nnU-Net v2 (output/Dataset501_Organs: imagesTr, labelsTr, dataset.json,
// splits_final.json). Plugins > Organ Datasets > Export nnU-Net Dataset..., as Fiji's recorder writes it.
// "overwrite" replaces an existing Dataset501_Organs; leave it out to keep one.
//
// Edit the paths below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org] output=[/data/nnUNet_raw]
// Several datasets under one label language: root=[/data/ct-org;/data/amos22] remap=Common.
root = "/data/ct-org";
output = "/data/nnUNet_raw";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);

run("Export nnU-Net Dataset...", "root=[" + root + "] output=[" + output + "] id=501 name=Organs remap=none method=kfold ratios=0.7,0.1,0.2 folds=5 seed=42 threads=0 overwrite shard=[]");
