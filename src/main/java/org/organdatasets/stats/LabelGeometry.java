package org.organdatasets.stats;

import java.util.Arrays;

/**
 * Per label the voxel count, the centroid (mean voxel index) and the bounding box of an image fed one
 * plane of label runs at a time (any z order), in exact integer arithmetic: a run adds its length and
 * index sums once, a plane its count times z. Values play no part, so a NaN voxel counts here.
 */
final class LabelGeometry implements LabelRuns.Visitor {

	private static final int LABELS = OrganAccumulator.LABELS;

	private final long[] count = new long[LABELS];
	private final long[] sumI = new long[LABELS];
	private final long[] sumJ = new long[LABELS];
	private final long[] sumK = new long[LABELS];
	/** Per label x0, x1, y0, y1, z0, z1 (inclusive; MAX_VALUE and -1 while absent). */
	private final int[] box = new int[LABELS * 6];
	private final long[] planeCount = new long[LABELS];
	private final int[] planeX0 = new int[LABELS];
	private final int[] planeX1 = new int[LABELS];
	private final int[] planeY0 = new int[LABELS];
	private final int[] planeY1 = new int[LABELS];

	LabelGeometry() {
		for (int l = 0; l < LABELS; l++) {
			Arrays.fill(box, 6 * l, 6 * l + 6, -1);
			box[6 * l] = Integer.MAX_VALUE;
			box[6 * l + 2] = Integer.MAX_VALUE;
			box[6 * l + 4] = Integer.MAX_VALUE;
		}
	}

	/** Adds the runs of plane z. */
	void addPlane(final LabelRuns runs, final int z) {
		Arrays.fill(planeCount, 0);
		Arrays.fill(planeX0, Integer.MAX_VALUE);
		Arrays.fill(planeX1, -1);
		Arrays.fill(planeY0, Integer.MAX_VALUE);
		Arrays.fill(planeY1, -1);
		runs.forEach(this);
		for (int l = 0; l < LABELS; l++) {
			final long n = planeCount[l];
			if (n == 0) {
				continue;
			}
			count[l] += n;
			sumK[l] += n * z;
			final int b = 6 * l;
			box[b] = Math.min(box[b], planeX0[l]);
			box[b + 1] = Math.max(box[b + 1], planeX1[l]);
			box[b + 2] = Math.min(box[b + 2], planeY0[l]);
			box[b + 3] = Math.max(box[b + 3], planeY1[l]);
			box[b + 4] = Math.min(box[b + 4], z);
			box[b + 5] = Math.max(box[b + 5], z);
		}
	}

	/** One run: its count, index sums and box; rows come in order, so y is the plane's last row so far. */
	@Override
	public void run(final int l, final int y, final int start, final int end) {
		final long len = end - start;
		planeCount[l] += len;
		// start + (start + 1) + ... + (end - 1): len * (start + end - 1) is always even
		sumI[l] += len * (start + end - 1) / 2;
		sumJ[l] += len * y;
		if (start < planeX0[l]) {
			planeX0[l] = start;
		}
		if (end - 1 > planeX1[l]) {
			planeX1[l] = end - 1;
		}
		if (y < planeY0[l]) {
			planeY0[l] = y;
		}
		planeY1[l] = y;
	}

	/** Voxels of label l. */
	long count(final int l) {
		return count[l];
	}

	/** Mean 0-based voxel index (i, j, k) of label l; NaN for an absent label. */
	double[] centroid(final int l) {
		final long n = count[l];
		if (n == 0) {
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		}
		return new double[] { (double) sumI[l] / n, (double) sumJ[l] / n, (double) sumK[l] / n };
	}

	/** Inclusive box x0, x1, y0, y1, z0, z1 of label l; all -1 for an absent label. */
	int[] box(final int l) {
		if (count[l] == 0) {
			return new int[] { -1, -1, -1, -1, -1, -1 };
		}
		return Arrays.copyOfRange(box, 6 * l, 6 * l + 6);
	}

	/** Bytes of the arrays (fixed). */
	static long bytes() {
		return LABELS * (8L * 5 + 4L * 10);
	}
}
