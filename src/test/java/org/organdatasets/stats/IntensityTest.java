package org.organdatasets.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.organdatasets.nifti.NiftiDatatype;

/**
 * The two {@link Intensity} implementations on planes of one row with hand-computed expectations:
 * moments, extremes, ranks, which planes the histograms refuse, and the exact hand-over to two passes.
 */
public class IntensityTest {

	private static LabelRuns runs(final byte[] labels) {
		return new LabelRuns(labels, labels.length, 1, new int[labels.length], new byte[labels.length]);
	}

	private static boolean add(final Intensity in, final Object plane, final byte[] labels) {
		return in.addPlane(plane, labels, runs(labels), 0);
	}

	@Test
	public void histogramOfInt16WithScaling() {
		final Intensity in = HistogramIntensity.of(NiftiDatatype.INT16, 2, 1, 4, 1);
		assertTrue(add(in, new short[] { -3, 5, 5, 100 }, new byte[] { 1, 1, 1, 2 }));
		assertFalse(in.needsSecondPass());
		// label 1: scaled -5, 11, 11: mean 17/3, m2 = (32/3)² + 2 (16/3)² = 1536/9
		assertEquals(3, in.valueCount(1));
		assertEquals(17 / 3.0, in.mean(1), 1e-15);
		assertEquals(1536 / 9.0, in.m2(1), 1e-12);
		assertEquals(-5, in.min(1), 0);
		assertEquals(11, in.max(1), 0);
		assertEquals(-3, in.storedAtRank(1, 0), 0);
		assertEquals(5, in.storedAtRank(1, 1), 0);
		assertEquals(5, in.storedAtRank(1, 2), 0);
		assertEquals(1, in.valueCount(2));
		assertEquals(201, in.mean(2), 0);
		assertEquals(0, in.valueCount(0));
	}

	@Test
	public void uint16IsReadUnsigned() {
		final Intensity in = HistogramIntensity.of(NiftiDatatype.UINT16, 1, 0, 2, 1);
		assertTrue(add(in, new short[] { -1, 7 }, new byte[] { 1, 1 }));
		assertEquals(7, in.storedAtRank(1, 0), 0);
		assertEquals(65535, in.storedAtRank(1, 1), 0);
		assertEquals(65535, in.max(1), 0);
	}

	@Test
	public void histogramsRefusePlanesThatDoNotFit() {
		final byte[] two = { 1, 1 };
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 2, 1), new float[] { 1, 2.5f }, two));
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 2, 1), new float[] { 1, Float.NaN }, two));
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 2, 1), new float[] { 1, 98304 }, two));
		assertTrue(add(HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 2, 1), new float[] { -32768, 98303 }, two));
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.INT32, 1, 0, 2, 1), new int[] { 1, -32769 }, two));
		assertTrue(add(HistogramIntensity.of(NiftiDatatype.INT32, 1, 0, 2, 1), new int[] { -32768, 98303 }, two));
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.UINT32, 1, 0, 2, 1), new int[] { 1, -1 }, two));
		assertFalse(add(HistogramIntensity.of(NiftiDatatype.FLOAT64, 1, 0, 2, 1), new double[] { 1, 0.5 }, two));
		try {
			HistogramIntensity.of(NiftiDatatype.INT16, 1, 0, 2, 1).successor();
			fail("int16 always fits");
		} catch (final IllegalStateException e) {
			assertEquals("INT16 values always fit integer histograms", e.getMessage());
		}
	}

	/** Runs {@code body} on a thread of its own (its own spare histograms), rethrowing what it threw. */
	private static void onNewThread(final Runnable body) throws InterruptedException {
		final Throwable[] thrown = new Throwable[1];
		final Thread t = new Thread(() -> {
			try {
				body.run();
			} catch (final Throwable e) {
				thrown[0] = e;
			}
		});
		t.start();
		t.join();
		if (thrown[0] instanceof Error) {
			throw (Error) thrown[0];
		}
		if (thrown[0] != null) {
			throw new AssertionError(thrown[0]);
		}
	}

	@Test
	public void releasedHistogramsServeTheThreadsNextCaseZeroed() throws Exception {
		onNewThread(() -> {
			final byte[] labels = { 1, 1, 2, 2 };
			// measured, then released
			HistogramIntensity a = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 4, 1);
			assertTrue(add(a, new float[] { 5, 7, 7, 98303 }, labels));
			assertEquals(2, a.valueCount(2));
			assertEquals(0, HistogramIntensity.spareCount());
			a.release();
			assertEquals(2, HistogramIntensity.spareCount());
			HistogramIntensity b = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 4, 1);
			assertTrue(add(b, new float[] { -32768, 6, 6, 6 }, new byte[] { 1, 1, 1, 1 }));
			assertEquals(1, HistogramIntensity.spareCount());
			assertEquals(4, b.valueCount(1));
			assertEquals(-32768, b.storedAtRank(1, 0), 0);
			assertEquals(6, b.storedAtRank(1, 3), 0);
			assertEquals(0, b.valueCount(2));
			// a plane after the measures: zeroed too, not only the range measured before it
			assertTrue(add(b, new float[] { 90000, 90000, 1, 1 }, labels));
			b.release();
			assertEquals(2, HistogramIntensity.spareCount());
			final HistogramIntensity d = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 4, 1);
			assertTrue(add(d, new float[] { 8, 9, 10, 11 }, labels));
			assertEquals(2, d.valueCount(1));
			assertEquals(2, d.valueCount(2));
			assertEquals(11, d.max(2), 0);
			d.release();
			// released unmeasured, a refused plane taken back included
			final HistogramIntensity c = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 4, 1);
			assertFalse(add(c, new float[] { 3, 4, 0.5f, 2 }, labels));
			assertTrue(add(c, new float[] { 11, 12, 13, 14 }, labels));
			c.release();
			a = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 4, 1);
			assertTrue(add(a, new float[] { 8, 9, 10, 11 }, labels));
			assertEquals(0, HistogramIntensity.spareCount());
			for (final int l : new int[] { 1, 2 }) {
				assertEquals(2, a.valueCount(l));
				assertEquals(l * 2 + 6, a.min(l), 0);
				assertEquals(l * 2 + 7, a.max(l), 0);
			}
			// a thread keeps at most SPARE_MAX
			final byte[] many = new byte[HistogramIntensity.SPARE_MAX + 3];
			for (int i = 0; i < many.length; i++) {
				many[i] = (byte) (i + 1);
			}
			b = HistogramIntensity.of(NiftiDatatype.INT16, 1, 0, many.length, 1);
			assertTrue(add(b, new short[many.length], many));
			b.release();
			a.release();
			assertEquals(HistogramIntensity.SPARE_MAX, HistogramIntensity.spareCount());
		});
	}

	@Test
	public void everyVoxelOfALongRunIsCheckedWhereverItFalls() {
		// a run of 11 voxels, each bad value at each place of it (the loop's checks are summed over the run)
		final float[] bad = { 2.5f, -0.25f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 98304, -32769,
			1e10f, 1e-40f };
		final byte[] labels = new byte[11];
		java.util.Arrays.fill(labels, (byte) 3);
		for (final float b : bad) {
			for (int at = 0; at < labels.length; at++) {
				final float[] plane = new float[labels.length];
				for (int i = 0; i < plane.length; i++) {
					plane[i] = i - 5;
				}
				plane[at] = b;
				final Intensity in = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, labels.length, 1);
				assertFalse(b + " at " + at, add(in, plane, labels));
				// taken back exactly: nothing counted
				assertEquals(b + " at " + at, 0, in.valueCount(3));
			}
		}
		final float[] good = { -32768, 98303, -0f, 0, 7, -7, 1024, -1024, 3, 3, 3 };
		final Intensity in = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, labels.length, 1);
		assertTrue(add(in, good, labels));
		assertEquals(11, in.valueCount(3));
		assertEquals(-32768, in.min(3), 0);
		assertEquals(98303, in.max(3), 0);
		assertEquals(0, in.storedAtRank(3, 3), 0);
		assertEquals(3, in.storedAtRank(3, 6), 0);
	}

	@Test
	public void aRefusedFloatPlaneIsTakenBackAndTheHistogramsHandedOverExactly() {
		final Intensity in = HistogramIntensity.of(NiftiDatatype.FLOAT32, 1, 0, 2, 1);
		assertTrue(add(in, new float[] { 1, 2 }, new byte[] { 1, 1 }));
		final float[] second = { 3, 2.5f };
		assertFalse(add(in, second, new byte[] { 1, 1 }));
		// nothing of the refused plane stays counted
		assertEquals(2, in.valueCount(1));
		assertEquals(2, in.storedAtRank(1, 1), 0);
		final Intensity two = in.successor();
		assertTrue(two instanceof TwoPassIntensity);
		assertEquals(2, two.valueCount(1));
		assertEquals(1.5, two.mean(1), 0);
		assertEquals(0.5, two.m2(1), 0);
		assertTrue(add(two, second, new byte[] { 1, 1 }));
		// 1, 2, 3, 2.5: mean 2.125; Chan's merge of (2, 1.5, 0.5) and (2, 2.75, 0.125): 0.625 + 1.25² = 2.1875
		assertEquals(4, two.valueCount(1));
		assertEquals(2.125, two.mean(1), 0);
		assertEquals(2.1875, two.m2(1), 0);
		assertTrue(two.needsSecondPass());
		two.addPlaneSecondPass(new float[] { 1, 2 }, runs(new byte[] { 1, 1 }), 0);
		two.addPlaneSecondPass(second, runs(new byte[] { 1, 1 }), 1);
		assertArrayEquals(new double[] { 1, 2, 2.5, 3 }, ranks(two, 1, 4), 0);
	}

	private static double[] ranks(final Intensity in, final int l, final int n) {
		final double[] out = new double[n];
		for (int r = 0; r < n; r++) {
			out[r] = in.storedAtRank(l, r);
		}
		return out;
	}

	/** Two planes of float32 or float64: label 1 gets 0.5, 1.5, NaN, 2.5, -1; label 2 gets 4; label 0 two zeros. */
	private static void twoPassOf(final NiftiDatatype t) {
		final Intensity in = new TwoPassIntensity(t, 1, 0, 4, 1);
		final byte[] l0 = { 1, 1, 1, 2 };
		final byte[] l1 = { 1, 1, 0, 0 };
		final double[] p0 = { 0.5, 1.5, Double.NaN, 4 };
		final double[] p1 = { 2.5, -1, 0, 0 };
		final Object a0 = t == NiftiDatatype.FLOAT32 ? floats(p0) : p0;
		final Object a1 = t == NiftiDatatype.FLOAT32 ? floats(p1) : p1;
		assertTrue(in.addPlane(a0, l0, runs(l0), 0));
		assertTrue(in.addPlane(a1, l1, runs(l1), 1));
		// plane 0: mean 1, m2 0.5; plane 1: mean 0.75, m2 6.125; merged: mean 0.875, m2 6.625 + 0.25² · 1
		assertEquals(t + " count", 4, in.valueCount(1));
		assertEquals(0.875, in.mean(1), 0);
		assertEquals(6.6875, in.m2(1), 0);
		assertEquals(-1, in.min(1), 0);
		assertEquals(2.5, in.max(1), 0);
		assertEquals(2, in.valueCount(0));
		assertTrue(in.needsSecondPass());
		// pass 2 in the other order
		in.addPlaneSecondPass(a1, runs(l1), 1);
		in.addPlaneSecondPass(a0, runs(l0), 0);
		assertArrayEquals(new double[] { -1, 0.5, 1.5, 2.5 }, ranks(in, 1, 4), 0);
		assertEquals(4, in.storedAtRank(2, 0), 0);
		assertArrayEquals(new double[] { 0, 0 }, ranks(in, 0, 2), 0);
	}

	private static float[] floats(final double[] d) {
		final float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) {
			f[i] = (float) d[i];
		}
		return f;
	}

	@Test
	public void twoPassesForFloat32CountTheLowKeyBits() {
		twoPassOf(NiftiDatatype.FLOAT32);
	}

	@Test
	public void twoPassesForFloat64CollectTheValuesOfTheNeededBuckets() {
		twoPassOf(NiftiDatatype.FLOAT64);
	}

	@Test
	public void twoPassesHoldIntegersBeyondTheHistograms() {
		final Intensity in = new TwoPassIntensity(NiftiDatatype.INT32, 1, 0, 3, 1);
		final byte[] l = { 1, 1, 1 };
		in.addPlane(new int[] { 100000, -100000, 7 }, l, runs(l), 0);
		in.addPlaneSecondPass(new int[] { 100000, -100000, 7 }, runs(l), 0);
		assertArrayEquals(new double[] { -100000, 7, 100000 }, ranks(in, 1, 3), 0);
		final Intensity u = new TwoPassIntensity(NiftiDatatype.UINT32, 1, 0, 3, 1);
		u.addPlane(new int[] { -1, 0, 7 }, l, runs(l), 0);
		u.addPlaneSecondPass(new int[] { -1, 0, 7 }, runs(l), 0);
		assertArrayEquals(new double[] { 0, 7, 4294967295.0 }, ranks(u, 1, 3), 0);
		assertEquals(4294967295.0, u.max(1), 0);
	}
}
