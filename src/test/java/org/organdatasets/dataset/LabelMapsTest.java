package org.organdatasets.dataset;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.Test;
import org.organdatasets.label.LabelTable;
import org.organdatasets.label.LabelTables;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;

/** Conversion of label maps of every stored type to uint8, and the messages for values outside the table. */
public class LabelMapsTest {

	private static final long[] DIMS = { 16, 8, 4 };
	private static final Affine AFFINE = Affine.diagonal(0.8, 0.8, 2.5);

	/** A float32 map of CT-ORG ids drawn from a seeded Random, with {@code planted} values at positions. */
	private static NiftiImage floats(final Object... planted) {
		final PlanarImg<FloatType, ?> img = PlanarImgs.floats(DIMS);
		final Random random = new Random(42);
		img.forEach(t -> t.set(random.nextInt(7)));
		final RandomAccess<FloatType> ra = img.randomAccess();
		for (int i = 0; i < planted.length; i += 2) {
			ra.setPosition((long[]) planted[i + 1]);
			ra.get().set(((Number) planted[i]).floatValue());
		}
		return NiftiImage.of(img, NiftiDatatype.FLOAT32, AFFINE);
	}

	private static long[] at(final long... pos) {
		return pos;
	}

	@Test
	public void streamingReadEqualsWholeReadThenConversionForEveryFixtureLabelMap() throws Exception {
		int files = 0;
		for (final Map<String, String> row : TestData.table("cases.tsv")) {
			if (!row.get("kind").equals("labels")) {
				continue;
			}
			final Path f = TestData.fixture(row.get("file"));
			final LabelTable table = row.get("dataset").equals("ctorg") ? LabelTables.ctOrg()
					: LabelTables.amos22();
			final NiftiImage whole = LabelMaps.toLabelImage(new NiftiReader().applyScaling(false).read(f), table, "x");
			final NiftiImage streamed = LabelMaps.read(f, table, "x");
			assertEquals(NiftiDatatype.UINT8, streamed.datatype());
			assertTrue(f + " affine", streamed.affine().maxAbsDifference(whole.affine()) == 0);
			for (int z = 0; z < whole.planar().numSlices(); z++) {
				assertArrayEquals(f + " plane " + z, (byte[]) ((ArrayDataAccess<?>) whole.planar().getPlane(z))
						.getCurrentStorageArray(), (byte[]) ((ArrayDataAccess<?>) streamed.planar().getPlane(z))
								.getCurrentStorageArray());
			}
			files++;
		}
		assertEquals("8 CT-ORG and 3 AMOS22 label maps (float32, uint8, int16, scaled, big-endian)", 11, files);
	}

	@Test
	public void aNonIntegerValueIsReportedWithCountAndFirstPosition() {
		final NiftiImage raw = floats(7.5, at(10, 4, 2), 7.5, at(11, 4, 2), 7.5, at(3, 5, 3));
		final LabelValueException e = assertThrows(LabelValueException.class,
				() -> LabelMaps.toLabelImage(raw, LabelTables.ctOrg(), "labels-12.nii.gz"));
		assertEquals("labels-12.nii.gz: label value 7.5 (3 voxels, first at [10, 4, 2]) is not an integer in table "
				+ "CT-ORG (0..6)", e.getMessage());
		assertEquals("labels-12.nii.gz", e.file());
		final Map<Double, Long> counts = new LinkedHashMap<>();
		counts.put(7.5, 3L);
		assertEquals(counts, e.counts());
	}

	@Test
	public void severalValuesAreListedInOrder() {
		final NiftiImage raw = floats(9, at(1, 0, 0), -1, at(2, 0, 0), -1, at(2, 0, 1), Float.NaN, at(0, 7, 3), 0.1f,
				at(5, 5, 1));
		final LabelValueException e = assertThrows(LabelValueException.class,
				() -> LabelMaps.toLabelImage(raw, LabelTables.ctOrg(), "labels-12.nii.gz"));
		assertEquals("labels-12.nii.gz: label values -1 (2 voxels, first at [2, 0, 0]), 0.1 (1 voxel, at [5, 5, 1]), "
				+ "9 (1 voxel, at [1, 0, 0]), NaN (1 voxel, at [0, 7, 3]) are not integers in table CT-ORG (0..6)",
				e.getMessage());
	}

	@Test
	public void moreThanTenValuesAreCountedNotListed() {
		final Object[] planted = new Object[2 * 16];
		for (int v = 7; v < 22; v++) {
			planted[2 * (v - 7)] = v;
			planted[2 * (v - 7) + 1] = at(v - 7, 0, 0);
		}
		planted[30] = 7;
		planted[31] = at(0, 0, 3);
		final NiftiImage raw = floats(planted);
		final LabelValueException e = assertThrows(LabelValueException.class,
				() -> LabelMaps.toLabelImage(raw, LabelTables.ctOrg(), "labels-12.nii.gz"));
		final StringBuilder expected = new StringBuilder("labels-12.nii.gz: label values 7 (2 voxels, first at [0, 0, 0])");
		for (int v = 8; v < 17; v++) {
			expected.append(", ").append(v).append(" (1 voxel, at [").append(v - 7).append(", 0, 0])");
		}
		expected.append(" and 5 more voxels of other values are not integers in table CT-ORG (0..6)");
		assertEquals(expected.toString(), e.getMessage());
		assertEquals(LabelMaps.MAX_LISTED_VALUES, e.counts().size());
	}

	@Test
	public void floatIdsBecomeUint8WithTheSameVoxelsAndAffine() throws Exception {
		final NiftiImage raw = floats();
		final NiftiImage labels = LabelMaps.toLabelImage(raw, LabelTables.ctOrg(), "labels-12.nii.gz");
		assertEquals(NiftiDatatype.UINT8, labels.datatype());
		assertEquals(1, labels.slope(), 0);
		assertEquals(0, labels.intercept(), 0);
		assertSame(AFFINE, labels.affine());
		assertArrayEquals(DIMS, labels.dims());
		assertTrue(labels.planar().firstElement() instanceof UnsignedByteType);
		final RandomAccess<FloatType> src = ((PlanarImg<FloatType, ?>) raw.planar()).randomAccess();
		@SuppressWarnings("unchecked")
		final PlanarImg<UnsignedByteType, ByteArray> out = (PlanarImg<UnsignedByteType, ByteArray>) labels.planar();
		final net.imglib2.Cursor<UnsignedByteType> c = out.localizingCursor();
		long n = 0;
		while (c.hasNext()) {
			c.fwd();
			src.setPosition(c);
			assertEquals((int) src.get().get(), c.get().get());
			n++;
		}
		assertEquals(16 * 8 * 4, n);
	}

	@Test
	public void scalingIsAppliedPerVoxelBeforeTheCheck() throws Exception {
		final PlanarImg<ShortType, ?> img = PlanarImgs.shorts(DIMS);
		final Random random = new Random(7);
		img.forEach(t -> t.set((short) (2 * random.nextInt(16))));
		final NiftiImage raw = new NiftiImage(img, NiftiDatatype.INT16, 0.5, 0, AFFINE, null);
		final NiftiImage labels = LabelMaps.toLabelImage(raw, LabelTables.amos22(), "amos_0001.nii.gz");
		final net.imglib2.Cursor<ShortType> c = img.localizingCursor();
		final RandomAccess<?> out = labels.data().randomAccess();
		while (c.hasNext()) {
			c.fwd();
			out.setPosition(c);
			assertEquals(c.get().get() / 2, ((UnsignedByteType) out.get()).get());
		}

		final PlanarImg<ShortType, ?> hu = PlanarImgs.shorts(DIMS);
		hu.forEach(t -> t.set((short) 1026));
		hu.randomAccess().setPositionAndGet(3, 2, 1).set((short) 1040);
		final LabelValueException e = assertThrows(LabelValueException.class, () -> LabelMaps.toLabelImage(
				new NiftiImage(hu, NiftiDatatype.INT16, 1, -1024, AFFINE, null), LabelTables.ctOrg(), "labels-1.nii.gz"));
		assertEquals("labels-1.nii.gz: label value 16 (1 voxel, at [3, 2, 1]) is not an integer in table CT-ORG (0..6)",
				e.getMessage());

		final PlanarImg<ShortType, ?> odd = PlanarImgs.shorts(DIMS);
		odd.randomAccess().setPositionAndGet(15, 7, 3).set((short) 3);
		final LabelValueException half = assertThrows(LabelValueException.class, () -> LabelMaps.toLabelImage(
				new NiftiImage(odd, NiftiDatatype.INT16, 0.5, 0, AFFINE, null), LabelTables.ctOrg(), "labels-1.nii.gz"));
		assertEquals("labels-1.nii.gz: label value 1.5 (1 voxel, at [15, 7, 3]) is not an integer in table CT-ORG (0..6)",
				half.getMessage());
	}

	@Test
	public void unscaledUint8IsCheckedWithoutACopy() throws Exception {
		final PlanarImg<UnsignedByteType, ByteArray> img = PlanarImgs.unsignedBytes(DIMS);
		img.randomAccess().setPositionAndGet(1, 1, 1).set(15);
		final NiftiImage raw = NiftiImage.of(img, NiftiDatatype.UINT8, AFFINE);
		assertSame(img, LabelMaps.toLabelImage(raw, LabelTables.amos22(), "labelsTr/amos_0001.nii.gz").data());
		img.randomAccess().setPositionAndGet(2, 1, 1).set(16);
		final LabelValueException e = assertThrows(LabelValueException.class,
				() -> LabelMaps.toLabelImage(raw, LabelTables.amos22(), "labelsTr/amos_0001.nii.gz"));
		assertEquals("labelsTr/amos_0001.nii.gz: label value 16 (1 voxel, at [2, 1, 1]) is not an integer in table "
				+ "AMOS22 (0..15)", e.getMessage());
	}

	@Test
	public void rgbDataAndViewsAreRefused() {
		final NiftiImage rgb = NiftiImage.of(PlanarImgs.argbs(DIMS), NiftiDatatype.RGB24, AFFINE);
		final LabelValueException e = assertThrows(LabelValueException.class,
				() -> LabelMaps.toLabelImage(rgb, LabelTables.ctOrg(), "labels-1.nii.gz"));
		assertEquals("labels-1.nii.gz: RGB24 data cannot be a label map; expected integer or float voxels with ids of "
				+ "table CT-ORG (0..6)", e.getMessage());
		final NiftiImage view = NiftiImage.of(Views.interval(PlanarImgs.floats(DIMS), new long[3],
				new long[] { 3, 3, 3 }), NiftiDatatype.FLOAT32, AFFINE);
		final IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
				() -> LabelMaps.toLabelImage(view, LabelTables.ctOrg(), "labels-1.nii.gz"));
		assertEquals("labels-1.nii.gz: label data must be a PlanarImg as read, not a view", v.getMessage());
	}

	@Test
	public void positionsCoverEveryDimensionCount() {
		assertArrayEquals(new long[] { 5 }, LabelMaps.position(new long[] { 9 }, 0, 5));
		assertArrayEquals(new long[] { 1, 2 }, LabelMaps.position(new long[] { 4, 3 }, 0, 9));
		assertArrayEquals(new long[] { 1, 1, 1, 3 }, LabelMaps.position(new long[] { 4, 3, 2, 5 }, 7, 5));
	}

	@Test
	public void valuesReadShortest() {
		assertEquals("9", LabelMaps.format(9));
		assertEquals("-0.5", LabelMaps.format(-0.5));
		assertEquals("0.1", LabelMaps.format(0.1f));
		assertEquals("0.1", LabelMaps.format(0.1));
		assertEquals("NaN", LabelMaps.format(Double.NaN));
	}

	@Test
	public void theUnscaledFastPathRefusesValuesThatAliasIdsModulo256() {
		final LabelTable t = LabelTables.ctOrg();
		final Object[][] cases = { { NiftiDatatype.UINT16, new short[] { 1, 256 } },
			{ NiftiDatatype.UINT16, new short[] { 2, (short) 65281 } }, { NiftiDatatype.INT16, new short[] { 3, -256 } },
			{ NiftiDatatype.INT16, new short[] { 3, -255 } }, { NiftiDatatype.FLOAT32, new float[] { 1, 257 } },
			{ NiftiDatatype.FLOAT32, new float[] { 1, 1.5f } }, { NiftiDatatype.FLOAT32, new float[] { 1, Float.NaN } },
			{ NiftiDatatype.FLOAT32, new float[] { 1, -0.5f } }, { NiftiDatatype.UINT8, new byte[] { 1, 7 } } };
		for (final Object[] c : cases) {
			final LabelMaps.Checker check = new LabelMaps.Checker(t);
			final byte[] dst = new byte[2];
			check.convert((NiftiDatatype) c[0], c[1], dst, 1, 0, 0);
			assertTrue(c[0] + " " + java.util.Arrays.toString(new Object[] { c[1] }), check.failed());
		}
		// and the valid ones pass, mapped
		final int[] target = new int[256];
		java.util.Arrays.fill(target, -1);
		target[0] = 0;
		target[4] = 2;
		final LabelMaps.Checker check = new LabelMaps.Checker(t, target);
		final byte[] dst = new byte[3];
		check.convert(NiftiDatatype.FLOAT32, new float[] { 4, -0.0f, 0 }, dst, 1, 0, 0);
		assertArrayEquals(new byte[] { 2, 0, 0 }, dst);
		check.convert(NiftiDatatype.INT16, new short[] { 0, 4, 4 }, dst, 1, 0, 1);
		assertArrayEquals(new byte[] { 0, 2, 2 }, dst);
		assertTrue(!check.failed());
	}
}
