/**
 * Per-organ statistics of a labelled image, exact and in bounded memory: voxel count, volume,
 * intensity mean, population standard deviation, min, max, median and the 0.5th/99.5th percentiles
 * (numpy's default linear interpolation, Hyndman–Fan type 7), centroid in voxel indices and world mm,
 * bounding box, surface area (Crofton formula, 13 directions) and sphericity.
 *
 * <p>{@link org.organdatasets.stats.OrganAccumulator} takes one image plane and its label plane at a
 * time, so a streaming reader can feed it while decompressing; float and 32-bit integer data need a
 * second pass over the planes for the exact percentiles ({@link org.organdatasets.stats.OrganAccumulator#needsSecondPass()}).
 * Inside it: {@code LabelRuns} (a label plane as runs, the one walk), {@code LabelGeometry} (count,
 * centroid, box), {@link org.organdatasets.stats.SurfaceAccumulator} (surface), {@code Intensity} with
 * {@code HistogramIntensity} (exact histograms of integer values, one pass) and {@code TwoPassIntensity}
 * (any values, two passes), and {@link org.organdatasets.stats.Percentiles} (ranks to percentiles).
 * {@link org.organdatasets.stats.OrganStatistics} runs both passes over an image in memory and
 * {@link org.organdatasets.stats.OrganStats} is one output row. The definitions follow
 * {@code tools/reference_stats.py} (nibabel + numpy), which the tests compare against.
 */
package org.organdatasets.stats;
