package org.organdatasets.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.junit.Test;

/**
 * Every file of {@code fixtures/real/manifest.tsv}, written by SPM, dcm2niix, ITK, nifticlib and
 * others, must read as nibabel reads it: dims, datatype, byte order, affine, axis codes, and the sums
 * of the scaled data; or be refused with the documented message.
 */
public class NiftiManifestTest {

	private static final double REL = 1e-9;

	@Test
	public void everyManifestFileReadsAsNibabelDoes() throws Exception {
		final List<Map<String, String>> rows = Fixtures.table("real/manifest.tsv");
		assertEquals(9, rows.size());
		int checked = 0;
		for (final Map<String, String> row : rows) {
			final Path file = Fixtures.path("real/" + row.get("file"));
			final String format = row.get("format");
			if (format.startsWith("nifti2")) {
				try {
					new NiftiReader().read(file);
					fail(file + " is NIfTI-2 and must be refused");
				} catch (final NiftiFormatException e) {
					assertEquals(file + ": not NIfTI-1: this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 "
							+ "(sizeof_hdr 348) is supported, convert it with e.g. nibabel or nifti_tool", e.getMessage());
				}
				checked++;
				continue;
			}
			// The data half of a pair carries no facts of its own: it must read as its .hdr does.
			final Map<String, String> facts = format.equals("pair-data") ? find(rows, "nifticlib/anatomical_pair.hdr") : row;
			for (final boolean scaled : new boolean[] { true, false }) {
				final NiftiImage img = new NiftiReader().applyScaling(scaled).read(file);
				check(file + (scaled ? " (scaled)" : " (raw)"), facts, img);
				if (!scaled) {
					// NIfTI Info's streamed summary adds the raw values scaled in double in the same order as
					// the summary of the image read whole: equal to the last bit
					final VoxelSummary whole = VoxelSummary.of(img);
					final VoxelSummary streamed = VoxelSummary.read(file);
					assertEquals(file + " streamed voxels", whole.voxels(), streamed.voxels());
					assertEquals(file + " streamed nonfinite", whole.nonfinite(), streamed.nonfinite());
					assertEquals(file + " streamed sum", bits(whole.sum()), bits(streamed.sum()));
					assertEquals(file + " streamed min", bits(whole.min()), bits(streamed.min()));
					assertEquals(file + " streamed max", bits(whole.max()), bits(streamed.max()));
				}
			}
			checked++;
		}
		assertEquals(rows.size(), checked);
	}

	@Test
	public void bigEndianPairAndLittleEndianCopiesHoldTheSameVoxels() throws Exception {
		final NiftiImage spm = new NiftiReader().applyScaling(false).read(Fixtures.path("real/nibabel/anatomical.nii"));
		final NiftiImage pair = new NiftiReader().applyScaling(false).read(Fixtures.path("real/nifticlib/anatomical_pair.img"));
		assertEquals(ByteOrder.BIG_ENDIAN, spm.metadata().byteOrder());
		assertEquals(ByteOrder.LITTLE_ENDIAN, pair.metadata().byteOrder());
		assertEquals(NiftiFormat.Kind.PAIR, pair.metadata().source().kind());
		final Path le = Files.createTempFile("anatomical-le", ".nii.gz");
		try {
			new NiftiWriter().overwrite(true).byteOrder(ByteOrder.LITTLE_ENDIAN).write(spm, le);
			final NiftiImage copy = new NiftiReader().applyScaling(false).read(le);
			for (final NiftiImage other : new NiftiImage[] { pair, copy }) {
				assertEquals(spm.planar().numSlices(), other.planar().numSlices());
				for (int z = 0; z < spm.planar().numSlices(); z++) {
					assertArrayEquals("slice " + z, (short[]) ((ArrayDataAccess<?>) spm.planar().getPlane(z)).getCurrentStorageArray(),
							(short[]) ((ArrayDataAccess<?>) other.planar().getPlane(z)).getCurrentStorageArray());
				}
				assertTrue(other.affine().maxAbsDifference(spm.affine()) < 1e-5);
			}
		} finally {
			Files.deleteIfExists(le);
		}
	}

	private static long bits(final double v) {
		return Double.doubleToLongBits(v);
	}

	private static Map<String, String> find(final List<Map<String, String>> rows, final String file) {
		for (final Map<String, String> r : rows) {
			if (r.get("file").equals(file)) {
				return r;
			}
		}
		throw new AssertionError("no manifest row " + file);
	}

	private static void check(final String what, final Map<String, String> row, final NiftiImage img) {
		final NiftiMetadata meta = img.metadata();
		assertEquals(what + " dims", row.get("dims"), meta.header().dimsString());
		assertEquals(what + " data shape", row.get("data_shape"), join(img.dims()));
		assertEquals(what + " datatype", Integer.parseInt(row.get("datatype")), meta.header().datatypeCode());
		assertEquals(what + " byte order", row.get("endian").equals("BE") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
				meta.byteOrder());
		assertEquals(what + " gzip", row.get("gz").equals("1"), meta.source().dataGzip());
		assertEquals(what + " axcodes", row.get("axcodes"), img.orientation().toString());
		final String[] aff = row.get("affine").split(";");
		assertEquals(12, aff.length);
		for (int k = 0; k < 12; k++) {
			final double expected = Double.parseDouble(aff[k]);
			// The manifest prints %.6g: compare to its precision.
			assertEquals(what + " affine[" + k + "]", expected, img.affine().get(k / 4, k % 4),
					1e-5 * Math.max(1, Math.abs(expected)));
		}
		final VoxelSummary s = VoxelSummary.of(img);
		assertEquals(what + " nonfinite", Long.parseLong(row.get("nonfinite")), s.nonfinite());
		assertRel(what + " sum", row.get("sum"), s.sum());
		assertRel(what + " min", row.get("min"), s.min());
		assertRel(what + " max", row.get("max"), s.max());
		assertRel(what + " mean", row.get("mean"), s.mean());
		final double[] wsum = weightedSums(img);
		final String[] names = { "wsum_i", "wsum_j", "wsum_k", "wsum_t" };
		for (int d = 0; d < img.dims().length && d < 4; d++) {
			assertRel(what + " " + names[d], row.get(names[d]), wsum[d]);
		}
		final long[] dims = img.dims();
		final long[] first = new long[dims.length];
		final long[] center = new long[dims.length];
		final long[] last = new long[dims.length];
		for (int d = 0; d < dims.length; d++) {
			center[d] = dims[d] / 2;
			last[d] = dims[d] - 1;
		}
		assertRel(what + " v_first", row.get("v_first"), value(img, first));
		assertRel(what + " v_center", row.get("v_center"), value(img, center));
		assertRel(what + " v_last", row.get("v_last"), value(img, last));
	}

	private static void assertRel(final String what, final String expected, final double actual) {
		final double e = Double.parseDouble(expected);
		assertEquals(what, e, actual, REL * Math.max(1, Math.abs(e)));
	}

	@SuppressWarnings("unchecked")
	private static double value(final NiftiImage img, final long[] pos) {
		final RandomAccess<? extends RealType<?>> ra = ((RandomAccessibleInterval<? extends RealType<?>>) img.data())
				.randomAccess();
		ra.setPosition(pos);
		return ra.get().getRealDouble() * img.slope() + img.intercept();
	}

	/** Sum over voxels of value · (index + 1) along each of the first four axes, as the manifest does. */
	@SuppressWarnings("unchecked")
	static double[] weightedSums(final NiftiImage img) {
		final double[] w = new double[4];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(
				(RandomAccessibleInterval<? extends RealType<?>>) img.data()).localizingCursor();
		final int n = Math.min(4, img.dims().length);
		while (c.hasNext()) {
			final double v = c.next().getRealDouble() * img.slope() + img.intercept();
			if (!Double.isFinite(v)) {
				continue;
			}
			for (int d = 0; d < n; d++) {
				w[d] += v * (c.getLongPosition(d) + 1);
			}
		}
		return w;
	}

	private static String join(final long[] dims) {
		final StringBuilder sb = new StringBuilder();
		for (final long d : dims) {
			sb.append(sb.length() > 0 ? "x" : "").append(d);
		}
		return sb.toString();
	}
}
