package org.organdatasets.ij1;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.dataset.LabelMaps;
import org.organdatasets.dataset.LabelValueException;
import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.stats.OrganStats;
import org.organdatasets.stats.OrganStatistics;

/** Organ statistics of ImageJ images: an intensity image and its label image, measured without copies. */
public final class OrganMeasurements {

	private OrganMeasurements() {
	}

	/**
	 * One row per label of the table (absent organs with voxel count 0), the columns of
	 * {@link OrganStats#COLUMNS}; dataset, split, case and modality are the case facts Open Case put on the
	 * image, else empty with the image title as the case. Image and labels must be two windows.
	 *
	 * @throws LabelValueException when the label image holds values that are not ids of the table
	 * @throws IllegalArgumentException when the two images do not have the same size
	 */
	public static ResultsTable measure(final ImagePlus image, final ImagePlus labels, final LabelTable table)
			throws LabelValueException {
		return Tables.of(OrganStats.COLUMNS, rows(image, labels, table));
	}

	/**
	 * The rows of {@link #measure} as column → text maps (the text {@code organ_statistics.csv} holds).
	 *
	 * @throws LabelValueException as {@link #measure}
	 * @throws IllegalArgumentException as {@link #measure}
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, String>> rows(final ImagePlus image, final ImagePlus labels,
			final LabelTable table) throws LabelValueException {
		if (image == labels) {
			throw new IllegalArgumentException("image and labels are the same window [" + image.getTitle()
					+ "]; choose the case's image as image and its label map as labels");
		}
		if (image.getWidth() != labels.getWidth() || image.getHeight() != labels.getHeight()
				|| image.getStackSize() != labels.getStackSize()) {
			throw new IllegalArgumentException(labels.getTitle() + " is " + size(labels) + " but " + image.getTitle()
					+ " is " + size(image) + "; labels need their image's grid");
		}
		final NiftiImage img = ImagePlusBridge.toNiftiImage(image);
		final NiftiImage lab = LabelMaps.toLabelImage(ImagePlusBridge.toNiftiImage(labels), table, labels.getTitle());
		final List<OrganStats> rows = OrganStatistics.measure(img, (PlanarImg<UnsignedByteType, ByteArray>) lab.planar(),
				table, fact(image, CaseImages.PROP_DATASET, ""), fact(image, CaseImages.PROP_SPLIT, ""),
				fact(image, CaseImages.PROP_CASE, image.getTitle()), fact(image, CaseImages.PROP_MODALITY, ""));
		final List<Map<String, String>> maps = new ArrayList<>();
		for (final OrganStats s : rows) {
			maps.add(s.toMap());
		}
		return maps;
	}

	/** A case fact Open Case put on the image ({@link CaseImages#setCaseFacts}), else {@code otherwise}. */
	private static String fact(final ImagePlus imp, final String key, final String otherwise) {
		final String v = imp.getProp(key);
		return v != null ? v : otherwise;
	}

	private static String size(final ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize();
	}
}
