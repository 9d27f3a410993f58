#!/usr/bin/env python3
"""Checks an nnU-Net export of the synthetic-tiny fixture (merged, Common labels) against its sources with
nibabel, an independent reader: every exported image's voxels (get_fdata), affine, sform and qform equal
the source image's, every exported label map is uint8 and equals the source labels remapped to Common.
Not a test (the project's tests need no Python); run by hand:

  java -jar target/organ-datasets-standalone.jar --run org.organdatasets.command.ExportNnunetCommand \
    'root="src/test/resources/fixtures/synthetic-tiny/ctorg;src/test/resources/fixtures/synthetic-tiny/amos22",output="/tmp/nn-check",id=501,name="Organs",remap="Common",method="random",ratios="0.7,0.1,0.2",folds=5,seed=1,threads=2,overwrite=false,shard=""'
  /usr/bin/python3 bench/check-export-with-nibabel.py src/test/resources/fixtures/synthetic-tiny /tmp/nn-check
"""
import json, os, sys, glob
import numpy as np, nibabel as nib
fx, out = sys.argv[1], sys.argv[2]
ds = glob.glob(os.path.join(out, 'Dataset*'))[0]
amap = {6: 1, 14: 2, 2: 3, 3: 3}
cmap = {1: 1, 2: 2, 4: 3}
n_img = n_lab = 0
bad = []
for f in sorted(glob.glob(os.path.join(ds, 'images*', '*_0000.nii.gz'))):
    cid = os.path.basename(f)[:-len('_0000.nii.gz')]
    kind, num = cid.split('_')
    if kind == 'ctorg':
        src = os.path.join(fx, 'ctorg', 'volume-%d.nii' % int(num))
        src = src + '.gz' if os.path.exists(src + '.gz') else src
        lsrc = os.path.join(fx, 'ctorg', 'labels-%d.nii' % int(num))
        lsrc = lsrc + '.gz' if os.path.exists(lsrc + '.gz') else lsrc
        m = cmap
    else:
        cands = glob.glob(os.path.join(fx, 'amos22', 'images*', cid + '.nii.gz'))
        src = cands[0]
        lc = glob.glob(os.path.join(fx, 'amos22', 'labels*', cid + '.nii.gz'))
        lsrc = lc[0] if lc else None
        m = amap
    a, b = nib.load(src), nib.load(f)
    if not np.array_equal(a.get_fdata(), b.get_fdata()): bad.append(cid + ' voxels')
    if not np.allclose(a.affine, b.affine, atol=1e-6): bad.append(cid + ' affine')
    if not (np.allclose(a.header.get_sform(), b.header.get_sform(), atol=1e-6) and np.allclose(a.header.get_qform(), b.header.get_qform(), atol=1e-6)): bad.append(cid + ' sform/qform')
    n_img += 1
    lab = os.path.join(ds, 'labelsTr' if 'imagesTr' in f else 'labelsTs', cid + '.nii.gz')
    if lsrc and os.path.exists(lab):
        la = np.asarray(nib.load(lsrc).dataobj).astype(np.int64)
        want = np.zeros_like(la)
        for k, v in m.items(): want[la == k] = v
        lb = nib.load(lab)
        if lb.get_data_dtype() != np.uint8: bad.append(cid + ' label dtype ' + str(lb.get_data_dtype()))
        if not np.array_equal(np.asarray(lb.dataobj), want): bad.append(cid + ' labels')
        if not np.allclose(nib.load(lsrc).affine, lb.affine, atol=1e-6): bad.append(cid + ' label affine')
        n_lab += 1
print('nibabel check of %s: %d images, %d label maps; %s' % (ds, n_img, n_lab, 'all equal' if not bad else 'DIFFERENCES: ' + ', '.join(bad)))
