#!/usr/bin/python3
# Kept in the project (a copy of the team's ../shared/tools/reference_stats.py) so that bench/statistics-benchmark.sh
# runs from a fresh clone; the benchmark compares our organ_statistics.csv with its output.
"""Reference per-organ statistics for NIfTI-1 image/label pairs.

Computes, per case and per label id, with nibabel + numpy only:

  voxel_count   number of voxels with that label id
  volume_ml     voxel_count * |pixdim[1] * pixdim[2] * pixdim[3]| / 1000
                (pixdim taken from the *image* header, mm -> mL)
  mean, std     of the scaled intensities (nibabel get_fdata(), i.e.
                raw * scl_slope + scl_inter, no scaling when scl_slope is 0
                or not finite); std is the population std (ddof = 0);
                computed in float64
  min, max
  median, p0_5, p99_5
                numpy.percentile(..., method="linear") = Hyndman & Fan
                type 7: sort the n values x[0..n-1], h = (n - 1) * p / 100,
                result = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h])
                (median = p50, i.e. the mean of the two middle values for
                even n)
  centroid_i/j/k
                mean voxel index (0-based, voxel centres) of the label
  centroid_x/y/z
                world mm = affine @ (centroid_i, centroid_j, centroid_k, 1),
                affine = sform if sform_code > 0, else qform if
                qform_code > 0, else NIfTI "method 1": diag(pixdim[1..3])
                with no offset (note: nibabel's own fallback differs)
  bbox_i0..bbox_k1
                inclusive 0-based voxel bounding box
  affine_source sform | qform | pixdim

Output CSV columns, in this order (one row per case and label id present;
--include-absent adds count-0 rows, with empty statistics, for every id of
the label table):

  dataset, split, case, image, labels, label_id, label_name, voxel_count,
  volume_ml, mean, std, min, max, median, p0_5, p99_5,
  centroid_i, centroid_j, centroid_k, centroid_x, centroid_y, centroid_z,
  bbox_i0, bbox_i1, bbox_j0, bbox_j1, bbox_k0, bbox_k1,
  affine_source, dim_i, dim_j, dim_k, pixdim_i, pixdim_j, pixdim_k,
  label_affine_maxdiff

label_affine_maxdiff is max |A_image - A_labels| over the 12 affine terms
(a quick check that the pair is on the same grid).  Floats are written
with %.12g.

Inputs:
  reference_stats.py DIR                 DIR is a CT-ORG folder (volume-N /
                                         labels-N), an AMOS folder (with
                                         dataset.json), or a make_datasets.py
                                         root holding ctorg/ and/or amos22/
  reference_stats.py IMAGE LABELS        one pair (use --table to name ids)

Timing:
  reference_stats.py --time IMAGE [LABELS] [--repeat 3]
      wall times of: header parse (nib.load), raw load
      (np.asarray(img.dataobj): gzip inflate + parse), get_fdata, label
      load, statistics (on the already-loaded arrays); min and median.
  reference_stats.py --phase raw|fdata|stats IMAGE [LABELS]
      runs one phase once (for /usr/bin/time -v peak-RSS measurements).

Label values are read with np.asanyarray(dataobj) (scaling applied if
any), must be integral and non-negative; float label files are accepted
when every value is integral.  Image and labels must be 3-D with equal
shapes.  Test-split cases without labels are skipped.
"""

import argparse
import csv
import glob
import json
import os
import re
import statistics
import sys
import time

import numpy as np
import nibabel as nib

CTORG_LABELS = {0: "background", 1: "liver", 2: "bladder", 3: "lungs",
                4: "kidneys", 5: "bone", 6: "brain"}
AMOS_LABELS = {0: "background", 1: "spleen", 2: "right kidney",
               3: "left kidney", 4: "gall bladder", 5: "esophagus",
               6: "liver", 7: "stomach", 8: "arota", 9: "postcava",
               10: "pancreas", 11: "right adrenal gland",
               12: "left adrenal gland", 13: "duodenum", 14: "bladder",
               15: "prostate/uterus"}

COLUMNS = ["dataset", "split", "case", "image", "labels", "label_id", "label_name",
           "voxel_count", "volume_ml", "mean", "std", "min", "max", "median", "p0_5", "p99_5",
           "centroid_i", "centroid_j", "centroid_k", "centroid_x", "centroid_y", "centroid_z",
           "bbox_i0", "bbox_i1", "bbox_j0", "bbox_j1", "bbox_k0", "bbox_k1",
           "affine_source", "dim_i", "dim_j", "dim_k", "pixdim_i", "pixdim_j", "pixdim_k",
           "label_affine_maxdiff"]

PERCENTILES = (0.5, 50.0, 99.5)


# --------------------------------------------------------------------------
# Header helpers
# --------------------------------------------------------------------------

def nifti_affine(hdr):
    """(4x4 affine, source) following the NIfTI-1 rules (sform > qform >
    method 1).  Uses the header codes, not nibabel's img.affine fallback."""
    if int(hdr["sform_code"]) > 0:
        return hdr.get_sform(), "sform"
    if int(hdr["qform_code"]) > 0:
        return hdr.get_qform(), "qform"
    A = np.eye(4)
    A[0, 0], A[1, 1], A[2, 2] = (float(v) for v in hdr["pixdim"][1:4])
    return A, "pixdim"


def load_labels(path):
    """Label array as the smallest unsigned int type that holds it."""
    img = nib.load(path)
    lab = np.asanyarray(img.dataobj)
    if lab.dtype.kind == "f":
        if not np.all(np.isfinite(lab)):
            raise ValueError("%s: non-finite label values" % path)
        r = np.rint(lab)
        bad = int(np.count_nonzero(r != lab))
        if bad:
            raise ValueError("%s: %d non-integral label values" % (path, bad))
        lab = r
    lo, hi = lab.min(), lab.max()
    if lo < 0:
        raise ValueError("%s: negative label value %s" % (path, lo))
    dt = np.uint8 if hi < 256 else (np.uint16 if hi < 65536 else np.uint32)
    # keep the on-disk (Fortran) memory order: ravel(order="F") stays a view
    return img, np.asarray(lab, dtype=dt, order="F")


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------

def label_histograms(lab, nlab):
    """Per-label voxel counts along each axis, via np.bincount on
    (label * n + index) keys, one k-slab at a time to bound memory.
    Returns Hi (nlab, ni), Hj (nlab, nj), Hk (nlab, nk) as int64."""
    ni, nj, nk = lab.shape
    Hi = np.zeros((nlab, ni), np.int64)
    Hj = np.zeros((nlab, nj), np.int64)
    Hk = np.zeros((nlab, nk), np.int64)
    ii = np.arange(ni, dtype=np.intp)[:, None, None]
    jj = np.arange(nj, dtype=np.intp)[None, :, None]
    kc = max(1, 4_000_000 // max(1, ni * nj))
    for k0 in range(0, nk, kc):
        k1 = min(nk, k0 + kc)
        L = lab[:, :, k0:k1].astype(np.intp)
        kk = np.arange(k1 - k0, dtype=np.intp)[None, None, :]
        Hi += np.bincount((L * ni + ii).ravel(), minlength=nlab * ni).reshape(nlab, ni)
        Hj += np.bincount((L * nj + jj).ravel(), minlength=nlab * nj).reshape(nlab, nj)
        Hk[:, k0:k1] = np.bincount((L * (k1 - k0) + kk).ravel(), minlength=nlab * (k1 - k0)).reshape(nlab, k1 - k0)
    return Hi, Hj, Hk


# With few distinct ids (CT-ORG: 7, AMOS: 16) one boolean mask per id is
# fastest; with many (atlases) a single stable argsort groups the values.
MASK_MAX_IDS = 32


def label_counts(lab, nlab):
    """Voxel count per label id (bincount one k-slab at a time)."""
    counts = np.zeros(nlab, np.int64)
    ni, nj, nk = lab.shape
    kc = max(1, 4_000_000 // max(1, ni * nj))
    for k0 in range(0, nk, kc):
        counts += np.bincount(lab[:, :, k0:k0 + kc].ravel(order="F"), minlength=nlab)
    return counts


def groups_by_mask(data, lab, ids):
    """(id, values, (Hi, Hj, Hk)) per id using one boolean mask per id."""
    flat = data.ravel(order="F")
    flat_lab = lab.ravel(order="F")
    for L in ids:
        m = flat_lab == L
        vals = flat[m]                                # a copy: may be reordered
        m = m.reshape(lab.shape, order="F")
        proj = (np.count_nonzero(m, axis=(1, 2)), np.count_nonzero(m, axis=(0, 2)),
                np.count_nonzero(m, axis=(0, 1)))
        yield int(L), vals, proj


def groups_by_sort(data, lab, ids, counts):
    """Same as groups_by_mask, via one stable argsort of the labels (each id
    becomes one contiguous run) and bincount axis histograms."""
    Hi, Hj, Hk = label_histograms(lab, counts.size)
    order = np.argsort(lab.ravel(order="F"), kind="stable")
    vals = data.ravel(order="F")[order]
    del order
    starts = np.concatenate(([0], np.cumsum(counts)))
    for L in ids:
        yield int(L), vals[starts[L]:starts[L + 1]], (Hi[L], Hj[L], Hk[L])   # own copy


def compute_stats(data, lab, affine, pixdim, method="auto"):
    """Statistics for every label id present.  data: float array (scaled
    intensities), lab: unsigned int array of the same shape, both best in
    Fortran (on-disk) order.  method: auto | mask | sort (same results).
    Returns {label_id: dict}."""
    if data.shape != lab.shape:
        raise ValueError("image shape %s != label shape %s" % (data.shape, lab.shape))
    counts = label_counts(lab, int(lab.max()) + 1)
    ids = np.nonzero(counts)[0]
    if method == "auto":
        method = "mask" if len(ids) <= MASK_MAX_IDS else "sort"
    groups = groups_by_mask(data, lab, ids) if method == "mask" else groups_by_sort(data, lab, ids, counts)
    vox_ml = abs(float(pixdim[0]) * float(pixdim[1]) * float(pixdim[2])) / 1000.0
    out = {}
    for L, seg, proj in groups:
        seg = seg.astype(np.float64, copy=False)
        n = int(counts[L])
        # seg is our own copy, so percentile may partition it in place
        p = np.percentile(seg, PERCENTILES, method="linear", overwrite_input=True)
        mean = float(np.mean(seg))
        std = float(np.sqrt(np.mean((seg - mean) ** 2)))      # two-pass, ddof 0
        c, bb = [], []
        for h in proj:
            c.append(float(np.dot(h, np.arange(h.size, dtype=np.float64))) / n)
            nz = np.nonzero(h)[0]
            bb += [int(nz[0]), int(nz[-1])]
        world = affine @ np.array([c[0], c[1], c[2], 1.0])
        out[L] = dict(voxel_count=n, volume_ml=n * vox_ml, mean=mean, std=std,
                      min=float(seg.min()), max=float(seg.max()),
                      median=float(p[1]), p0_5=float(p[0]), p99_5=float(p[2]),
                      centroid_i=c[0], centroid_j=c[1], centroid_k=c[2],
                      centroid_x=float(world[0]), centroid_y=float(world[1]), centroid_z=float(world[2]),
                      bbox_i0=bb[0], bbox_i1=bb[1], bbox_j0=bb[2], bbox_j1=bb[3],
                      bbox_k0=bb[4], bbox_k1=bb[5])
    return out


def case_rows(dataset, split, case, image_path, label_path, table, include_absent, rel_to=None):
    img = nib.load(image_path)
    if len(img.shape) != 3:
        raise ValueError("%s: expected a 3-D image, got %s" % (image_path, img.shape))
    data = img.get_fdata()
    limg, lab = load_labels(label_path)
    A, src = nifti_affine(img.header)
    A_lab, _ = nifti_affine(limg.header)
    pixdim = [float(v) for v in img.header["pixdim"][1:4]]
    stats = compute_stats(data, lab, A, pixdim)
    rel = (lambda p: os.path.relpath(p, rel_to)) if rel_to else (lambda p: p)
    base = dict(dataset=dataset, split=split, case=case, image=rel(image_path), labels=rel(label_path),
                affine_source=src, dim_i=data.shape[0], dim_j=data.shape[1], dim_k=data.shape[2],
                pixdim_i=pixdim[0], pixdim_j=pixdim[1], pixdim_k=pixdim[2],
                label_affine_maxdiff=float(np.abs(A[:3] - A_lab[:3]).max()))
    ids = sorted(set(stats) | (set(table) if include_absent else set()))
    rows = []
    for L in ids:
        r = dict(base, label_id=L, label_name=table.get(L, "unknown" if table else ""))
        if L in stats:
            r.update(stats[L])
        else:
            r["voxel_count"] = 0
            r["volume_ml"] = 0.0
        rows.append(r)
    return rows


# --------------------------------------------------------------------------
# Dataset discovery
# --------------------------------------------------------------------------

def nii_files(d, stem):
    for ext in (".nii.gz", ".nii"):
        p = os.path.join(d, stem + ext)
        if os.path.exists(p):
            return p
    return None


def ctorg_cases(d):
    """(case, image, labels) for volume-N / labels-N pairs, N ascending."""
    out = []
    for p in glob.glob(os.path.join(d, "volume-*.nii*")):
        m = re.match(r"volume-(\d+)\.nii(\.gz)?$", os.path.basename(p))
        if not m:
            continue
        lab = nii_files(d, "labels-" + m.group(1))
        if lab:
            out.append((int(m.group(1)), p, lab))
    return sorted(out)


def amos_cases(d):
    """(split, case, image, labels) from dataset.json training/validation."""
    with open(os.path.join(d, "dataset.json")) as f:
        js = json.load(f)
    table = {int(k): v for k, v in js.get("labels", {}).items()} or AMOS_LABELS
    out = []
    for key, split in (("training", "Tr"), ("validation", "Va")):
        for e in js.get(key, []):
            if not isinstance(e, dict) or "label" not in e:
                continue
            img = os.path.normpath(os.path.join(d, e["image"]))
            lab = os.path.normpath(os.path.join(d, e["label"]))
            case = re.sub(r"\.nii(\.gz)?$", "", os.path.basename(img))
            out.append((split, case, img, lab))
    return out, table


def discover(d):
    """List of (dataset, split, case, image, labels, table)."""
    jobs = []
    if os.path.exists(os.path.join(d, "dataset.json")):
        cases, table = amos_cases(d)
        jobs += [("amos22", s, c, i, l, table) for s, c, i, l in cases]
    elif glob.glob(os.path.join(d, "volume-*.nii*")):
        jobs += [("ctorg", "", c, i, l, CTORG_LABELS) for c, i, l in ctorg_cases(d)]
    else:
        for sub in ("ctorg", "amos22"):
            if os.path.isdir(os.path.join(d, sub)):
                jobs += discover(os.path.join(d, sub))
    return jobs


def fmt(v):
    if isinstance(v, float):
        return "%.12g" % v
    return v


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

def run_timing(image, labels, repeat):
    """Print a TSV of step, min_s, median_s, MB/s (uncompressed bytes/s)."""
    results = {}
    clock = time.perf_counter

    def rec(name, t0):
        results.setdefault(name, []).append(clock() - t0)

    nbytes = None
    for _ in range(repeat):
        t0 = clock()
        img = nib.load(image)
        rec("header_parse(nib.load)", t0)
        nbytes = int(np.prod(img.shape)) * img.get_data_dtype().itemsize
        t0 = clock()
        raw = np.asarray(img.dataobj)
        rec("raw_load(np.asarray(dataobj))", t0)
        del raw
        img = nib.load(image)                 # fresh proxy: no cached data
        t0 = clock()
        data = img.get_fdata()
        rec("get_fdata(float64)", t0)
        if labels:
            t0 = clock()
            _, lab = load_labels(labels)
            rec("labels_load", t0)
            A, _ = nifti_affine(img.header)
            pix = [float(v) for v in img.header["pixdim"][1:4]]
            t0 = clock()
            compute_stats(data, lab, A, pix)
            rec("stats(compute_stats)", t0)
            del lab
        del data
    print("step\tmin_s\tmedian_s\tuncompressed_MB_per_s(median)\trepeats")
    for name, ts in results.items():
        med = statistics.median(ts)
        mbps = "%.1f" % (nbytes / 1e6 / med) if name.startswith(("raw_load", "get_fdata")) else ""
        print("%s\t%.3f\t%.3f\t%s\t%d" % (name, min(ts), med, mbps, len(ts)))
    print("# image %s: %s, %.1f MB uncompressed" % (image, "x".join(map(str, img.shape)), nbytes / 1e6))


def run_phase(phase, image, labels):
    """One phase, once, reporting its own wall time (for /usr/bin/time)."""
    t0 = time.perf_counter()
    img = nib.load(image)
    if phase == "raw":
        a = np.asarray(img.dataobj)
        print("raw\t%.3f s\t%s %s sum=%.6g" % (time.perf_counter() - t0, a.shape, a.dtype, float(a.sum(dtype=np.float64))))
    elif phase == "fdata":
        a = img.get_fdata()
        print("fdata\t%.3f s\t%s sum=%.6g" % (time.perf_counter() - t0, a.shape, float(a.sum())))
    elif phase == "stats":
        data = img.get_fdata()
        limg, lab = load_labels(labels)
        t1 = time.perf_counter()
        A, _ = nifti_affine(img.header)
        st = compute_stats(data, lab, A, [float(v) for v in img.header["pixdim"][1:4]])
        t2 = time.perf_counter()
        print("stats\tload %.3f s\tstats %.3f s\t%d labels" % (t1 - t0, t2 - t1, len(st)))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Reference per-organ statistics (see module docstring).",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("inputs", nargs="+", help="DIR, or IMAGE LABELS")
    ap.add_argument("-o", "--csv", help="output CSV (default: stdout)")
    ap.add_argument("--table", choices=("ctorg", "amos", "none"), default=None,
                    help="label names for IMAGE LABELS mode (default: guess from file names)")
    ap.add_argument("--include-absent", action="store_true",
                    help="also write count-0 rows for label-table ids missing from a case")
    ap.add_argument("--time", action="store_true", help="timing mode: IMAGE [LABELS]")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--phase", choices=("raw", "fdata", "stats"), help="run one phase once (for /usr/bin/time)")
    args = ap.parse_args(argv)

    if args.time:
        run_timing(args.inputs[0], args.inputs[1] if len(args.inputs) > 1 else None, args.repeat)
        return
    if args.phase:
        run_phase(args.phase, args.inputs[0], args.inputs[1] if len(args.inputs) > 1 else None)
        return

    if len(args.inputs) == 1 and os.path.isdir(args.inputs[0]):
        root = args.inputs[0]
        jobs = discover(root)
        if not jobs:
            sys.exit("no CT-ORG or AMOS cases found under %s" % root)
    elif len(args.inputs) == 2:
        root = None
        img, lab = args.inputs
        tname = args.table or ("amos" if "amos" in os.path.basename(img) else "ctorg")
        table = {"ctorg": CTORG_LABELS, "amos": AMOS_LABELS, "none": {}}[tname]
        case = re.sub(r"\.nii(\.gz)?$", "", os.path.basename(img))
        jobs = [("pair", "", case, img, lab, table)]
    else:
        ap.error("give one directory or an IMAGE LABELS pair")

    out = open(args.csv, "w", newline="") if args.csv else sys.stdout
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for dataset, split, case, img, lab, table in jobs:
        t0 = time.perf_counter()
        for r in case_rows(dataset, split, case, img, lab, table, args.include_absent, rel_to=root):
            w.writerow([fmt(r.get(c, "")) for c in COLUMNS])
        out.flush()
        print("%s %s %s: %.2fs" % (dataset, split, case, time.perf_counter() - t0), file=sys.stderr)
    if args.csv:
        out.close()


if __name__ == "__main__":
    main()
