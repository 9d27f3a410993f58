package org.organdatasets.dataset;

import java.io.IOException;
import java.util.Objects;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.label.LabelTable;
import org.organdatasets.nifti.NiftiImage;

/**
 * An opened case: the image (scaled, e.g. Hounsfield units), the labels as an 8-bit label image on the
 * same grid (or none), and the {@link Case} they came from. Made by {@link CaseReader}.
 */
public final class OrganCase {

	private final Case caze;
	private final NiftiImage image;
	private final NiftiImage labels;
	private final PlanarImg<UnsignedByteType, ByteArray> labelImg;
	private final double affineDifferenceMm;

	@SuppressWarnings("unchecked")
	OrganCase(final Case caze, final NiftiImage image, final NiftiImage labels, final double affineDifferenceMm) {
		this.caze = Objects.requireNonNull(caze, "case");
		this.image = Objects.requireNonNull(image, "image");
		this.labels = labels;
		this.labelImg = labels == null ? null : (PlanarImg<UnsignedByteType, ByteArray>) labels.planar();
		this.affineDifferenceMm = affineDifferenceMm;
	}

	/** Opens a case, as {@link CaseReader#open(Case)}. */
	public static OrganCase open(final Case c) throws IOException {
		return CaseReader.open(c);
	}

	/** The case ({@code case} is a Java keyword). */
	public Case caze() {
		return caze;
	}

	/** The image, scaled ({@code scl_slope}/{@code scl_inter} applied), with its file's affine. */
	public NiftiImage image() {
		return image;
	}

	/**
	 * The labels: uint8 ({@link org.organdatasets.nifti.NiftiDatatype#UINT8}, no scaling) with the label
	 * file's affine and metadata; {@code null} when the case has no label file.
	 */
	public NiftiImage labels() {
		return labels;
	}

	/** The label voxels as a {@link PlanarImg} of {@link UnsignedByteType}, or {@code null}. */
	public PlanarImg<UnsignedByteType, ByteArray> labelImg() {
		return labelImg;
	}

	/** Whether labels were read. */
	public boolean hasLabels() {
		return labels != null;
	}

	/** The case's label table (AMOS22 label 15 named by sex when the metadata says). */
	public LabelTable labelTable() {
		return caze.labelTable();
	}

	/**
	 * Largest absolute difference between the image's and the labels' affine elements, in mm (within
	 * {@link CaseReader#AFFINE_TOLERANCE_MM} or the case would not have opened); 0 without labels.
	 */
	public double affineDifferenceMm() {
		return affineDifferenceMm;
	}

	@Override
	public String toString() {
		final StringBuilder dims = new StringBuilder();
		for (final long d : image.dims()) {
			dims.append(dims.length() == 0 ? "" : "x").append(d);
		}
		return caze.id() + ": image " + dims + " " + image.datatype()
				+ (labels == null ? ", no labels" : ", labels uint8");
	}
}
