package org.organdatasets.nifti;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Test;

/**
 * The tiny CT-ORG and AMOS22 files written by nibabel: every file's layout, scaling, codes, spacing and
 * orientation as {@code cases.tsv} says, and organ centroids in world coordinates as nibabel computed
 * them in {@code reference_stats.csv}.
 */
public class SyntheticTinyTest {

	@Test
	public void everyFileMatchesCasesTsv() throws Exception {
		final List<Map<String, String>> rows = Fixtures.table("synthetic-tiny/cases.tsv");
		assertEquals(23, rows.size());
		for (final Map<String, String> row : rows) {
			final String file = row.get("file");
			final NiftiImage img = new NiftiReader().applyScaling(false).read(Fixtures.path("synthetic-tiny/" + file));
			final NiftiHeader h = img.metadata().header();
			assertEquals(file, row.get("shape"), h.dimsString());
			assertEquals(file, row.get("orient"), img.orientation().toString());
			assertEquals(file, row.get("dtype").toUpperCase(), h.datatype().name());
			assertEquals(file, Float.parseFloat(row.get("scl_slope")), h.sclSlope(), 0);
			assertEquals(file, Float.parseFloat(row.get("scl_inter")), h.sclInter(), 0);
			assertEquals(file, Integer.parseInt(row.get("sform_code")), h.sformCode());
			assertEquals(file, Integer.parseInt(row.get("qform_code")), h.qformCode());
			assertEquals(file, row.get("endian").equals("BE") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
					h.byteOrder());
			// cases.tsv gives the spacing along world x, y, z (the phantom's grid before any axis flips or swaps).
			final String[] spacing = row.get("spacing").split("x");
			for (int d = 0; d < 3; d++) {
				final double expected = Double.parseDouble(spacing[img.orientation().worldAxis(d)]);
				assertEquals(file + " spacing " + d, expected, img.spacingMm()[d], 1e-5 * expected);
			}
		}
	}

	@Test
	public void affinesAndCentroidsMatchNibabel() throws Exception {
		int organs = 0;
		for (final Map<String, String> ref : Fixtures.table("synthetic-tiny/reference_stats.csv")) {
			final NiftiImage image = new NiftiReader().read(Fixtures.path("synthetic-tiny/" + ref.get("image")));
			final NiftiHeader h = image.metadata().header();
			assertEquals(ref.get("image"), ref.get("affine_source"), h.affineSource().toString());
			assertEquals(ref.get("dim_i") + "x" + ref.get("dim_j") + "x" + ref.get("dim_k"), h.dimsString());
			for (int d = 0; d < 3; d++) {
				final double expected = Double.parseDouble(ref.get("pixdim_" + "ijk".charAt(d)));
				assertEquals(expected, h.pixdim(d + 1), 1e-6 * expected);
			}
			final long id = Long.parseLong(ref.get("label_id"));
			if (Long.parseLong(ref.get("voxel_count")) == 0 || id == 0) {
				continue;
			}
			final NiftiImage labels = new NiftiReader().read(Fixtures.path("synthetic-tiny/" + ref.get("labels")));
			final double[] c = centroid(labels, id);
			final String what = ref.get("labels") + " label " + id;
			assertEquals(what + " count", Long.parseLong(ref.get("voxel_count")), (long) c[3]);
			final double[] world = image.affine().apply(c[0], c[1], c[2]);
			for (int d = 0; d < 3; d++) {
				final double ei = Double.parseDouble(ref.get("centroid_" + "ijk".charAt(d)));
				assertEquals(what + " centroid index " + d, ei, c[d], 1e-9 * Math.max(1, Math.abs(ei)));
				final double ew = Double.parseDouble(ref.get("centroid_" + "xyz".charAt(d)));
				assertEquals(what + " centroid world " + d, ew, world[d], 1e-7 * Math.max(1, Math.abs(ew)));
			}
			if (ref.get("dataset").equals("ctorg") && id == 1) {
				assertTrue(what + ": the liver lies on the subject's right, world x > 0", world[0] > 0);
				organs++;
			}
		}
		assertEquals("every CT-ORG case has a liver", 8, organs);
	}

	/** Mean voxel index (i, j, k) of the voxels holding {@code label}, and their count. */
	@SuppressWarnings("unchecked")
	private static double[] centroid(final NiftiImage labels, final long label) {
		final Cursor<? extends RealType<?>> c = Views.flatIterable(
				(RandomAccessibleInterval<? extends RealType<?>>) labels.data()).localizingCursor();
		double si = 0;
		double sj = 0;
		double sk = 0;
		long n = 0;
		while (c.hasNext()) {
			if (c.next().getRealDouble() * labels.slope() + labels.intercept() == label) {
				si += c.getLongPosition(0);
				sj += c.getLongPosition(1);
				sk += c.getLongPosition(2);
				n++;
			}
		}
		return new double[] { si / n, sj / n, sk / n, n };
	}
}
