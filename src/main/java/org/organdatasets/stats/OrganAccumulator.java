package org.organdatasets.stats;

import java.lang.reflect.Array;

import org.organdatasets.nifti.NiftiDatatype;

/**
 * Per-label statistics of an image, fed one z plane at a time (any z order), with memory that does not
 * grow with the number of voxels. A façade over four parts, each with one job:
 * <ul>
 * <li>{@link LabelRuns}: a plane of labels as runs of one label, the one walk the others share;</li>
 * <li>{@link LabelGeometry}: count, centroid and bounding box, in exact integers;</li>
 * <li>{@link SurfaceAccumulator}: the surface area;</li>
 * <li>{@link Intensity}: mean, standard deviation, extremes and ranks, by exact histograms of integer
 * values ({@link HistogramIntensity}, one pass) or, from the first plane that does not fit them, in two
 * passes ({@link TwoPassIntensity}, which takes the histograms over exactly);</li>
 * </ul>
 * and {@link Percentiles} turns ranks into the reported percentiles.
 *
 * <p>Memory: per present label 1 MB of histograms (integer values) or 0.5 MB (two passes), plus in pass 2
 * up to 6 × 0.5 MB per label for 32-bit keys or 8 bytes per float64 value inside the needed buckets, plus
 * one width × height scratch plane and the label planes the surface estimate keeps (one plane, as runs,
 * when planes come in order) and O(depth) bytes of bookkeeping.
 *
 * <p>NaN values (float data) count as voxels of their label (count, volume, centroid, box, surface) but
 * are left out of the intensity statistics ({@link OrganMeasures#valueCount()}); numpy would return
 * NaN for them instead.
 *
 * <p>Use: {@link #addPlane} for every z; then, while {@link #needsSecondPass()}, {@link #addPlaneSecondPass}
 * for every z; then {@link #measures(int)}. Not thread-safe: feed it from one thread at a time.
 */
public final class OrganAccumulator {

	/** Number of label ids handled: uint8 labels 0..255. */
	public static final int LABELS = 256;
	/** Lowest stored value the exact histograms hold. */
	public static final int INT_LOW = HistogramIntensity.LOW;
	/** Highest stored value the exact histograms hold (int16 and uint16 fit, and more). */
	public static final int INT_HIGH = HistogramIntensity.HIGH;

	private final int width;
	private final int height;
	private final int depth;
	private final NiftiDatatype datatype;
	private final double slope;
	private final double intercept;
	private final SurfaceAccumulator surface;
	private final LabelGeometry geometry = new LabelGeometry();
	private Intensity intensity;
	private final boolean[] seen1;
	private int planes1;
	private final boolean[] seen2;
	private int planes2;

	/**
	 * An accumulator for an image grid.
	 *
	 * @param width plane width (voxels along i)
	 * @param height plane height (voxels along j)
	 * @param depth number of planes (voxels along k)
	 * @param datatype the raw data's type: the plane arrays must be its primitive arrays
	 *            ({@link NiftiDatatype#planeArrayClass()})
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
		if (!datatype.isScalar()) {
			throw new IllegalArgumentException("datatype " + datatype
					+ " has no scalar intensities; expected uint8, int8, int16, uint16, int32, uint32, float32 or float64");
		}
		this.slope = scaled ? slope : 1;
		this.intercept = scaled ? intercept : 0;
		this.datatype = datatype;
		this.surface = new SurfaceAccumulator(width, height, depth, spacingMm);
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.intensity = HistogramIntensity.of(datatype, this.slope, this.intercept, width, height);
		this.seen1 = new boolean[depth];
		this.seen2 = new boolean[depth];
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
		final LabelRuns runs = surface.runsOf(labelPlane);
		geometry.addPlane(runs, z);
		if (!intensity.addPlane(imagePlaneArray, labelPlane, runs, z)) {
			intensity = intensity.successor();
			intensity.addPlane(imagePlaneArray, labelPlane, runs, z);
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
		intensity.collectForeground(f);
	}

	/** Hands what the intensities hold of the foreground to the collector (once, after the last plane). */
	void flushForeground() {
		intensity.flushForeground();
	}

	/**
	 * Gives the histograms of integer values to this thread's next case (see {@link HistogramIntensity#release()})
	 * once every measure is taken; the accumulator cannot be asked anything after.
	 */
	void release() {
		if (intensity instanceof HistogramIntensity) {
			((HistogramIntensity) intensity).release();
		}
	}

	/** Whether the intensities are (still) exact histograms of integer values, so one pass is enough. */
	public boolean isIntegerMode() {
		return intensity instanceof HistogramIntensity;
	}

	/** Whether pass 1 has seen every plane. */
	public boolean isFirstPassComplete() {
		return planes1 == depth;
	}

	/**
	 * Whether the exact percentiles need a second pass over the planes ({@link #addPlaneSecondPass}): true
	 * for two-pass intensities when any value was counted, until that pass has seen every plane.
	 *
	 * @throws IllegalStateException before pass 1 is complete
	 */
	public boolean needsSecondPass() {
		requireFirstPass();
		return planes2 != depth && intensity.needsSecondPass();
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
		check(imagePlaneArray, labelPlane, z, width, height, seen2, "pass 2");
		intensity.addPlaneSecondPass(imagePlaneArray, surface.runsOf(labelPlane), z);
		seen2[z] = true;
		planes2++;
	}

	private void requireFirstPass() {
		if (planes1 != depth) {
			throw new IllegalStateException("pass 1 has seen " + planes1 + " of " + depth + " planes");
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
		if (!datatype.planeArrayClass().isInstance(plane)) {
			throw new IllegalArgumentException("image plane " + z + " is a " + plane.getClass().getSimpleName()
					+ ", expected the array of " + datatype);
		}
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
		final int l = labelId;
		final long n = geometry.count(l);
		final double[] centroid = geometry.centroid(l);
		final int[] box = geometry.box(l);
		final double s = n == 0 ? 0 : surface.surfaceMm2(l);
		final long nv = n == 0 ? 0 : intensity.valueCount(l);
		if (nv == 0) {
			return new OrganMeasures(l, n, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, centroid, box, s);
		}
		final double[] p = Percentiles.reportedOfScaled(nv, slope, intercept, r -> intensity.storedAtRank(l, r));
		final double std = Math.sqrt(Math.max(0, intensity.m2(l)) / nv);
		return new OrganMeasures(l, n, nv, intensity.mean(l), std, intensity.min(l), intensity.max(l), p[0], p[1],
				p[2], centroid, box, s);
	}

	/**
	 * Bytes held by this accumulator's arrays (an estimate of retained memory, without object headers):
	 * independent of the number of voxels except through the float64 values collected in pass 2.
	 */
	public long retainedBytes() {
		return intensity.retainedBytes() + LabelGeometry.bytes() + 2L * depth + surface.heldBytes()
				+ surface.bookkeepingBytes();
	}
}
