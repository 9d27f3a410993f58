package org.organdatasets.nifti;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * Lazy reorientation: a view that permutes and flips the first three axes so that i, j, k run along
 * R, A, S (or any target orientation), with the affine changed to match, so every voxel keeps its
 * world position. No voxel is copied.
 */
public final class Reorient {

	private Reorient() {
	}

	/** The image as a RAS+ view; the image itself when it is RAS+ already. */
	public static NiftiImage toRas(final NiftiImage image) {
		return to(image, Orientation.fromCodes("RAS"));
	}

	/** The image viewed in the target orientation; the image itself when it already is. */
	public static NiftiImage to(final NiftiImage image, final Orientation target) {
		final Orientation from = image.orientation();
		if (from.equals(target) || image.data().numDimensions() < 3) {
			return image;
		}
		final long[] dims = image.dims();
		// For each target axis t, the source axis s with the same world axis, and whether it flips.
		final int[] sourceOf = new int[3];
		final boolean[] flip = new boolean[3];
		for (int t = 0; t < 3; t++) {
			for (int s = 0; s < 3; s++) {
				if (from.worldAxis(s) == target.worldAxis(t)) {
					sourceOf[t] = s;
					flip[t] = from.isFlipped(s) != target.isFlipped(t);
				}
			}
		}
		// Index map new -> old: old[sourceOf[t]] = flip ? n - 1 - new[t] : new[t], as a 4×4 matrix.
		final double[] m = new double[16];
		m[15] = 1;
		for (int t = 0; t < 3; t++) {
			final int s = sourceOf[t];
			if (flip[t]) {
				m[4 * s + t] = -1;
				m[4 * s + 3] = dims[s] - 1;
			} else {
				m[4 * s + t] = 1;
			}
		}
		final Affine affine = image.affine().times(Affine.of(m));
		return image.withData(view(image.data(), sourceOf, flip), affine);
	}

	private static <T> RandomAccessibleInterval<T> view(final RandomAccessibleInterval<T> source, final int[] sourceOf,
			final boolean[] flip) {
		RandomAccessibleInterval<T> v = source;
		// Flip first, in source axes, then permute: current[d] tracks which source axis sits at position d.
		for (int t = 0; t < 3; t++) {
			if (flip[t]) {
				v = Views.zeroMin(Views.invertAxis(v, sourceOf[t]));
			}
		}
		final int[] current = { 0, 1, 2 };
		for (int t = 0; t < 3; t++) {
			int at = t;
			while (current[at] != sourceOf[t]) {
				at++;
			}
			if (at != t) {
				v = Views.permute(v, t, at);
				final int tmp = current[t];
				current[t] = current[at];
				current[at] = tmp;
			}
		}
		return v;
	}
}
