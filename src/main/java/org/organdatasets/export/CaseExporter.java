package org.organdatasets.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.organdatasets.dataset.Case;
import org.organdatasets.dataset.CaseReader;
import org.organdatasets.dataset.OrganCase;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiWriter;
import org.organdatasets.split.SplitPlan;

/**
 * Exports one case: reads image (as stored) and labels (checked, uint8) with {@link CaseReader}, which
 * refuses grids that disagree; encodes the image ({@link NnunetExport.ImageType}); brings the labels to the
 * target table in place; writes both with {@link NiftiWriter} keeping the source geometry. Safe for use by
 * several threads at once.
 */
final class CaseExporter {

	private final LabelHarmony harmony;
	private final NnunetExport.ImageType images;
	private final int gzipThreads;
	private final boolean replaceFiles;

	CaseExporter(final LabelHarmony harmony, final NnunetExport.ImageType images, final int gzipThreads,
			final boolean replaceFiles) {
		this.harmony = harmony;
		this.images = images;
		this.gzipThreads = gzipThreads;
		this.replaceFiles = replaceFiles;
	}

	/** Writes the case's image to {@code imageOut} and, when it has labels, the labels to {@code labelOut}. */
	void export(final SplitPlan.Entry e, final Path imageOut, final Path labelOut) throws IOException {
		final Case c = e.caze();
		final OrganCase oc = new CaseReader().imageScaling(false).read(c);
		final NiftiImage image = images == NnunetExport.ImageType.INT16_WHERE_LOSSLESS && c.modality().equals("CT")
				? int16WhereLossless(oc.image()) : oc.image();
		final NiftiWriter writer = new NiftiWriter().keepSourceGeometry(true).threads(gzipThreads).overwrite(replaceFiles);
		if (oc.hasLabels()) {
			remap(oc.labelImg(), harmony.lut(c.kind()), c.labels().getFileName() + " (" + e.id() + ")");
			writer.write(oc.labels(), labelOut);
		}
		writer.write(image, imageOut);
	}

	/**
	 * The image as int16 with slope 1 and intercept 0 when every scaled value ({@code raw * slope + inter} in
	 * double, as the reader computes it) is an integer in -32768..32767; otherwise the image unchanged.
	 * Unscaled int16, RGB and views are returned unchanged.
	 */
	static NiftiImage int16WhereLossless(final NiftiImage raw) {
		final NiftiDatatype t = raw.datatype();
		final PlanarImg<?, ?> planar = raw.planar();
		if (planar == null || t == NiftiDatatype.RGB24 || t == NiftiDatatype.INT16 && !raw.needsScaling()) {
			return raw;
		}
		final PlanarImg<ShortType, ShortArray> out = PlanarImgs.shorts(raw.dims());
		final double slope = raw.slope();
		final double inter = raw.intercept();
		for (int p = 0; p < planar.numSlices(); p++) {
			final Object src = ((ArrayDataAccess<?>) planar.getPlane(p)).getCurrentStorageArray();
			if (!toInt16(t, src, out.getPlane(p).getCurrentStorageArray(), slope, inter)) {
				return raw;
			}
		}
		return new NiftiImage(out, NiftiDatatype.INT16, 1, 0, raw.affine(), raw.metadata());
	}

	private static boolean toInt16(final NiftiDatatype t, final Object src, final short[] dst, final double slope,
			final double inter) {
		for (int i = 0; i < dst.length; i++) {
			final double v = t.value(src, i) * slope + inter;
			if (v != Math.rint(v) || v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
				return false;
			}
			dst[i] = (short) v;
		}
		return true;
	}

	/**
	 * Maps every voxel through {@code lut} in place.
	 *
	 * @throws IllegalArgumentException listing values the lookup has no entry for
	 */
	static void remap(final PlanarImg<UnsignedByteType, ByteArray> labels, final int[] lut, final String name) {
		final long[] counts = new long[256];
		for (int p = 0; p < labels.numSlices(); p++) {
			for (final byte b : labels.getPlane(p).getCurrentStorageArray()) {
				counts[b & 0xff]++;
			}
		}
		final Map<Integer, Long> bad = new TreeMap<>();
		for (int v = 0; v < counts.length; v++) {
			if (counts[v] > 0 && lut[v] < 0) {
				bad.put(v, counts[v]);
			}
		}
		if (!bad.isEmpty()) {
			throw new IllegalArgumentException(name + ": label values " + bad + " (value=voxels) have no entry in the remap");
		}
		for (int p = 0; p < labels.numSlices(); p++) {
			final byte[] a = labels.getPlane(p).getCurrentStorageArray();
			for (int i = 0; i < a.length; i++) {
				a[i] = (byte) lut[a[i] & 0xff];
			}
		}
	}
}
