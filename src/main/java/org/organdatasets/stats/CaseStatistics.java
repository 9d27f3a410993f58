package org.organdatasets.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.DatasetKind;
import org.organdatasets.dataset.GridMismatchException;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.LabelValueException;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelRemap;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiMetadata;
import org.organdatasets.nifti.NiftiPlaneReader;
import org.organdatasets.nifti.NiftiReader;

/**
 * Statistics of a dataset case streamed from its files: image and labels are decompressed plane by plane
 * in lock-step (two {@link NiftiPlaneReader}s) into an {@link OrganAccumulator}, so memory is a few planes
 * plus the accumulator's histograms, whatever the case's size. The rows equal
 * {@link OrganStatistics#measure(Case)}'s, which reads both files whole.
 */
public final class CaseStatistics {

	private CaseStatistics() {
	}

	/**
	 * One row per label of the case's table, in id order (absent labels with count 0), streamed.
	 *
	 * @throws IOException for unreadable files, label values that are not ids of the table
	 *             ({@link LabelValueException}, the same rule as {@link org.organdatasets.dataset.LabelMaps})
	 *             or another grid ({@link GridMismatchException})
	 * @throws IllegalArgumentException for a case without labels or an image that is not 3-D
	 */
	public static List<OrganStats> measureStreaming(final Case c) throws IOException {
		return measureStreaming(c, null);
	}

	/**
	 * As {@link #measureStreaming(Case)}, with the labels remapped on the fly: values are first checked
	 * against the remap's source table, unmapped values become background (0), and the rows follow the
	 * remap's target table.
	 *
	 * @param remap the remap, or {@code null} for the case's own table
	 * @throws IOException as {@link #measureStreaming(Case)}
	 */
	public static List<OrganStats> measureStreaming(final Case c, final LabelRemap remap) throws IOException {
		return measureStreaming(c, remap, null);
	}

	/**
	 * As {@link #measureStreaming(Case, LabelRemap)}; when {@code foreground} is given (length 1), its
	 * element is set to the case's foreground intensities, collected in pass 1.
	 */
	static List<OrganStats> measureStreaming(final Case c, final LabelRemap remap,
			final ForegroundIntensities[] foreground) throws IOException {
		return measureStreaming(c, remap, foreground, false);
	}

	/**
	 * As {@link #measureStreaming(Case, LabelRemap, ForegroundIntensities[])}; with {@code ahead} the image
	 * is decompressed on a thread of its own while this one reads the labels and accumulates (two cores for
	 * one case, same results).
	 */
	static List<OrganStats> measureStreaming(final Case c, final LabelRemap remap,
			final ForegroundIntensities[] foreground, final boolean ahead) throws IOException {
		if (!c.hasLabels()) {
			throw new IllegalArgumentException("case " + c.id() + " has no label file to measure");
		}
		final LabelTable checked = remap == null ? c.labelTable() : remap.source();
		final LabelTable reported = remap == null ? c.labelTable() : remap.target();
		final int[] target = target(checked, remap);
		// with every core busy with other cases, the suite's member files are streamed like any other
		final NiftiReader reader = new NiftiReader().inflateMembersInParallel(ahead);
		final String labelName = c.labels().getFileName().toString();
		OrganAccumulator acc = null;
		NiftiMetadata imageMeta = null;
		for (int pass = 1; pass <= 2; pass++) {
			try (NiftiPlaneReader image = reader.openPlanes(c.image());
					NiftiPlaneReader labels = reader.openPlanes(c.labels());
					PlaneFeeder feed = new PlaneFeeder(image, ahead, c.image().getFileName().toString())) {
				imageMeta = image.metadata();
				if (acc == null) {
					acc = accumulator(c, imageMeta, labels.metadata(), labelName);
					if (foreground != null) {
						foreground[0] = new ForegroundIntensities(imageMeta.datatype(), acc.slope(), acc.intercept(),
								imageMeta.dims(), imageMeta.header().spacingMm());
						acc.collectForeground(foreground[0]);
					}
				} else if (!acc.needsSecondPass()) {
					break;
				}
				final NiftiMetadata lm = labels.metadata();
				final NiftiDatatype lt = lm.datatype();
				final NiftiHeader lh = lm.header();
				final int w = (int) imageMeta.dims()[0];
				final int h = (int) imageMeta.dims()[1];
				final Object stored = labels.newPlane().getCurrentStorageArray();
				final byte[] labelPlane = new byte[w * h];
				final LabelMaps.Checker check = new LabelMaps.Checker(checked, target);
				while (feed.hasNext()) {
					final PlaneFeeder.Plane plane = feed.next();
					try {
						final int z = plane.z;
						labels.next(stored);
						check.convert(lt, stored, labelPlane, lh.slope(), lh.intercept(), z);
						if (check.failed()) {
							// Read on to list every bad value with its count, as LabelMaps does.
							continue;
						}
						if (pass == 1) {
							acc.addPlane(plane.array, labelPlane, z, w, h);
						} else {
							acc.addPlaneSecondPass(plane.array, labelPlane, z, w, h);
						}
					} finally {
						feed.release(plane);
					}
				}
				// The data's integrity first: a corrupt gzip stream decodes to wrong values, and must be
				// reported as the data error it is, not as the label values it happens to produce.
				feed.finish();
				labels.finish();
				check.throwIfAny(labelName, imageMeta.dims());
				if (pass == 1) {
					acc.flushForeground();
				}
			}
			if (!acc.needsSecondPass()) {
				break;
			}
		}
		final NiftiHeader ih = imageMeta.header();
		final double voxelMl = OrganStatistics.voxelVolumeMl(ih);
		final String dataset = c.datasetName();
		final String split = c.split() == null ? "" : c.split().code();
		final List<OrganStats> rows = new ArrayList<>();
		for (final Label l : reported.labels()) {
			rows.add(OrganStats.of(dataset, split, c.id(), c.modality(), l.name(), acc.measures(l.id()),
					imageMeta.affine(), voxelMl));
		}
		acc.release();
		return rows;
	}

	/**
	 * The first column's name for a dataset: {@code ctorg} or {@code amos22} (an nnU-Net dataset's is its folder
	 * name: {@link Case#datasetName()}).
	 */
	public static String datasetName(final DatasetKind kind) {
		return kind == DatasetKind.AMOS22 ? "amos22" : "ctorg";
	}

	private static OrganAccumulator accumulator(final Case c, final NiftiMetadata im, final NiftiMetadata lm,
			final String labelName) throws IOException {
		final long[] dims = im.dims();
		if (dims.length != 3) {
			throw new IllegalArgumentException(c.image().getFileName() + ": image has " + dims.length
					+ " dimensions (" + Arrays.toString(dims) + "), expected 3");
		}
		if (lm.datatype() == NiftiDatatype.RGB24) {
			throw new LabelValueException(labelName, Collections.emptyMap(), labelName
					+ ": RGB24 data cannot be a label map; expected integer or float voxels with ids of table "
					+ c.labelTable().name() + " (" + c.labelTable().idRange() + ")");
		}
		if (!Arrays.equals(dims, lm.dims())) {
			throw new GridMismatchException(c.labels(), labelName + ": dims " + Arrays.toString(lm.dims())
					+ " differ from the image's " + Arrays.toString(dims) + " (" + c.image().getFileName()
					+ "); a label map needs its image's grid");
		}
		final double diff = im.affine().maxAbsDifference(lm.affine());
		if (!(diff <= CaseReader.AFFINE_TOLERANCE_MM)) {
			throw new GridMismatchException(c.labels(), labelName + ": affine differs from the image's ("
					+ c.image().getFileName() + ") by up to " + diff + " mm, more than the "
					+ CaseReader.AFFINE_TOLERANCE_MM + " mm allowed");
		}
		final NiftiHeader h = im.header();
		return new OrganAccumulator((int) dims[0], (int) dims[1], (int) dims[2], im.datatype(), h.slope(),
				h.intercept(), h.spacingMm());
	}

	/** Value → output label for 0..255: -1 for values outside the checked table, unmapped ones to 0. */
	private static int[] target(final LabelTable checked, final LabelRemap remap) {
		final int[] target = new int[256];
		Arrays.fill(target, -1);
		for (final Label l : checked.labels()) {
			final int v = l.id();
			target[v] = remap == null ? v : remap.isMapped(v) ? (int) remap.map(v) : 0;
		}
		return target;
	}
}
