package org.organdatasets.nifti;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.util.Intervals;

/**
 * Voxels plus their meaning: the ImgLib2 data (a {@link PlanarImg} when read, possibly a lazy view after
 * {@link Reorient}), the datatype the data holds, scaling still to apply, the voxel-to-world affine in
 * mm and, when it came from a file, that file's metadata.
 *
 * <p>Scaling rule: when the file has scaling ({@link NiftiHeader#hasScaling()}) and was read with
 * scaling applied, the data is float32 holding {@code (float) (raw * slope + inter)} computed in double,
 * so every value is the float32 nearest the exact scaled value; for integer data whose scaled values are
 * integers of magnitude below 2^24 that is exact. Read raw instead ({@link NiftiReader#applyScaling})
 * to keep the stored values and apply {@link #slope()}/{@link #intercept()} in double yourself.
 */
public final class NiftiImage {

	private final RandomAccessibleInterval<?> data;
	private final NiftiDatatype datatype;
	private final double slope;
	private final double intercept;
	private final Affine affine;
	private final NiftiMetadata metadata;

	/**
	 * An image.
	 *
	 * @param data voxels, axes i, j, k, then any further ones
	 * @param datatype what the data holds
	 * @param slope scaling still to apply (1 for none)
	 * @param intercept scaling still to apply (0 for none)
	 * @param affine voxel to world (RAS+ mm)
	 * @param metadata source file metadata, or {@code null} for an image made in memory
	 */
	public NiftiImage(final RandomAccessibleInterval<?> data, final NiftiDatatype datatype, final double slope,
			final double intercept, final Affine affine, final NiftiMetadata metadata) {
		if (!datatype.isSupported()) {
			throw new IllegalArgumentException("datatype " + datatype + " is not supported");
		}
		if (!Double.isFinite(slope) || slope == 0 || !Double.isFinite(intercept)) {
			throw new IllegalArgumentException("scaling (" + slope + ", " + intercept + ") must be finite with slope != 0");
		}
		if (datatype == NiftiDatatype.RGB24 && (slope != 1 || intercept != 0)) {
			throw new IllegalArgumentException("RGB24 data cannot carry scaling (" + slope + ", " + intercept + ")");
		}
		this.data = data;
		this.datatype = datatype;
		this.slope = slope;
		this.intercept = intercept;
		this.affine = affine;
		this.metadata = metadata;
	}

	/** An unscaled in-memory image without a source file. */
	public static NiftiImage of(final RandomAccessibleInterval<?> data, final NiftiDatatype datatype,
			final Affine affine) {
		return new NiftiImage(data, datatype, 1, 0, affine, null);
	}

	/** The voxels. */
	public RandomAccessibleInterval<?> data() {
		return data;
	}

	/** The voxels as a {@link PlanarImg} (one primitive array per plane), or {@code null} for a view. */
	public PlanarImg<?, ?> planar() {
		return data instanceof PlanarImg ? (PlanarImg<?, ?>) data : null;
	}

	/** The datatype the data holds. */
	public NiftiDatatype datatype() {
		return datatype;
	}

	/** Slope still to apply to the data (1 when none or already applied). */
	public double slope() {
		return slope;
	}

	/** Intercept still to apply to the data (0 when none or already applied). */
	public double intercept() {
		return intercept;
	}

	/** Whether values must still be scaled to be meaningful. */
	public boolean needsScaling() {
		return slope != 1 || intercept != 0;
	}

	/** Voxel to world (RAS+ mm). */
	public Affine affine() {
		return affine;
	}

	/** Axis codes of the affine, e.g. {@code "LPS"}. */
	public Orientation orientation() {
		return Orientation.of(affine);
	}

	/** Voxel sizes along i, j, k in mm (lengths of the affine's columns). */
	public double[] spacingMm() {
		return new double[] { affine.columnNorm(0), affine.columnNorm(1), affine.columnNorm(2) };
	}

	/** Sizes of all dimensions. */
	public long[] dims() {
		return Intervals.dimensionsAsLongArray(data);
	}

	/** Metadata of the file read, or {@code null}. */
	public NiftiMetadata metadata() {
		return metadata;
	}

	/** This image with other data and affine (e.g. a reoriented view), same scaling and metadata. */
	public NiftiImage withData(final RandomAccessibleInterval<?> newData, final Affine newAffine) {
		return new NiftiImage(newData, datatype, slope, intercept, newAffine, metadata);
	}
}
