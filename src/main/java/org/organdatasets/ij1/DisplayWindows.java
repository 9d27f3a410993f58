package org.organdatasets.ij1;

import ij.ImagePlus;
import ij.ImageStack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * CT display windows (width/level in HU) and an automatic window for any modality.
 */
public final class DisplayWindows {

	/** Window names accepted by {@link #apply}. */
	public static final String[] NAMES = { "abdomen", "lung", "bone", "auto" };
	/** Voxels sampled for the automatic window. */
	private static final int SAMPLE = 200_000;

	private DisplayWindows() {
	}

	/** {min, max} of a named window: abdomen W400/L40, lung W1500/L-600, bone W1800/L400 (HU). */
	public static double[] range(final String name) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "abdomen":
				return window(400, 40);
			case "lung":
				return window(1500, -600);
			case "bone":
				return window(1800, 400);
			default:
				throw new IllegalArgumentException("window '" + name + "' is not one of abdomen, lung, bone, auto");
		}
	}

	private static double[] window(final double width, final double level) {
		return new double[] { level - width / 2, level + width / 2 };
	}

	/**
	 * Sets the display range: a named CT window, or {@code auto} = the 0.5th to 99.5th percentile of a
	 * fixed sample of the stack's voxels (any modality, robust to a few extreme voxels).
	 */
	public static void apply(final ImagePlus imp, final String name) {
		final double[] r = name.equalsIgnoreCase("auto") ? percentiles(imp) : range(name);
		imp.setDisplayRange(r[0], r[1]);
	}

	private static double[] percentiles(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final long total = (long) stack.getWidth() * stack.getHeight() * stack.getSize();
		final int n = (int) Math.min(SAMPLE, total);
		final double[] v = new double[n];
		final Random r = new Random(0);
		final int plane = stack.getWidth() * stack.getHeight();
		for (int i = 0; i < n; i++) {
			final long at = n == total ? i : (long) (r.nextDouble() * total);
			v[i] = stack.getProcessor((int) (at / plane) + 1).getf((int) (at % plane));
		}
		Arrays.sort(v);
		return new double[] { v[(int) (0.005 * (n - 1))], v[(int) Math.ceil(0.995 * (n - 1))] };
	}
}
