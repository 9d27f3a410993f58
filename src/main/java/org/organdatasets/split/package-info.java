/**
 * Reproducible splits of one dataset or several merged: the official split, random train/val/test
 * ratios and k folds, each optionally stratified by modality or by the pattern of organs present, and
 * the files training tools read ({@code splits.csv}, nnU-Net's {@code splits_final.json}, a MONAI
 * datalist). Every split is a pure function of the sorted cases, the method and the seed
 * ({@link org.organdatasets.split.SeededShuffle}), so it is the same on every JVM and every machine.
 */
package org.organdatasets.split;
