package org.organdatasets.ij1;

import ij.ImagePlus;

import java.util.Arrays;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

import org.organdatasets.label.LabelRemap;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;

/** Label images in ImageJ: remapping an {@link ImagePlus} of labels to another table's ids and colours. */
public final class LabelImages {

	/** Highest CT-ORG label id; a label image with higher values is taken as AMOS22. */
	private static final int CT_ORG_MAX = 6;

	private LabelImages() {
	}

	/**
	 * A new 8-bit label image: {@code labels} through {@code remap} (unmapped values handled by
	 * {@code policy}), coloured with the target table, same calibration and affine.
	 *
	 * @throws IllegalArgumentException when a voxel is not a whole number 0..255, or unmapped values
	 *             exist under {@link LabelRemap.Unmapped#ERROR} (the message lists them with counts)
	 */
	public static ImagePlus remap(final ImagePlus labels, final LabelRemap remap, final LabelRemap.Unmapped policy) {
		final NiftiImage n = ImagePlusBridge.toNiftiImage(labels);
		final RandomAccessibleInterval<? extends IntegerType<?>> ints = integers(n, labels.getTitle());
		final RandomAccessibleInterval<UnsignedByteType> view = remap.apply(ints, policy);
		final PlanarImg<UnsignedByteType, ?> out = PlanarImgs.unsignedBytes(n.dims());
		final Cursor<UnsignedByteType> src = Views.flatIterable(view).cursor();
		final Cursor<UnsignedByteType> dst = out.cursor();
		while (dst.hasNext()) {
			dst.next().set(src.next());
		}
		final String title = labels.getTitle() + " (" + remap.target().name() + ")";
		final ImagePlus result = ImagePlusBridge.toImagePlus(NiftiImage.of(out, NiftiDatatype.UINT8, n.affine()), title);
		result.setCalibration(labels.getCalibration().copy());
		OrganLuts.apply(result, remap.target());
		return result;
	}

	/**
	 * The table a label image uses: the one it was coloured with, else AMOS22 when it holds values above
	 * 6, else CT-ORG.
	 */
	@SuppressWarnings("unchecked")
	public static LabelTable tableOf(final ImagePlus labels) {
		final LabelTable coloured = OrganLuts.tableOf(labels);
		if (coloured != null) {
			return coloured;
		}
		final NiftiImage n = ImagePlusBridge.toNiftiImage(labels);
		for (final RealType<?> t : Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) n.data())) {
			if (t.getRealDouble() > CT_ORG_MAX) {
				return LabelTables.amos22();
			}
		}
		return LabelTables.ctOrg();
	}

	/** The labels as integers: integer images as they are, float images after checking every value. */
	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends IntegerType<?>> integers(final NiftiImage n, final String title) {
		if (n.datatype().isInteger() && !n.needsScaling()) {
			return (RandomAccessibleInterval<? extends IntegerType<?>>) n.data();
		}
		final PlanarImg<UnsignedByteType, ?> bytes = PlanarImgs.unsignedBytes(n.dims());
		final Cursor<? extends RealType<?>> src = Views.flatIterable(
				(RandomAccessibleInterval<? extends RealType<?>>) n.data()).localizingCursor();
		final Cursor<UnsignedByteType> dst = bytes.cursor();
		while (src.hasNext()) {
			final double v = src.next().getRealDouble() * n.slope() + n.intercept();
			if (v != Math.rint(v) || v < 0 || v > 255) {
				final long[] at = new long[src.numDimensions()];
				src.localize(at);
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"%s: voxel %s holds %s, not a label (a whole number 0..255)", title, Arrays.toString(at),
						v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)));
			}
			dst.next().set((int) v);
		}
		return bytes;
	}
}
