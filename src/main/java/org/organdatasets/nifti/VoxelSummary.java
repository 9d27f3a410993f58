package org.organdatasets.nifti;

import java.io.IOException;
import java.nio.file.Path;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Count, non-finite count, sum, min, max and mean of an image's scaled values, in float64 arithmetic
 * (as nibabel's {@code get_fdata()} followed by numpy sums).
 */
public final class VoxelSummary {

	private final long voxels;
	private final long nonfinite;
	private final double sum;
	private final double min;
	private final double max;

	private VoxelSummary(final long voxels, final long nonfinite, final double sum, final double min,
			final double max) {
		this.voxels = voxels;
		this.nonfinite = nonfinite;
		this.sum = sum;
		this.min = min;
		this.max = max;
	}

	/**
	 * Summarises the scaled values {@code raw * slope + intercept} of an image.
	 *
	 * @throws IllegalArgumentException for RGB images, which have no scalar values
	 */
	@SuppressWarnings("unchecked")
	public static VoxelSummary of(final NiftiImage image) {
		if (image.datatype() == NiftiDatatype.RGB24) {
			throw new IllegalArgumentException("RGB24 images have no scalar values to summarise");
		}
		final RandomAccessibleInterval<? extends RealType<?>> data =
				(RandomAccessibleInterval<? extends RealType<?>>) image.data();
		final double slope = image.slope();
		final double inter = image.intercept();
		final Running r = new Running();
		for (final RealType<?> t : Views.flatIterable(data)) {
			r.add(t.getRealDouble() * slope + inter);
		}
		return r.summary(Intervals.numElements(data));
	}

	/**
	 * Summarises a file's scaled values as its planes are read, in the order and arithmetic of
	 * {@link #of(NiftiImage)} (so the same sums to the last bit), holding one plane at a time: the image is
	 * never in memory as a whole, and every gzip member's CRC-32 and length are still checked.
	 *
	 * @throws NiftiFormatException when the file cannot be read
	 * @throws IllegalArgumentException for RGB files, which have no scalar values
	 */
	public static VoxelSummary read(final Path file) throws IOException {
		try (NiftiPlaneReader planes = new NiftiReader().openPlanes(file)) {
			final NiftiMetadata meta = planes.metadata();
			final NiftiDatatype t = meta.datatype();
			if (t == NiftiDatatype.RGB24) {
				throw new IllegalArgumentException("RGB24 images have no scalar values to summarise");
			}
			final double slope = meta.header().slope();
			final double inter = meta.header().intercept();
			final Object plane = planes.newPlane().getCurrentStorageArray();
			final double[] values = new double[planes.planeVoxels()];
			final Running r = new Running();
			while (planes.hasNext()) {
				planes.next(plane);
				t.toDoubles(plane, values);
				for (int i = 0; i < values.length; i++) {
					r.add(values[i] * slope + inter);
				}
			}
			planes.finish();
			return r.summary((long) planes.planeVoxels() * planes.planes());
		}
	}

	/** The running sums of both summaries, in one order and arithmetic so that they agree to the last bit. */
	private static final class Running {
		private long bad;
		private double sum;
		private double lo = Double.POSITIVE_INFINITY;
		private double hi = Double.NEGATIVE_INFINITY;

		void add(final double v) {
			if (!Double.isFinite(v)) {
				bad++;
				return;
			}
			sum += v;
			if (v < lo) {
				lo = v;
			}
			if (v > hi) {
				hi = v;
			}
		}

		VoxelSummary summary(final long voxels) {
			return new VoxelSummary(voxels, bad, sum, lo, hi);
		}
	}

	/** Number of voxels. */
	public long voxels() {
		return voxels;
	}

	/** Number of NaN or infinite scaled values. */
	public long nonfinite() {
		return nonfinite;
	}

	/** Sum of the finite scaled values. */
	public double sum() {
		return sum;
	}

	/** Smallest finite scaled value (NaN when there is none). */
	public double min() {
		return finite() > 0 ? min : Double.NaN;
	}

	/** Largest finite scaled value (NaN when there is none). */
	public double max() {
		return finite() > 0 ? max : Double.NaN;
	}

	/** Mean of the finite scaled values (NaN when there is none). */
	public double mean() {
		return finite() > 0 ? sum / finite() : Double.NaN;
	}

	private long finite() {
		return voxels - nonfinite;
	}
}
