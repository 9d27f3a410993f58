"""Test glue for NnunetClientsIT: runs the real nnU-Net v2 and MONAI on our exports.

Usage: check_clients.py CONFIG.json, where CONFIG holds "raw", "preprocessed", "results", "datasets"
([{"id": 601, "name": "Dataset601_X"}]) and "datalists" (paths of MONAI datalist.json files).
Prints one line per check; exits 1 at the first failure with its reason.
"""
import json
import os
import sys


def fail(msg):
    print("FAIL " + msg, flush=True)
    sys.exit(1)


def close(a, b, what, rel=1e-6):
    if isinstance(a, (list, tuple)):
        if not isinstance(b, (list, tuple)) or len(a) != len(b):
            fail("%s: %r (ours) vs %r (nnU-Net)" % (what, a, b))
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, "%s[%d]" % (what, i), rel)
        return
    if not abs(float(a) - float(b)) <= rel * max(abs(float(a)), abs(float(b)), 1e-12):
        fail("%s: %r (ours) vs %r (nnU-Net), relative tolerance %g" % (what, a, b, rel))


def main():
    # nnU-Net's fingerprint extractor spawns worker processes that import this file again: all work is in
    # main(), and nnU-Net reads its folders from the environment when it is first imported
    cfg = json.load(open(sys.argv[1]))
    os.environ["nnUNet_raw"] = cfg["raw"]
    os.environ["nnUNet_preprocessed"] = cfg["preprocessed"]
    os.environ["nnUNet_results"] = cfg["results"]

    import numpy as np
    from nnunetv2.experiment_planning.verify_dataset_integrity import verify_dataset_integrity
    from nnunetv2.experiment_planning.dataset_fingerprint.fingerprint_extractor import DatasetFingerprintExtractor
    from nnunetv2.experiment_planning.experiment_planners.default_experiment_planner import ExperimentPlanner
    from monai.data import load_decathlon_datalist
    from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, Orientationd

    for raw in cfg.get("verify_only", []):
        verify_dataset_integrity(raw, num_processes=2)
        print("OK verify_dataset_integrity " + os.path.basename(raw), flush=True)

    for d in cfg["datasets"]:
        name, did = d["name"], d["id"]
        raw = os.path.join(cfg["raw"], name)
        pre = os.path.join(cfg["preprocessed"], name)
        verify_dataset_integrity(raw, num_processes=2)
        print("OK verify_dataset_integrity " + name, flush=True)

        ours_file = os.path.join(pre, "dataset_fingerprint.json")
        ours_text = open(ours_file).read()
        if ours_text != open(os.path.join(raw, "dataset_fingerprint.json")).read():
            fail(name + ": the fingerprint in the raw folder differs from the one in nnUNet_preprocessed")
        ours = json.loads(ours_text)
        theirs = json.loads(json.dumps(DatasetFingerprintExtractor(did, num_processes=2).run(overwrite_existing=True),
                                       default=float))
        if sorted(ours.keys()) != sorted(theirs.keys()):
            fail("%s: keys %s (ours) vs %s (nnU-Net)" % (name, sorted(ours.keys()), sorted(theirs.keys())))
        close(ours["spacings"], theirs["spacings"], name + " spacings")
        if ours["shapes_after_crop"] != [list(s) for s in theirs["shapes_after_crop"]]:
            fail("%s shapes_after_crop: %r (ours) vs %r (nnU-Net)" % (name, ours["shapes_after_crop"],
                                                                    theirs["shapes_after_crop"]))
        close(ours["median_relative_size_after_cropping"], theirs["median_relative_size_after_cropping"],
              name + " median_relative_size_after_cropping")
        fo = ours["foreground_intensity_properties_per_channel"]
        ft = theirs["foreground_intensity_properties_per_channel"]
        if sorted(fo.keys()) != sorted(ft.keys()):
            fail("%s: channels %s vs %s" % (name, sorted(fo.keys()), sorted(ft.keys())))
        for ch in ft:
            if sorted(fo[ch].keys()) != sorted(ft[ch].keys()):
                fail("%s channel %s: keys %s vs %s" % (name, ch, sorted(fo[ch].keys()), sorted(ft[ch].keys())))
            for k in ft[ch]:
                close(fo[ch][k], ft[ch][k], "%s channel %s %s" % (name, ch, k))
        print("OK fingerprint equals DatasetFingerprintExtractor's, key by key: " + name + " " +
              json.dumps(fo), flush=True)

        # the planner on OUR fingerprint, not the one the extractor just wrote
        with open(ours_file, "w") as f:
            f.write(ours_text)
        ExperimentPlanner(did).plan_experiment()
        print("OK ExperimentPlanner.plan_experiment on our fingerprint: " + name, flush=True)

        # nnUNetTrainer.do_split (its import needs torch >= 2): the planner copied splits_final.json from the raw
        # folder; each fold's keys must be training cases, and train and val must both be non-empty
        splits = json.load(open(os.path.join(pre, "splits_final.json")))
        cases = sorted(f[:-len("_0000.nii.gz")] for f in os.listdir(os.path.join(raw, "imagesTr")))
        for fold, s in enumerate(splits):
            tr_keys, val_keys = s["train"], s["val"]
            if not tr_keys or not val_keys:
                fail("%s fold %d: %d training and %d validation cases" % (name, fold, len(tr_keys), len(val_keys)))
            if any(k not in cases for k in tr_keys + val_keys) or any(k in val_keys for k in tr_keys):
                fail("%s fold %d: keys outside imagesTr or in both parts" % (name, fold))
            # what nnU-Net's data loaders do first with each part: draw cases
            np.random.choice(val_keys, 2, replace=True)
            np.random.choice(tr_keys, 2, replace=True)
        print("OK do_split on splits_final.json: %s, %d folds" % (name, len(splits)), flush=True)

    for datalist in cfg["datalists"]:
        base = os.path.dirname(datalist)
        keys = [k for k in json.load(open(datalist)) if k != "description"]
        for key in keys:
            items = load_decathlon_datalist(datalist, is_segmentation=True, data_list_key=key, base_dir=base)
            for item in items:
                ks = [k for k in ("image", "label") if k in item]
                t = Compose([LoadImaged(keys=ks), EnsureChannelFirstd(keys=ks), Orientationd(keys=ks, axcodes="RAS")])
                out = t(item)
                if len(ks) == 2 and out["image"].shape != out["label"].shape:
                    fail("%s %s: image %s and label %s shapes differ" % (datalist, key, out["image"].shape,
                                                                       out["label"].shape))
            print("OK MONAI load_decathlon_datalist + LoadImaged/Orientationd: %s %s (%d items)" % (datalist, key,
                                                                                              len(items)), flush=True)
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
