// A reproducible 5-fold split of a dataset, written as splits.csv, nnU-Net's splits_final.json
// and a MONAI datalist.json. Plugins > Organ Datasets > Export Splits..., as Fiji's recorder writes it.
// method: official | random (uses ratios train,val,test) | kfold (uses folds); stratify: none | modality | organs.
//
// Edit the paths below, or pass them as the macro argument in the same key=[value] syntax:
//   root=[/data/ct-org] output=[/data/ct-org-splits]
// Several datasets: root=[/data/ct-org;/data/amos22].
root = "/data/ct-org";
output = "/data/ct-org-splits";
arg = getArgument();
root = call("ij.Macro.getValue", arg, "root", root);
output = call("ij.Macro.getValue", arg, "output", output);

run("Export Splits...", "root=[" + root + "] output=[" + output + "] method=kfold ratios=0.7,0.1,0.2 folds=5 seed=42 stratify=organs formats=csv,nnunet,monai");
