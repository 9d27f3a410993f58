package org.organdatasets.stats;

import java.lang.reflect.Array;
import java.util.Arrays;

import org.organdatasets.nifti.NiftiDatatype;

/**
 * Per-label statistics of an image, fed one z plane at a time (any z order), with memory that does not
 * grow with the number of voxels.
 *
 * <p><b>Moments.</b> Per plane, the mean of each label's scaled values (raw · slope + intercept, in
 * double) is taken first, then the sum of squared deviations from it with the usual correction term
 * (a two-pass plane); planes are merged by Chan et al.'s pairwise update, so the population standard
 * deviation agrees with numpy's two-pass one to ~1e-12 relative even for CT data around −1000 HU.
 * Counts, index sums (for the centroid) and the box are exact integers.
 *
 * <p><b>Integer mode</b> (one pass). While every raw value seen is an integer in
 * {@value #INT_LOW}..{@value #INT_HIGH} (always for uint8, int8, int16 and uint16; for CT stored as
 * float32 or int32 HU in practice), the accumulator keeps per label a histogram of the raw values
 * (131,072 long counts, allocated when the label first appears) and nothing else per voxel: count, mean
 * (from the exact integer sum), population standard deviation (Σ count · (value − mean)² over the
 * bins), min, max and the exact type-7 percentiles all follow from it, in one pass. Labels are walked
 * in runs, so a run of one label adds its index sums and box once; per voxel there is one histogram
 * count. float32 planes are counted as they are and checked in the same loop (a plane that fails the
 * check has its counts taken back exactly); int16 and uint16 need no check; other types are converted to
 * integers with a check first.
 *
 * <p><b>General mode</b> (two passes), entered for good at the first plane with a non-integer, NaN or
 * out-of-range value; the histograms collected so far turn exactly into the general mode's state. Per
 * plane, the mean of each label's scaled values (raw · slope + intercept, in double) is taken first,
 * then the sum of squared deviations from it with the usual correction term (a two-pass plane); planes
 * are merged by Chan et al.'s pairwise update, so the population standard deviation agrees with numpy's
 * two-pass one to ~1e-12 relative. Exact percentiles (median, 0.5th, 99.5th, numpy's type 7, see
 * {@link Percentiles}) come from order statistics of the raw values: scaled values are monotone in raw
 * ones, so rank r of the scaled values is rank r of the raw values (n − 1 − r for a negative slope).
 * Pass 1 keeps per label a histogram of the top 16 bits of order-preserving unsigned keys of the raw
 * values (integers offset to unsigned; IEEE bits with the sign bit flipped for positives and all bits
 * flipped for negatives), 65,536 counts. Its cumulative counts name the at most 6 buckets that hold the
 * needed ranks; pass 2 ({@link #addPlaneSecondPass}) then keeps, for 32-bit keys, a 65,536-count
 * histogram of the low 16 bits in each needed bucket (exact, fixed memory), and for float64 the values
 * that fall in the needed buckets, sorted at the end.
 *
 * <p>Memory: per present label 1 MB of histograms (integer mode) or 0.5 MB (general mode), plus
 * in pass 2 up to 6 × 0.5 MB per label for 32-bit keys or 8 bytes per float64 value inside the needed
 * buckets, plus one width × height scratch plane and the label planes the surface estimate keeps
 * ({@link SurfaceAccumulator}: one plane when planes come in order) and O(depth) bytes of bookkeeping.
 * Counts, index sums (for the centroid) and the box are exact integers in both modes.
 *
 * <p>NaN values (float data) count as voxels of their label (count, volume, centroid, box, surface) but
 * are left out of the intensity statistics ({@link OrganMeasures#valueCount()}); numpy would return
 * NaN for them instead.
 *
 * <p>Use: {@link #addPlane} for every z; then, while {@link #needsSecondPass()}, {@link #addPlaneSecondPass}
 * for every z; then {@link #measures(int)}. {@link #needsSecondPass()} is false in integer mode. Not thread-safe: feed it from one thread at a time.
 */
public final class OrganAccumulator {

	/** Number of label ids handled: uint8 labels 0..255. */
	public static final int LABELS = 256;
	/** Bits of the coarse (pass 1) and fine (pass 2) key histograms. */
	static final int BUCKET_BITS = 16;
	private static final int BUCKETS = 1 << BUCKET_BITS;
	private static final double[] PERCENTS = { Percentiles.MEDIAN, Percentiles.P0_5, Percentiles.P99_5 };

	/** Lowest raw value of integer mode. */
	public static final int INT_LOW = Short.MIN_VALUE;
	private static final int INT_BINS = 1 << 17;
	private static final int INT_MASK = INT_BINS - 1;
	/** Highest raw value of integer mode (int16 and uint16 fit, and more). */
	public static final int INT_HIGH = INT_LOW + INT_BINS - 1;

	/** Keys of the general mode; SMALL for types whose values always fit integer mode. */
	private enum Keys {
		SMALL, KEY32, KEY64
	}

	private final int width;
	private final int height;
	private final int depth;
	private final NiftiDatatype datatype;
	private final double slope;
	private final double intercept;
	private final Keys keys;

	private final long[] count = new long[LABELS];
	private final long[] valueCount = new long[LABELS];
	private final double[] mean = new double[LABELS];
	private final double[] m2 = new double[LABELS];
	private final double[] min = new double[LABELS];
	private final double[] max = new double[LABELS];
	private final long[] sumI = new long[LABELS];
	private final long[] sumJ = new long[LABELS];
	private final long[] sumK = new long[LABELS];
	private final int[] bbox = new int[LABELS * 6];
	/** General mode, pass 1: histograms of the top key bits, per label. */
	private final long[][] hist = new long[LABELS][];

	/** Integer mode: histograms of raw values INT_LOW..INT_HIGH per label, or null in general mode. */
	private long[][] ihist = new long[LABELS][];
	/** Integer mode: the current plane's raw values. */
	private int[] ints;
	/** Integer mode: lowest non-empty bin per label (after {@link #fillIntegerMoments()}). */
	private final int[] intLo = new int[LABELS];
	/** Whether the integer mode's moments have been filled into the general arrays. */
	private boolean intMomentsDone;
	private ForegroundIntensities foreground;

	/** General mode: the current plane's raw values (allocated on entering it). */
	private double[] raw;
	private final long[] planeCount = new long[LABELS];
	private final long[] planeValues = new long[LABELS];
	private final double[] planeSum = new double[LABELS];
	private final double[] planeM2 = new double[LABELS];
	private final double[] planeC = new double[LABELS];
	private final int[] planeX0 = new int[LABELS];
	private final int[] planeX1 = new int[LABELS];
	private final int[] planeY0 = new int[LABELS];
	private final int[] planeY1 = new int[LABELS];

	private final SurfaceAccumulator surface;
	private final boolean[] seen1;
	private int planes1;
	private final boolean[] seen2;
	private int planes2;

	/** Pass 2: per label the needed buckets; fine histograms (32-bit keys) or collected values (float64). */
	private int[][] needBuckets;
	private long[][][] fine;
	private double[][][] collected;
	private int[][] collectedSize;

	/**
	 * An accumulator for an image grid.
	 *
	 * @param width plane width (voxels along i)
	 * @param height plane height (voxels along j)
	 * @param depth number of planes (voxels along k)
	 * @param datatype the raw data's type: the plane arrays must be its primitive arrays (byte[] for
	 *            uint8/int8, short[] for int16/uint16, int[] for int32/uint32, float[], double[])
	 * @param slope scaling slope: 0 or non-finite means no scaling (slope 1, intercept 0), as NIfTI says
	 * @param intercept scaling intercept
	 * @param spacingMm voxel sizes in mm along i, j, k, for the surface area
	 * @throws IllegalArgumentException for an unsupported datatype (RGB, complex...), bad dims or spacing,
	 *             or a non-finite intercept with a used slope
	 */
	public OrganAccumulator(final int width, final int height, final int depth, final NiftiDatatype datatype,
			final double slope, final double intercept, final double[] spacingMm) {
		final boolean scaled = slope != 0 && Double.isFinite(slope);
		if (scaled && !Double.isFinite(intercept)) {
			throw new IllegalArgumentException("scaling intercept " + intercept + " must be finite with slope "
					+ slope);
		}
		this.slope = scaled ? slope : 1;
		this.intercept = scaled ? intercept : 0;
		this.datatype = datatype;
		switch (datatype) {
			case UINT8:
			case INT8:
			case UINT16:
			case INT16:
				keys = Keys.SMALL;
				break;
			case INT32:
			case UINT32:
			case FLOAT32:
				keys = Keys.KEY32;
				break;
			case FLOAT64:
				keys = Keys.KEY64;
				break;
			default:
				throw new IllegalArgumentException("datatype " + datatype
						+ " has no scalar intensities; expected uint8, int8, int16, uint16, int32, uint32, float32 or float64");
		}
		this.surface = new SurfaceAccumulator(width, height, depth, spacingMm);
		this.width = width;
		this.height = height;
		this.depth = depth;
		// float32, int16 and uint16 are counted as they are; other types go through integers
		this.ints = datatype == NiftiDatatype.FLOAT32 || datatype == NiftiDatatype.INT16
				|| datatype == NiftiDatatype.UINT16 ? null : new int[width * height];
		this.seen1 = new boolean[depth];
		this.seen2 = new boolean[depth];
		Arrays.fill(min, Double.POSITIVE_INFINITY);
		Arrays.fill(max, Double.NEGATIVE_INFINITY);
		for (int l = 0; l < LABELS; l++) {
			bbox[6 * l] = Integer.MAX_VALUE;
			bbox[6 * l + 1] = -1;
			bbox[6 * l + 2] = Integer.MAX_VALUE;
			bbox[6 * l + 3] = -1;
			bbox[6 * l + 4] = Integer.MAX_VALUE;
			bbox[6 * l + 5] = -1;
		}
	}

	/** The slope applied (1 when the file's slope means no scaling). */
	public double slope() {
		return slope;
	}

	/** The intercept applied. */
	public double intercept() {
		return intercept;
	}

	/**
	 * Pass 1: adds image plane z and its labels.
	 *
	 * @param imagePlaneArray the plane's primitive array (see the constructor), x fastest
	 * @param labelPlane labels 0..255 (unsigned bytes), same layout
	 * @param z the plane index, each once, in any order
	 * @param width must equal the grid's width
	 * @param height must equal the grid's height
	 * @throws IllegalArgumentException for another grid, array type or length, z out of range or repeated
	 */
	public void addPlane(final Object imagePlaneArray, final byte[] labelPlane, final int z, final int width,
			final int height) {
		check(imagePlaneArray, labelPlane, z, width, height, seen1, "pass 1");
		// the label runs serve the counting (integer mode) and the surface
		final SurfaceAccumulator.Runs runs = surface.runsOf(labelPlane);
		if (ihist != null && !accumulateIntegers(imagePlaneArray, labelPlane, runs, z)) {
			leaveIntegerMode();
		}
		if (ihist == null) {
			decode(imagePlaneArray, z);
			accumulate(runs, z);
			if (foreground != null) {
				foreground.addPlane(imagePlaneArray, labelPlane);
			}
		}
		seen1[z] = true;
		planes1++;
		surface.addPlane(labelPlane, runs, z);
	}

	/**
	 * Collects the foreground intensities (label above 0) of the planes added from now on into {@code f},
	 * whose datatype, slope and intercept must be this accumulator's; call {@link #flushForeground()}
	 * after the last plane.
	 */
	void collectForeground(final ForegroundIntensities f) {
		this.foreground = f;
	}

	/** Hands what integer mode holds of the foreground to the collector (once, after the last plane). */
	void flushForeground() {
		if (foreground != null && ihist != null) {
			addForegroundHistograms();
		}
		foreground = null;
	}

	private void addForegroundHistograms() {
		for (int l = 1; l < LABELS; l++) {
			final long[] h = ihist[l];
			if (h != null) {
				for (int b = 0; b < INT_BINS; b++) {
					foreground.addRaw(b + INT_LOW, h[b]);
				}
			}
		}
	}

	/** Whether the accumulator is (still) in integer mode. */
	public boolean isIntegerMode() {
		return ihist != null;
	}

	/** Integer mode: counts a plane; false (with nothing counted) when it does not fit integer mode. */
	private boolean accumulateIntegers(final Object plane, final byte[] labels, final SurfaceAccumulator.Runs runs,
			final int z) {
		try {
			switch (datatype) {
				case FLOAT32:
					return accumulateFloats((float[]) plane, labels, runs, z);
				case INT16:
					accumulateShorts((short[]) plane, -1, runs, z);
					return true;
				case UINT16:
					accumulateShorts((short[]) plane, 0xffff, runs, z);
					return true;
				default:
					if (!toInts(plane, z)) {
						return false;
					}
					accumulateInts(runs, z);
					return true;
			}
		} catch (final ClassCastException e) {
			throw new IllegalArgumentException("image plane " + z + " is a " + plane.getClass().getSimpleName()
					+ ", expected the array of " + datatype, e);
		}
	}

	/** The histogram of a label in integer mode, allocated on first use. */
	private long[] intHist(final int l) {
		long[] h = ihist[l];
		if (h == null) {
			h = new long[INT_BINS];
			ihist[l] = h;
		}
		return h;
	}

	/** Adds run [start, end) of label l in row y to the plane's counts, index sums and box. */
	private void addRun(final int l, final int start, final int end, final int y) {
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

	/**
	 * float32 in integer mode, counted and checked in one loop; when a value is not an integer in
	 * INT_LOW..INT_HIGH (or NaN) the plane's counts are taken back and false is returned.
	 */
	private boolean accumulateFloats(final float[] a, final byte[] labels, final SurfaceAccumulator.Runs runs,
			final int z) {
		resetPlaneGeometry();
		final long[] sumIBefore = sumI.clone();
		final long[] sumJBefore = sumJ.clone();
		int bad = 0;
		for (int y = 0; y < height; y++) {
			bad |= floatRow(a, runs, y);
		}
		if (bad != 0) {
			for (int i = 0; i < a.length; i++) {
				ihist[labels[i] & 0xff][((int) a[i] - INT_LOW) & INT_MASK]--;
			}
			System.arraycopy(sumIBefore, 0, sumI, 0, LABELS);
			System.arraycopy(sumJBefore, 0, sumJ, 0, LABELS);
			return false;
		}
		mergePlaneGeometry(z);
		return true;
	}

	/**
	 * Counts row y of a float32 plane along its runs; non-zero when a value is not an integer in range. A
	 * method per row (as {@link #shortRow}): many short calls, which the JIT compiles early by their count
	 * (the plane loop around them may still be compiled by on-stack replacement as well).
	 */
	private int floatRow(final float[] a, final SurfaceAccumulator.Runs runs, final int y) {
		final int[] starts = runs.start;
		final byte[] runLabels = runs.label;
		final int row = y * width;
		final int last = runs.rowFirst[y + 1];
		int bad = 0;
		for (int k = runs.rowFirst[y]; k < last; k++) {
			final int l = runLabels[k] & 0xff;
			final long[] h = intHist(l);
			final int start = starts[k];
			final int end = k + 1 < last ? starts[k + 1] : width;
			for (int i = row + start, e = row + end; i < e; i++) {
				final float f = a[i];
				final int v = (int) f;
				final int b = v - INT_LOW;
				h[b & INT_MASK]++;
				// NaN casts to 0 and fails the equality
				bad |= (b & ~INT_MASK) | (v == f ? 0 : 1);
			}
			addRun(l, start, end, y);
		}
		return bad;
	}

	/** int16 (mask -1) or uint16 (mask 0xffff) in integer mode: every value fits. */
	private void accumulateShorts(final short[] a, final int mask, final SurfaceAccumulator.Runs runs, final int z) {
		resetPlaneGeometry();
		for (int y = 0; y < height; y++) {
			shortRow(a, mask, runs, y);
		}
		mergePlaneGeometry(z);
	}

	/** Counts row y of an int16 or uint16 plane along its runs. */
	private void shortRow(final short[] a, final int mask, final SurfaceAccumulator.Runs runs, final int y) {
		final int[] starts = runs.start;
		final byte[] runLabels = runs.label;
		final int row = y * width;
		final int last = runs.rowFirst[y + 1];
		for (int k = runs.rowFirst[y]; k < last; k++) {
			final int l = runLabels[k] & 0xff;
			final long[] h = intHist(l);
			final int start = starts[k];
			final int end = k + 1 < last ? starts[k + 1] : width;
			for (int i = row + start, e = row + end; i < e; i++) {
				h[(a[i] & mask) - INT_LOW]++;
			}
			addRun(l, start, end, y);
		}
	}

	/**
	 * Converts a plane to integers; false when a value is not an integer in INT_LOW..INT_HIGH (NaN
	 * included), for which integer mode must end.
	 */
	private boolean toInts(final Object plane, final int z) {
		final int[] v = ints;
		final int n = v.length;
		try {
			switch (datatype) {
				case UINT8: {
					final byte[] a = (byte[]) plane;
					for (int i = 0; i < n; i++) {
						v[i] = a[i] & 0xff;
					}
					return true;
				}
				case INT8: {
					final byte[] a = (byte[]) plane;
					for (int i = 0; i < n; i++) {
						v[i] = a[i];
					}
					return true;
				}
				case INT32: {
					final int[] a = (int[]) plane;
					boolean ok = true;
					for (int i = 0; i < n; i++) {
						final int x = a[i];
						v[i] = x;
						ok &= x >= INT_LOW & x <= INT_HIGH;
					}
					return ok;
				}
				case UINT32: {
					final int[] a = (int[]) plane;
					boolean ok = true;
					for (int i = 0; i < n; i++) {
						final int x = a[i];
						v[i] = x;
						// as unsigned, only 0..INT_HIGH fit
						ok &= x >= 0 & x <= INT_HIGH;
					}
					return ok;
				}
				default: {
					final double[] a = (double[]) plane;
					boolean ok = true;
					for (int i = 0; i < n; i++) {
						final double f = a[i];
						final int x = (int) f;
						v[i] = x;
						ok &= x == f & x >= INT_LOW & x <= INT_HIGH;
					}
					return ok;
				}
			}
		} catch (final ClassCastException e) {
			throw new IllegalArgumentException("image plane " + z + " is a " + plane.getClass().getSimpleName()
					+ ", expected the array of " + datatype, e);
		}
	}

	/**
	 * Integer mode: walks each row in runs of one label; per voxel only the histogram count, per run the
	 * index sums and the box.
	 */
	private void accumulateInts(final SurfaceAccumulator.Runs runs, final int z) {
		final int[] v = ints;
		resetPlaneGeometry();
		final int[] starts = runs.start;
		final byte[] runLabels = runs.label;
		for (int y = 0; y < height; y++) {
			final int row = y * width;
			final int last = runs.rowFirst[y + 1];
			for (int k = runs.rowFirst[y]; k < last; k++) {
				final int l = runLabels[k] & 0xff;
				final long[] h = intHist(l);
				final int start = starts[k];
				final int end = k + 1 < last ? starts[k + 1] : width;
				for (int i = row + start, e = row + end; i < e; i++) {
					h[v[i] - INT_LOW]++;
				}
				addRun(l, start, end, y);
			}
		}
		mergePlaneGeometry(z);
	}

	/**
	 * Ends integer mode: the histograms so far become the general mode's moments, extremes and key
	 * histograms (exactly: every bin is one raw value), and their foreground goes to the collector.
	 */
	private void leaveIntegerMode() {
		if (keys == Keys.SMALL) {
			throw new IllegalStateException(datatype + " values always fit integer mode");
		}
		fillIntegerMoments();
		for (int l = 0; l < LABELS; l++) {
			final long[] h = ihist[l];
			if (h == null) {
				continue;
			}
			final long[] k = histOf(l);
			for (int b = 0; b < INT_BINS; b++) {
				if (h[b] > 0) {
					k[bucket(b + INT_LOW)] += h[b];
				}
			}
		}
		if (foreground != null) {
			addForegroundHistograms();
		}
		ihist = null;
		ints = null;
		raw = new double[width * height];
	}

	/** Integer mode: value counts, mean, m2, min and max of every label from its histogram. */
	private void fillIntegerMoments() {
		if (intMomentsDone) {
			return;
		}
		intMomentsDone = true;
		for (int l = 0; l < LABELS; l++) {
			final long[] h = ihist[l];
			if (h == null) {
				continue;
			}
			long n = 0;
			long sum = 0;
			int lo = -1;
			int hi = -1;
			for (int b = 0; b < INT_BINS; b++) {
				final long c = h[b];
				if (c > 0) {
					n += c;
					sum += c * (b + INT_LOW);
					if (lo < 0) {
						lo = b;
					}
					hi = b;
				}
			}
			if (n == 0) {
				continue;
			}
			final double m = (double) sum / n * slope + intercept;
			double s2 = 0;
			for (int b = lo; b <= hi; b++) {
				final long c = h[b];
				if (c > 0) {
					final double d = (b + INT_LOW) * slope + intercept - m;
					s2 += c * (d * d);
				}
			}
			final double a = (lo + INT_LOW) * slope + intercept;
			final double z = (hi + INT_LOW) * slope + intercept;
			valueCount[l] = n;
			intLo[l] = lo;
			mean[l] = m;
			m2[l] = s2;
			min[l] = Math.min(a, z);
			max[l] = Math.max(a, z);
		}
	}

	private void check(final Object plane, final byte[] labels, final int z, final int w, final int h,
			final boolean[] seen, final String pass) {
		if (w != width || h != height) {
			throw new IllegalArgumentException(pass + ": plane " + z + " is " + w + "x" + h + ", expected " + width
					+ "x" + height);
		}
		if (z < 0 || z >= depth) {
			throw new IllegalArgumentException(pass + ": plane z = " + z + " is outside 0.." + (depth - 1));
		}
		if (seen[z]) {
			throw new IllegalArgumentException(pass + ": plane z = " + z + " was given twice");
		}
		if (labels.length != width * height) {
			throw new IllegalArgumentException(pass + ": label plane " + z + " has " + labels.length
					+ " voxels, expected " + width * height);
		}
		final int n = plane == null ? -1 : Array.getLength(plane);
		if (n != width * height) {
			throw new IllegalArgumentException(pass + ": image plane " + z + " has " + n + " voxels, expected "
					+ width * height);
		}
	}

	/** General mode: copies a plane's raw values into the double scratch plane (exact for its types). */
	private void decode(final Object plane, final int z) {
		final int n = raw.length;
		try {
			switch (datatype) {
				case INT32: {
					final int[] a = (int[]) plane;
					for (int i = 0; i < n; i++) {
						raw[i] = a[i];
					}
					break;
				}
				case UINT32: {
					final int[] a = (int[]) plane;
					for (int i = 0; i < n; i++) {
						raw[i] = a[i] & 0xffffffffL;
					}
					break;
				}
				case FLOAT32: {
					final float[] a = (float[]) plane;
					for (int i = 0; i < n; i++) {
						raw[i] = a[i];
					}
					break;
				}
				default: {
					System.arraycopy((double[]) plane, 0, raw, 0, n);
					break;
				}
			}
		} catch (final ClassCastException e) {
			throw new IllegalArgumentException("image plane " + z + " is a " + plane.getClass().getSimpleName()
					+ ", expected the array of " + datatype, e);
		}
	}

	/** Order-preserving unsigned key of a (non-NaN) raw value, for 32-bit keys. */
	private long key32(final double r) {
		switch (datatype) {
			case INT32:
				return (long) r - Integer.MIN_VALUE;
			case UINT32:
				return (long) r;
			default: {
				final int bits = Float.floatToRawIntBits((float) r);
				return (bits >= 0 ? bits ^ Integer.MIN_VALUE : ~bits) & 0xffffffffL;
			}
		}
	}

	/** The raw value of a 32-bit key. */
	private double fromKey32(final long key) {
		switch (datatype) {
			case INT32:
				return key + Integer.MIN_VALUE;
			case UINT32:
				return key;
			default: {
				final int k = (int) key;
				return Float.intBitsToFloat(k < 0 ? k ^ Integer.MIN_VALUE : ~k);
			}
		}
	}

	/** Bucket (top 16 key bits) of a (non-NaN) raw value. */
	private int bucket(final double r) {
		if (keys == Keys.KEY32) {
			return (int) (key32(r) >>> BUCKET_BITS);
		}
		final long bits = Double.doubleToRawLongBits(r);
		final long key = bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
		return (int) (key >>> (64 - BUCKET_BITS));
	}

	private long[] histOf(final int l) {
		long[] h = hist[l];
		if (h == null) {
			h = new long[BUCKETS];
			hist[l] = h;
		}
		return h;
	}

	private void resetPlaneGeometry() {
		Arrays.fill(planeCount, 0);
		Arrays.fill(planeX0, Integer.MAX_VALUE);
		Arrays.fill(planeX1, -1);
		Arrays.fill(planeY0, Integer.MAX_VALUE);
		Arrays.fill(planeY1, -1);
	}

	/** Adds the plane's counts and box to the totals. */
	private void mergePlaneGeometry(final int z) {
		for (int l = 0; l < LABELS; l++) {
			final long n = planeCount[l];
			if (n == 0) {
				continue;
			}
			count[l] += n;
			sumK[l] += n * z;
			final int b = 6 * l;
			bbox[b] = Math.min(bbox[b], planeX0[l]);
			bbox[b + 1] = Math.max(bbox[b + 1], planeX1[l]);
			bbox[b + 2] = Math.min(bbox[b + 2], planeY0[l]);
			bbox[b + 3] = Math.max(bbox[b + 3], planeY1[l]);
			bbox[b + 4] = Math.min(bbox[b + 4], z);
			bbox[b + 5] = Math.max(bbox[b + 5], z);
		}
	}

	/** General mode, pass 1. */
	private void accumulate(final SurfaceAccumulator.Runs runs, final int z) {
		resetPlaneGeometry();
		Arrays.fill(planeValues, 0);
		Arrays.fill(planeSum, 0);
		final int[] starts = runs.start;
		final byte[] runLabels = runs.label;
		for (int y = 0; y < height; y++) {
			final int row = y * width;
			final int last = runs.rowFirst[y + 1];
			for (int k = runs.rowFirst[y]; k < last; k++) {
				final int l = runLabels[k] & 0xff;
				final int start = starts[k];
				final int end = k + 1 < last ? starts[k + 1] : width;
				addRun(l, start, end, y);
				valueRun(l, row + start, row + end);
			}
		}
		final double[] planeMean = planeSum;
		for (int l = 0; l < LABELS; l++) {
			if (planeValues[l] > 0) {
				planeMean[l] = planeSum[l] / planeValues[l];
			}
		}
		Arrays.fill(planeM2, 0);
		Arrays.fill(planeC, 0);
		for (int y = 0; y < height; y++) {
			final int row = y * width;
			final int last = runs.rowFirst[y + 1];
			for (int k = runs.rowFirst[y]; k < last; k++) {
				final int l = runLabels[k] & 0xff;
				final int end = k + 1 < last ? starts[k + 1] : width;
				deviationRun(l, planeMean[l], row + starts[k], row + end);
			}
		}
		mergePlaneGeometry(z);
		for (int l = 0; l < LABELS; l++) {
			final long nb = planeValues[l];
			if (nb == 0) {
				continue;
			}
			final double meanB = planeMean[l];
			final double m2B = planeM2[l] - planeC[l] * planeC[l] / nb;
			final long na = valueCount[l];
			if (na == 0) {
				mean[l] = meanB;
				m2[l] = m2B;
			} else {
				final double nt = na + nb;
				final double delta = meanB - mean[l];
				mean[l] += delta * (nb / nt);
				m2[l] += m2B + delta * delta * (na * (nb / nt));
			}
			valueCount[l] = na + nb;
		}
	}

	/**
	 * The values of voxels [from, to) of one label in general mode: count, sum, extremes (into the plane's
	 * and the label's totals once per run, the loop itself on locals) and the pass-1 key histogram.
	 */
	private void valueRun(final int l, final int from, final int to) {
		final double[] r = raw;
		final long[] h = histOf(l);
		long n = 0;
		double sum = 0;
		double lo = min[l];
		double hi = max[l];
		for (int i = from; i < to; i++) {
			final double x = r[i];
			if (x != x) {
				continue;
			}
			final double v = x * slope + intercept;
			n++;
			sum += v;
			if (v < lo) {
				lo = v;
			}
			if (v > hi) {
				hi = v;
			}
			h[bucket(x)]++;
		}
		planeValues[l] += n;
		planeSum[l] += sum;
		min[l] = lo;
		max[l] = hi;
	}

	/** The squared and plain deviations from the plane's mean of one label over voxels [from, to). */
	private void deviationRun(final int l, final double mean, final int from, final int to) {
		final double[] r = raw;
		double m2 = 0;
		double c = 0;
		for (int i = from; i < to; i++) {
			final double x = r[i];
			if (x != x) {
				continue;
			}
			final double d = x * slope + intercept - mean;
			m2 += d * d;
			c += d;
		}
		planeM2[l] += m2;
		planeC[l] += c;
	}

	/** Whether pass 1 has seen every plane. */
	public boolean isFirstPassComplete() {
		return planes1 == depth;
	}

	/**
	 * Whether the exact percentiles need a second pass over the planes ({@link #addPlaneSecondPass}): true
	 * in general mode when any value was counted, until that pass has seen every plane.
	 *
	 * @throws IllegalStateException before pass 1 is complete
	 */
	public boolean needsSecondPass() {
		requireFirstPass();
		if (ihist != null || planes2 == depth) {
			return false;
		}
		for (int l = 0; l < LABELS; l++) {
			if (valueCount[l] > 0) {
				return true;
			}
		}
		return false;
	}

	private void requireFirstPass() {
		if (planes1 != depth) {
			throw new IllegalStateException("pass 1 has seen " + planes1 + " of " + depth + " planes");
		}
	}

	/**
	 * Pass 2 (only when {@link #needsSecondPass()}): the same planes again, each once, in any order.
	 *
	 * @throws IllegalStateException before pass 1 is complete or when no second pass is needed
	 * @throws IllegalArgumentException as {@link #addPlane}
	 */
	public void addPlaneSecondPass(final Object imagePlaneArray, final byte[] labelPlane, final int z,
			final int width, final int height) {
		requireFirstPass();
		if (ihist != null) {
			throw new IllegalStateException("integer-valued " + datatype + " data needs no second pass");
		}
		check(imagePlaneArray, labelPlane, z, width, height, seen2, "pass 2");
		if (needBuckets == null) {
			prepareSecondPass();
		}
		decode(imagePlaneArray, z);
		seen2[z] = true;
		planes2++;
		for (int idx = 0; idx < raw.length; idx++) {
			final int l = labelPlane[idx] & 0xff;
			final int[] need = needBuckets[l];
			if (need == null) {
				continue;
			}
			final double r = raw[idx];
			if (r != r) {
				continue;
			}
			final int b = bucket(r);
			for (int s = 0; s < need.length; s++) {
				if (need[s] == b) {
					if (keys == Keys.KEY32) {
						fine[l][s][(int) (key32(r) & (BUCKETS - 1))]++;
					} else {
						collect(l, s, r);
					}
					break;
				}
			}
		}
	}

	private void collect(final int l, final int s, final double r) {
		double[] a = collected[l][s];
		final int n = collectedSize[l][s];
		if (n == a.length) {
			if (n == Integer.MAX_VALUE - 8) {
				throw new IllegalStateException("label " + l + ": more than " + n
						+ " float64 values share one percentile bucket");
			}
			a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(16L, 2L * n)));
			collected[l][s] = a;
		}
		a[n] = r;
		collectedSize[l][s] = n + 1;
	}

	/** Raw ascending ranks needed for a label: lower and upper rank of each percentile. */
	private long[] rawRanks(final int l) {
		final long n = valueCount[l];
		final long[] ranks = new long[2 * PERCENTS.length];
		for (int p = 0; p < PERCENTS.length; p++) {
			final long lo = Percentiles.lowerRank(n, PERCENTS[p]);
			final long hi = Percentiles.upperRank(n, PERCENTS[p]);
			ranks[2 * p] = slope < 0 ? n - 1 - lo : lo;
			ranks[2 * p + 1] = slope < 0 ? n - 1 - hi : hi;
		}
		return ranks;
	}

	/** Bin holding rank r of a histogram whose bins below {@code from} are empty. */
	private static int locate(final long[] h, final long r, final int from) {
		long before = 0;
		for (int b = from; b < h.length; b++) {
			before += h[b];
			if (r < before) {
				return b;
			}
		}
		throw new IllegalStateException("rank " + r + " beyond the " + before + " values counted");
	}

	/** Bucket holding raw rank r in the pass 1 histogram, and the rank within it as the second element. */
	private static long[] locate(final long[] h, final long r) {
		long before = 0;
		for (int b = 0; b < h.length; b++) {
			if (r < before + h[b]) {
				return new long[] { b, r - before };
			}
			before += h[b];
		}
		throw new IllegalStateException("rank " + r + " beyond the " + before + " values counted");
	}

	private void prepareSecondPass() {
		needBuckets = new int[LABELS][];
		fine = new long[LABELS][][];
		collected = new double[LABELS][][];
		collectedSize = new int[LABELS][];
		for (int l = 0; l < LABELS; l++) {
			if (valueCount[l] == 0) {
				continue;
			}
			final long[] ranks = rawRanks(l);
			final int[] buckets = new int[ranks.length];
			int nb = 0;
			for (final long r : ranks) {
				final int b = (int) locate(hist[l], r)[0];
				boolean have = false;
				for (int i = 0; i < nb; i++) {
					have |= buckets[i] == b;
				}
				if (!have) {
					buckets[nb++] = b;
				}
			}
			needBuckets[l] = Arrays.copyOf(buckets, nb);
			if (keys == Keys.KEY32) {
				fine[l] = new long[nb][BUCKETS];
			} else {
				collected[l] = new double[nb][16];
				collectedSize[l] = new int[nb];
			}
		}
	}

	/** The raw value of ascending raw rank r among a label's values (after the passes needed). */
	private double rawAtRank(final int l, final long r) {
		if (ihist != null) {
			return locate(ihist[l], r, intLo[l]) + INT_LOW;
		}
		final long[] h = hist[l];
		final long[] at = locate(h, r);
		final int b = (int) at[0];
		final int[] need = needBuckets[l];
		int s = 0;
		while (need[s] != b) {
			s++;
		}
		if (keys == Keys.KEY32) {
			final long low = locate(fine[l][s], at[1])[0];
			return fromKey32(((long) b << BUCKET_BITS) | low);
		}
		final int n = collectedSize[l][s];
		if (n > 0 && collected[l][s].length != n) {
			collected[l][s] = Arrays.copyOf(collected[l][s], n);
		}
		Arrays.sort(collected[l][s]);
		return collected[l][s][(int) at[1]];
	}

	/** The scaled value of ascending rank r among a label's scaled values. */
	private double scaledAtRank(final int l, final long r) {
		final long rr = slope < 0 ? valueCount[l] - 1 - r : r;
		return rawAtRank(l, rr) * slope + intercept;
	}

	/**
	 * The measurements of a label (also for an absent one: counts 0, NaN statistics).
	 *
	 * @throws IllegalStateException when a pass is incomplete
	 * @throws IllegalArgumentException for an id outside 0..255
	 */
	public OrganMeasures measures(final int labelId) {
		if (labelId < 0 || labelId >= LABELS) {
			throw new IllegalArgumentException("label id " + labelId + " is outside 0.." + (LABELS - 1));
		}
		requireFirstPass();
		if (needsSecondPass()) {
			throw new IllegalStateException("the exact percentiles of " + datatype + " data need pass 2: it has seen "
					+ planes2 + " of " + depth + " planes");
		}
		if (ihist != null) {
			fillIntegerMoments();
		}
		final int l = labelId;
		final long n = count[l];
		if (n == 0) {
			return new OrganMeasures(l, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, new double[] { Double.NaN, Double.NaN, Double.NaN }, new int[] { -1, -1, -1, -1, -1, -1 },
					0);
		}
		final double[] centroid = { (double) sumI[l] / n, (double) sumJ[l] / n, (double) sumK[l] / n };
		final int[] box = Arrays.copyOfRange(bbox, 6 * l, 6 * l + 6);
		final long nv = valueCount[l];
		final double s = surface.surfaceMm2(l);
		if (nv == 0) {
			return new OrganMeasures(l, n, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, centroid, box, s);
		}
		final double median = Percentiles.type7(nv, Percentiles.MEDIAN, r -> scaledAtRank(l, r));
		final double p0 = Percentiles.type7(nv, Percentiles.P0_5, r -> scaledAtRank(l, r));
		final double p99 = Percentiles.type7(nv, Percentiles.P99_5, r -> scaledAtRank(l, r));
		final double std = Math.sqrt(Math.max(0, m2[l]) / nv);
		return new OrganMeasures(l, n, nv, mean[l], std, min[l], max[l], median, p0, p99, centroid, box, s);
	}

	/**
	 * Bytes held by this accumulator's arrays (an estimate of retained memory, without object headers):
	 * independent of the number of voxels except through the float64 values collected in pass 2.
	 */
	public long retainedBytes() {
		long b = (raw == null ? 0 : 8L * raw.length) + (ints == null ? 0 : 4L * ints.length)
				+ LABELS * (8L * 13 + 4L * 10) + 2L * depth;
		for (final long[] h : hist) {
			b += h == null ? 0 : 8L * h.length;
		}
		if (ihist != null) {
			for (final long[] h : ihist) {
				b += h == null ? 0 : 8L * h.length;
			}
		}
		if (fine != null) {
			for (final long[][] f : fine) {
				if (f != null) {
					for (final long[] g : f) {
						b += 8L * g.length;
					}
				}
			}
			for (final double[][] c : collected) {
				if (c != null) {
					for (final double[] g : c) {
						b += 8L * g.length;
					}
				}
			}
		}
		return b + surface.heldBytes() + surface.bookkeepingBytes();
	}
}
