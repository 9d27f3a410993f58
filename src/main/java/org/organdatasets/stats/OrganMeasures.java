package org.organdatasets.stats;

/**
 * The measurements of one label in voxel terms, as {@link OrganAccumulator} computes them: counts,
 * intensity statistics of the scaled values, index centroid and bounding box, surface area. World
 * coordinates and volume come with the row ({@link OrganStats}).
 */
public final class OrganMeasures {

	private final int labelId;
	private final long voxelCount;
	private final long valueCount;
	private final double mean;
	private final double std;
	private final double min;
	private final double max;
	private final double median;
	private final double p0_5;
	private final double p99_5;
	private final double[] centroid;
	private final int[] bbox;
	private final double surfaceMm2;

	OrganMeasures(final int labelId, final long voxelCount, final long valueCount, final double mean,
			final double std, final double min, final double max, final double median, final double p0_5,
			final double p99_5, final double[] centroid, final int[] bbox, final double surfaceMm2) {
		this.labelId = labelId;
		this.voxelCount = voxelCount;
		this.valueCount = valueCount;
		this.mean = mean;
		this.std = std;
		this.min = min;
		this.max = max;
		this.median = median;
		this.p0_5 = p0_5;
		this.p99_5 = p99_5;
		this.centroid = centroid;
		this.bbox = bbox;
		this.surfaceMm2 = surfaceMm2;
	}

	/** The label id, 0..255. */
	public int labelId() {
		return labelId;
	}

	/** Number of voxels with the label (0 when absent). */
	public long voxelCount() {
		return voxelCount;
	}

	/**
	 * Number of voxels whose intensity entered the intensity statistics: all but NaN ones (NaN voxels are
	 * counted in {@link #voxelCount()}, the centroid and the box, but not in mean, std, min, max or the
	 * percentiles, where numpy would return NaN).
	 */
	public long valueCount() {
		return valueCount;
	}

	/** Whether the label has voxels. */
	public boolean isPresent() {
		return voxelCount > 0;
	}

	/** Whether the intensity statistics exist ({@link #valueCount()} &gt; 0). */
	public boolean hasValues() {
		return valueCount > 0;
	}

	/** Mean scaled intensity (NaN without values). */
	public double mean() {
		return mean;
	}

	/** Population standard deviation of the scaled intensities (NaN without values). */
	public double std() {
		return std;
	}

	/** Smallest scaled intensity (NaN without values). */
	public double min() {
		return min;
	}

	/** Largest scaled intensity (NaN without values). */
	public double max() {
		return max;
	}

	/** Median (type 7) of the scaled intensities (NaN without values). */
	public double median() {
		return median;
	}

	/** 0.5th percentile (type 7) of the scaled intensities (NaN without values). */
	public double p0_5() {
		return p0_5;
	}

	/** 99.5th percentile (type 7) of the scaled intensities (NaN without values). */
	public double p99_5() {
		return p99_5;
	}

	/** Mean 0-based voxel index along axis 0, 1 or 2 (NaN when absent). */
	public double centroid(final int axis) {
		return centroid[axis];
	}

	/** Inclusive 0-based box: {i0, i1, j0, j1, k0, k1} (a copy; -1s when absent). */
	public int[] bbox() {
		return bbox.clone();
	}

	/** Surface area in mm² ({@link SurfaceAccumulator}), 0 when absent. */
	public double surfaceMm2() {
		return surfaceMm2;
	}
}
