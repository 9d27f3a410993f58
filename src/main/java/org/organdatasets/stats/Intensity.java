package org.organdatasets.stats;

/**
 * The intensity side of {@link OrganAccumulator}: per label the number of (non-NaN) values, their mean,
 * sum of squared deviations, extremes and the stored value at any rank, fed one plane at a time along
 * its label runs. Two implementations: {@link HistogramIntensity} (exact histograms of integer values,
 * one pass) and {@link TwoPassIntensity} (any values; a second pass over the planes for the ranks).
 * Values are the stored ones; moments and extremes are of the scaled values (stored · slope +
 * intercept, in double).
 */
interface Intensity {

	/**
	 * Pass 1: the values of a plane (its type's primitive array), walked along {@code runs} of
	 * {@code labels}; false, with nothing counted, when this implementation cannot hold them (see
	 * {@link #successor()}).
	 */
	boolean addPlane(Object plane, byte[] labels, LabelRuns runs, int z);

	/**
	 * The implementation that takes over, with everything counted so far, when {@link #addPlane} returned
	 * false; the plane is then given to it.
	 *
	 * @throws IllegalStateException when this implementation takes every plane
	 */
	Intensity successor();

	/** Collects the foreground (label above 0) of the planes added from now on into {@code f}. */
	void collectForeground(ForegroundIntensities f);

	/** Hands what is held of the foreground to the collector (once, after the last plane) and drops it. */
	void flushForeground();

	/** Whether the ranks need a second pass over the planes: only when a value was counted by two passes. */
	boolean needsSecondPass();

	/**
	 * Pass 2: the same planes again, each once, in any order.
	 *
	 * @throws IllegalStateException when this implementation needs no second pass
	 */
	void addPlaneSecondPass(Object plane, LabelRuns runs, int z);

	/** Number of non-NaN values of label l. */
	long valueCount(int l);

	/** Mean of label l's scaled values (after the first pass). */
	double mean(int l);

	/** Sum of squared deviations of label l's scaled values from their mean. */
	double m2(int l);

	/** Smallest scaled value of label l. */
	double min(int l);

	/** Largest scaled value of label l. */
	double max(int l);

	/** The stored value of ascending rank r (0-based) among label l's values (after the passes needed). */
	double storedAtRank(int l, long r);

	/** Bytes held (arrays only). */
	long retainedBytes();
}
