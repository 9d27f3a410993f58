// A reproducible k-fold split of CT-ORG and AMOS22 together, written as splits.csv, nnU-Net's
// splits_final.json and a MONAI datalist.json. Plugins > Organ Datasets > Export Splits..., as Fiji's
// recorder writes it. method: official | random (uses ratios train,val,test) | kfold (uses folds; the
// official test cases stay test); stratify: none | modality | organs.
//
// Edit the values below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org;/data/amos22] output=[/data/splits] folds=5
root = "/data/ct-org;/data/amos22";
output = "/data/splits";
folds = "5";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);
folds = call("ij.Macro.getValue", arg, "folds", folds);

run("Export Splits...", "root=[" + root + "] output=[" + output + "] method=kfold ratios=0.7,0.1,0.2 folds=" + folds + " seed=42 stratify=modality formats=csv,nnunet,monai remap=Common");
