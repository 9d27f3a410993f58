package org.organdatasets.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.GridMismatchException;
import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.label.Label;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/**
 * Statistics of an image in memory: both passes of {@link OrganAccumulator} over its planes, then one
 * {@link OrganStats} row per label of the table.
 */
public final class OrganStatistics {

	private OrganStatistics() {
	}

	/**
	 * Runs pass 1 and, when needed, pass 2 over the planes of a 3-D image and its labels.
	 *
	 * @param image raw or scaled data as a {@link PlanarImg}; its {@link NiftiImage#slope()} and
	 *            {@link NiftiImage#intercept()} are applied (read with {@code applyScaling(false)} to get
	 *            the float64 scaling of the statistic definitions)
	 * @param labels uint8 labels on the same grid
	 * @throws IllegalArgumentException for a view, a non-3-D image or other grids
	 */
	public static OrganAccumulator accumulate(final NiftiImage image,
			final PlanarImg<UnsignedByteType, ByteArray> labels) {
		final PlanarImg<?, ?> data = image.planar();
		if (data == null) {
			throw new IllegalArgumentException("image data must be a PlanarImg as read, not a view");
		}
		final long[] dims = image.dims();
		if (dims.length != 3) {
			throw new IllegalArgumentException("image has " + dims.length + " dimensions, expected 3");
		}
		final long[] ldims = new long[labels.numDimensions()];
		labels.dimensions(ldims);
		if (!Arrays.equals(dims, ldims)) {
			throw new IllegalArgumentException("labels are " + Arrays.toString(ldims) + ", the image "
					+ Arrays.toString(dims) + ": a label map needs its image's grid");
		}
		final int w = (int) dims[0];
		final int h = (int) dims[1];
		final int d = (int) dims[2];
		final OrganAccumulator acc = new OrganAccumulator(w, h, d, image.datatype(), image.slope(),
				image.intercept(), spacingMm(image));
		for (int z = 0; z < d; z++) {
			acc.addPlane(plane(data, z), labels.getPlane(z).getCurrentStorageArray(), z, w, h);
		}
		if (acc.needsSecondPass()) {
			for (int z = 0; z < d; z++) {
				acc.addPlaneSecondPass(plane(data, z), labels.getPlane(z).getCurrentStorageArray(), z, w, h);
			}
		}
		return acc;
	}

	private static Object plane(final PlanarImg<?, ?> img, final int z) {
		return ((ArrayDataAccess<?>) img.getPlane(z)).getCurrentStorageArray();
	}

	/**
	 * One row per label of the table, in id order (absent labels with count 0).
	 *
	 * @param image the image, as for {@link #accumulate}
	 * @param labels uint8 labels on the image's grid
	 * @param table the labels to report, one row each
	 * @param dataset first column, e.g. {@code ctorg}
	 * @param split second column, e.g. {@code Tr} or empty
	 * @param caseId third column, e.g. {@code amos_0146}
	 * @param modality fourth column, e.g. {@code CT} or empty
	 * @throws IllegalArgumentException as {@link #accumulate}
	 */
	public static List<OrganStats> measure(final NiftiImage image, final PlanarImg<UnsignedByteType, ByteArray> labels,
			final LabelTable table, final String dataset, final String split, final String caseId,
			final String modality) {
		final OrganAccumulator acc = accumulate(image, labels);
		final double voxelMl = voxelVolumeMl(image);
		final List<OrganStats> rows = new ArrayList<>();
		for (final Label l : table.labels()) {
			rows.add(OrganStats.of(dataset, split, caseId, modality, l.name(), acc.measures(l.id()), image.affine(),
					voxelMl));
		}
		return rows;
	}

	/**
	 * Statistics of a dataset case, one row per label of its table: reads the image raw (scaling applied
	 * in double here, as the definitions say) and the labels (checked against the table, as
	 * {@link CaseReader} does), and checks they share a grid (dims, affine within
	 * {@link CaseReader#AFFINE_TOLERANCE_MM} mm). Columns: dataset {@code ctorg} or {@code amos22}, the
	 * split's code, the case id, its modality.
	 *
	 * @throws IOException for unreadable files, bad label values ({@link org.organdatasets.dataset.LabelValueException})
	 *             or another grid ({@link GridMismatchException})
	 * @throws IllegalArgumentException for a case without labels
	 */
	public static List<OrganStats> measure(final Case c) throws IOException {
		if (!c.hasLabels()) {
			throw new IllegalArgumentException("case " + c.id() + " has no label file to measure");
		}
		final NiftiImage image = new NiftiReader().applyScaling(false).read(c.image());
		final String labelName = c.labels().getFileName().toString();
		final NiftiImage labels = LabelMaps.toLabelImage(new NiftiReader().applyScaling(false).read(c.labels()),
				c.labelTable(), labelName);
		if (!Arrays.equals(image.dims(), labels.dims())) {
			throw new GridMismatchException(c.labels(), labelName + ": dims " + Arrays.toString(labels.dims())
					+ " differ from the image's " + Arrays.toString(image.dims()) + " ("
					+ c.image().getFileName() + "); a label map needs its image's grid");
		}
		final double diff = image.affine().maxAbsDifference(labels.affine());
		if (!(diff <= CaseReader.AFFINE_TOLERANCE_MM)) {
			throw new GridMismatchException(c.labels(), labelName + ": affine differs from the image's ("
					+ c.image().getFileName() + ") by up to " + diff + " mm, more than the "
					+ CaseReader.AFFINE_TOLERANCE_MM + " mm allowed");
		}
		@SuppressWarnings("unchecked")
		final PlanarImg<UnsignedByteType, ByteArray> planes = (PlanarImg<UnsignedByteType, ByteArray>) labels.planar();
		return measure(image, planes, c.labelTable(), c.datasetName(),
				c.split() == null ? "" : c.split().code(), c.id(), c.modality());
	}

	/** Voxel sizes in mm: |pixdim[1..3]| of the file, or the affine's column lengths without a file. */
	public static double[] spacingMm(final NiftiImage image) {
		if (image.metadata() == null) {
			return image.spacingMm();
		}
		return image.metadata().header().spacingMm();
	}

	/**
	 * mL per voxel: |pixdim1 · pixdim2 · pixdim3| / 1000 (times the unit to mm), computed as the reference
	 * does; from the affine's column lengths for an image without a file.
	 */
	public static double voxelVolumeMl(final NiftiImage image) {
		if (image.metadata() == null) {
			final double[] s = image.spacingMm();
			return Math.abs(s[0] * s[1] * s[2]) / 1000.0;
		}
		return voxelVolumeMl(image.metadata().header());
	}

	/** mL per voxel of a header: |pixdim1 · pixdim2 · pixdim3| / 1000, converted from the file's units to mm. */
	public static double voxelVolumeMl(final NiftiHeader h) {
		final double u = h.mmPerUnit();
		final double v = Math.abs((double) h.pixdim(1) * (double) h.pixdim(2) * (double) h.pixdim(3)) / 1000.0;
		return u == 1 ? v : v * u * u * u;
	}
}
