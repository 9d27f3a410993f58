package org.organdatasets.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.organdatasets.nifti.NiftiDatatype;

/**
 * {@link OrganAccumulator} against a brute-force computation (all values of a label sorted) for every
 * datatype, several scalings (including a negative slope and slope 0 = none), ties, NaN and planes fed
 * in shuffled order: order statistics, min and max exactly, mean and std within 1e-12 relative.
 */
public class OrganAccumulatorTest {

	private static final int W = 7;
	private static final int H = 5;
	private static final int D = 6;
	private static final int LABELS = 4;
	private static final double[] SPACING = { 1, 1, 1 };

	private static final NiftiDatatype[] TYPES = { NiftiDatatype.UINT8, NiftiDatatype.INT8, NiftiDatatype.INT16,
		NiftiDatatype.UINT16, NiftiDatatype.INT32, NiftiDatatype.UINT32, NiftiDatatype.FLOAT32,
		NiftiDatatype.FLOAT64 };
	private static final double[][] SCALINGS = { { 1, 0 }, { 0.5, -1024 }, { -2.5, 3 }, { 0, 7 } };

	/** Raw value i of the random data of a type: many ties, both signs where the type has them. */
	private static double draw(final NiftiDatatype t, final Random rnd) {
		final boolean tie = rnd.nextBoolean();
		switch (t) {
			case UINT8:
				return tie ? 200 : rnd.nextInt(256);
			case INT8:
				return tie ? -3 : rnd.nextInt(256) - 128;
			case INT16:
				return tie ? -1024 : rnd.nextInt(65536) - 32768;
			case UINT16:
				return tie ? 40 : rnd.nextInt(65536);
			case INT32:
				return tie ? -7 : rnd.nextInt();
			case UINT32:
				return tie ? 3e9 : rnd.nextInt() & 0xffffffffL;
			case FLOAT32:
				return tie ? (rnd.nextBoolean() ? -0.0f : 0.0f) : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8) - 3));
			default:
				return tie ? 1e-300 : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
		}
	}

	private static Object plane(final NiftiDatatype t, final double[] raw) {
		final int n = raw.length;
		switch (t) {
			case UINT8:
			case INT8: {
				final byte[] a = new byte[n];
				for (int i = 0; i < n; i++) {
					a[i] = (byte) (int) raw[i];
				}
				return a;
			}
			case INT16:
			case UINT16: {
				final short[] a = new short[n];
				for (int i = 0; i < n; i++) {
					a[i] = (short) (int) raw[i];
				}
				return a;
			}
			case INT32:
			case UINT32: {
				final int[] a = new int[n];
				for (int i = 0; i < n; i++) {
					a[i] = (int) (long) raw[i];
				}
				return a;
			}
			case FLOAT32: {
				final float[] a = new float[n];
				for (int i = 0; i < n; i++) {
					a[i] = (float) raw[i];
				}
				return a;
			}
			default:
				return raw.clone();
		}
	}

	/** Data as drawn by {@link #draw}. */
	private static final int NATIVE = 0;
	/** Integers in CT's range (-1024..3071, or 0..3999 for unsigned types), as CT stored as float32. */
	private static final int INTEGER_VALUED = 1;
	/** As INTEGER_VALUED but one plane holds one value integer mode cannot take (it must switch). */
	private static final int SWITCHES = 2;

	@Test
	public void everyTypeAndScalingMatchesBruteForce() {
		final Random rnd = new Random(20261126);
		for (final NiftiDatatype t : TYPES) {
			for (final double[] sc : SCALINGS) {
				for (int trial = 0; trial < 5; trial++) {
					check(t, sc[0], sc[1], rnd, trial == 0, NATIVE);
				}
			}
		}
	}

	@Test
	public void integerValuedDataNeedsOnePassAndSwitchesExactly() {
		final Random rnd = new Random(42);
		for (final NiftiDatatype t : TYPES) {
			for (final double[] sc : SCALINGS) {
				for (int trial = 0; trial < 3; trial++) {
					check(t, sc[0], sc[1], rnd, false, INTEGER_VALUED);
					check(t, sc[0], sc[1], rnd, trial == 0, SWITCHES);
				}
			}
		}
	}

	@Test
	public void foregroundIsCollectedAlikeInEitherMode() {
		final Random rnd = new Random(5);
		for (final NiftiDatatype t : new NiftiDatatype[] { NiftiDatatype.FLOAT32, NiftiDatatype.INT32,
			NiftiDatatype.INT16 }) {
			for (final boolean switches : new boolean[] { false, true }) {
				final ForegroundIntensities direct = new ForegroundIntensities(t, 0.5, -3, new long[] { W, H, D },
						SPACING);
				final ForegroundIntensities collected = new ForegroundIntensities(t, 0.5, -3, new long[] { W, H, D },
						SPACING);
				final OrganAccumulator acc = new OrganAccumulator(W, H, D, t, 0.5, -3, SPACING);
				acc.collectForeground(collected);
				for (int z = 0; z < D; z++) {
					final double[] raw = new double[W * H];
					final byte[] lab = new byte[W * H];
					for (int i = 0; i < raw.length; i++) {
						raw[i] = rnd.nextInt(300) - 100;
						lab[i] = (byte) rnd.nextInt(3);
					}
					if (switches && z == D / 2 && t != NiftiDatatype.INT16) {
						raw[1] = t == NiftiDatatype.FLOAT32 ? 0.25 : 1 << 20;
						lab[1] = 1;
					}
					final Object plane = plane(t, raw);
					acc.addPlane(plane, lab, z, W, H);
					direct.addPlane(plane, lab);
				}
				acc.flushForeground();
				assertEquals(t + (switches ? " switching" : ""), switches && t != NiftiDatatype.INT16,
						!acc.isIntegerMode());
				assertEquals(t + (switches ? " switching" : ""), direct.text(), collected.text());
			}
		}
	}

	private static boolean isSmall(final NiftiDatatype t) {
		return t == NiftiDatatype.UINT8 || t == NiftiDatatype.INT8 || t == NiftiDatatype.INT16
				|| t == NiftiDatatype.UINT16;
	}

	private static void check(final NiftiDatatype t, final double fileSlope, final double fileInter, final Random rnd,
			final boolean withNaN, final int data) {
		final double slope = fileSlope == 0 ? 1 : fileSlope;
		final double inter = fileSlope == 0 ? 0 : fileInter;
		final double[][] raw = new double[D][W * H];
		final byte[][] lab = new byte[D][W * H];
		for (int z = 0; z < D; z++) {
			for (int i = 0; i < W * H; i++) {
				raw[z][i] = draw(t, rnd);
				// label 3 absent; label 2 only in a few voxels
				final int l = rnd.nextInt(20) == 0 ? 2 : rnd.nextInt(2);
				lab[z][i] = (byte) l;
			}
		}
		final boolean isFloat = t == NiftiDatatype.FLOAT32 || t == NiftiDatatype.FLOAT64;
		final boolean unsigned = t == NiftiDatatype.UINT8 || t == NiftiDatatype.UINT16 || t == NiftiDatatype.UINT32;
		if (data != NATIVE && t != NiftiDatatype.UINT8 && t != NiftiDatatype.INT8) {
			for (int z = 0; z < D; z++) {
				for (int i = 0; i < W * H; i++) {
					raw[z][i] = rnd.nextBoolean() ? (unsigned ? 0 : -1024) : unsigned ? rnd.nextInt(4000)
							: rnd.nextInt(4096) - 1024;
				}
			}
		}
		if (data == SWITCHES && !isSmall(t)) {
			raw[rnd.nextInt(D)][rnd.nextInt(W * H)] = isFloat ? 12.5 : unsigned ? 3e9 : 200000;
		}
		if (withNaN && isFloat) {
			raw[2][3] = Double.NaN;
			lab[2][3] = 1;
		}
		final Object[] planes = new Object[D];
		for (int z = 0; z < D; z++) {
			planes[z] = plane(t, raw[z]);
		}
		final OrganAccumulator acc = new OrganAccumulator(W, H, D, t, fileSlope, fileInter, SPACING);
		for (final int z : shuffled(rnd)) {
			acc.addPlane(planes[z], lab[z], z, W, H);
		}
		final boolean twoPass = !isSmall(t) && data != INTEGER_VALUED;
		assertEquals(t + " needs a second pass", twoPass, acc.needsSecondPass());
		assertEquals(t + " integer mode", !twoPass, acc.isIntegerMode());
		if (twoPass) {
			for (final int z : shuffled(rnd)) {
				acc.addPlaneSecondPass(planes[z], lab[z], z, W, H);
			}
			assertFalse(acc.needsSecondPass());
		}
		for (int l = 0; l < LABELS; l++) {
			final String where = t + " scaling (" + fileSlope + ", " + fileInter + ") label " + l + ": ";
			final List<Double> values = new ArrayList<>();
			long n = 0;
			long si = 0;
			long sj = 0;
			long sk = 0;
			final int[] box = { Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1 };
			for (int z = 0; z < D; z++) {
				for (int i = 0; i < W * H; i++) {
					if (lab[z][i] != l) {
						continue;
					}
					n++;
					final int x = i % W;
					final int y = i / W;
					si += x;
					sj += y;
					sk += z;
					box[0] = Math.min(box[0], x);
					box[1] = Math.max(box[1], x);
					box[2] = Math.min(box[2], y);
					box[3] = Math.max(box[3], y);
					box[4] = Math.min(box[4], z);
					box[5] = Math.max(box[5], z);
					final double r = t == NiftiDatatype.FLOAT32 ? (float) raw[z][i] : raw[z][i];
					if (!Double.isNaN(r)) {
						values.add(r * slope + inter);
					}
				}
			}
			final OrganMeasures m = acc.measures(l);
			assertEquals(where + "count", n, m.voxelCount());
			assertEquals(where + "values", values.size(), m.valueCount());
			if (n == 0) {
				assertFalse(m.isPresent());
				assertTrue(Double.isNaN(m.median()));
				continue;
			}
			assertEquals(where + "centroid i", (double) si / n, m.centroid(0), 0);
			assertEquals(where + "centroid j", (double) sj / n, m.centroid(1), 0);
			assertEquals(where + "centroid k", (double) sk / n, m.centroid(2), 0);
			assertArrayEquals(where + "box", box, m.bbox());
			final double[] s = new double[values.size()];
			for (int i = 0; i < s.length; i++) {
				s[i] = values.get(i);
			}
			Arrays.sort(s);
			assertEquals(where + "min", s[0], m.min(), 0);
			assertEquals(where + "max", s[s.length - 1], m.max(), 0);
			assertEquals(where + "median", Percentiles.ofSorted(s, 50), m.median(), 0);
			assertEquals(where + "p0.5", Percentiles.ofSorted(s, 0.5), m.p0_5(), 0);
			assertEquals(where + "p99.5", Percentiles.ofSorted(s, 99.5), m.p99_5(), 0);
			double mean = 0;
			for (final double v : s) {
				mean += v;
			}
			mean /= s.length;
			double ss = 0;
			for (final double v : s) {
				ss += (v - mean) * (v - mean);
			}
			final double std = Math.sqrt(ss / s.length);
			assertEquals(where + "mean", mean, m.mean(), 1e-12 * Math.max(Math.abs(mean), std));
			assertEquals(where + "std", std, m.std(), 1e-12 * Math.max(std, Math.abs(mean) * 1e-3));
		}
	}

	private static List<Integer> shuffled(final Random rnd) {
		final List<Integer> order = new ArrayList<>();
		for (int z = 0; z < D; z++) {
			order.add(z);
		}
		Collections.shuffle(order, rnd);
		return order;
	}

	@Test
	public void negativeSlopeReversesTheOrder() {
		final short[] raw = { 0, 1, 2, 3, 10 };
		final OrganAccumulator acc = new OrganAccumulator(5, 1, 1, NiftiDatatype.INT16, -2, 1, SPACING);
		acc.addPlane(raw, new byte[] { 1, 1, 1, 1, 1 }, 0, 5, 1);
		final OrganMeasures m = acc.measures(1);
		// scaled: 1, -1, -3, -5, -19
		assertEquals(-3, m.median(), 0);
		assertEquals(-19 + 4 * 0.005 * 14, m.p0_5(), 1e-15);
		assertEquals(Percentiles.of(new double[] { 1, -1, -3, -5, -19 }, 0.5), m.p0_5(), 0);
		assertEquals(Percentiles.of(new double[] { 1, -1, -3, -5, -19 }, 99.5), m.p99_5(), 0);
		assertEquals(-19, m.min(), 0);
		assertEquals(1, m.max(), 0);
		assertEquals(-5.4, m.mean(), 1e-15);
	}

	@Test
	public void nanVoxelsCountButHaveNoIntensity() {
		final float[] raw = { Float.NaN, 2, Float.NaN, 4 };
		final OrganAccumulator acc = new OrganAccumulator(2, 2, 1, NiftiDatatype.FLOAT32, 0, 0, SPACING);
		acc.addPlane(raw, new byte[] { 1, 1, 2, 1 }, 0, 2, 2);
		while (acc.needsSecondPass()) {
			acc.addPlaneSecondPass(raw, new byte[] { 1, 1, 2, 1 }, 0, 2, 2);
		}
		final OrganMeasures one = acc.measures(1);
		assertEquals(3, one.voxelCount());
		assertEquals(2, one.valueCount());
		assertEquals(3, one.median(), 0);
		assertEquals(1, one.std(), 0);
		final OrganMeasures two = acc.measures(2);
		assertEquals(1, two.voxelCount());
		assertFalse(two.hasValues());
		assertTrue(Double.isNaN(two.mean()));
	}

	@Test
	public void stdIsSoundForLargeOffsets() {
		// values 1e9 + {0, 1, 2, 3} in many planes: naive sum of squares loses every digit
		final int w = 64;
		final int d = 50;
		final OrganAccumulator acc = new OrganAccumulator(w, 1, d, NiftiDatatype.FLOAT64, 0, 0, SPACING);
		final byte[] lab = new byte[w];
		Arrays.fill(lab, (byte) 1);
		for (int z = 0; z < d; z++) {
			final double[] p = new double[w];
			for (int i = 0; i < w; i++) {
				p[i] = 1e9 + (i % 4);
			}
			acc.addPlane(p, lab, z, w, 1);
		}
		assertTrue(acc.needsSecondPass());
		for (int z = 0; z < d; z++) {
			final double[] p = new double[w];
			for (int i = 0; i < w; i++) {
				p[i] = 1e9 + (i % 4);
			}
			acc.addPlaneSecondPass(p, lab, z, w, 1);
		}
		final OrganMeasures m = acc.measures(1);
		assertEquals(Math.sqrt(1.25), m.std(), 1e-12);
		assertEquals(1e9 + 1.5, m.mean(), 0);
		assertEquals(1e9 + 1.5, m.median(), 0);
	}

	@Test
	public void memoryDoesNotGrowWithThePlanesFed() {
		final int w = 64;
		final int h = 64;
		final Random rnd = new Random(7);
		for (final NiftiDatatype t : new NiftiDatatype[] { NiftiDatatype.INT16, NiftiDatatype.FLOAT32 }) {
			final long small = retainedAfter(t, 20, w, h, rnd);
			final long large = retainedAfter(t, 400, w, h, rnd);
			// 380 more planes of data (≥ 380·64·64·2 bytes) may add only per-plane bookkeeping
			assertTrue(t + ": " + small + " -> " + large + " bytes", large - small <= 16L * 380);
		}
		final OrganAccumulator acc = new OrganAccumulator(w, h, 100, NiftiDatatype.INT16, 1, 0, SPACING);
		long afterTwo = 0;
		for (int z = 0; z < 100; z++) {
			final short[] p = new short[w * h];
			final byte[] l = new byte[w * h];
			for (int i = 0; i < p.length; i++) {
				p[i] = (short) (rnd.nextInt(4000) - 1024);
				l[i] = (byte) rnd.nextInt(3);
			}
			acc.addPlane(p, l, z, w, h);
			if (z == 1) {
				afterTwo = acc.retainedBytes();
			}
			if (z >= 1 && z < 99) {
				// one held plane, as runs (4 + 1 bytes per run, at most one run per voxel)
				assertTrue("after plane " + z, acc.retainedBytes() <= afterTwo + 5L * w * h + 4L * (h + 1));
			}
		}
	}

	private static long retainedAfter(final NiftiDatatype t, final int d, final int w, final int h, final Random rnd) {
		final OrganAccumulator acc = new OrganAccumulator(w, h, d, t, 1, 0, SPACING);
		final Object[] planes = new Object[d];
		final byte[][] labels = new byte[d][w * h];
		for (int z = 0; z < d; z++) {
			final double[] raw = new double[w * h];
			for (int i = 0; i < raw.length; i++) {
				raw[i] = rnd.nextInt(4000) - 1024;
				labels[z][i] = (byte) rnd.nextInt(3);
			}
			planes[z] = plane(t, raw);
			acc.addPlane(planes[z], labels[z], z, w, h);
		}
		for (int z = 0; z < d && acc.needsSecondPass(); z++) {
			acc.addPlaneSecondPass(planes[z], labels[z], z, w, h);
		}
		acc.measures(1);
		return acc.retainedBytes();
	}

	@Test
	public void misuseIsNamed() {
		final OrganAccumulator acc = new OrganAccumulator(2, 2, 2, NiftiDatatype.FLOAT32, 1, 0, SPACING);
		expect(() -> acc.addPlane(new short[4], new byte[4], 0, 2, 2),
				"image plane 0 is a short[], expected the array of FLOAT32");
		expect(() -> acc.addPlane(new float[4], new byte[4], 2, 2, 2), "pass 1: plane z = 2 is outside 0..1");
		expect(() -> acc.addPlane(new float[3], new byte[4], 0, 2, 2),
				"pass 1: image plane 0 has 3 voxels, expected 4");
		acc.addPlane(new float[4], new byte[4], 0, 2, 2);
		expect(() -> acc.addPlane(new float[4], new byte[4], 0, 2, 2), "pass 1: plane z = 0 was given twice");
		expect(() -> acc.measures(0), "pass 1 has seen 1 of 2 planes");
		expect(() -> new OrganAccumulator(2, 2, 2, NiftiDatatype.RGB24, 1, 0, SPACING),
				"datatype RGB24 has no scalar intensities; expected uint8, int8, int16, uint16, int32, uint32, float32 or float64");
	}

	private static void expect(final Runnable r, final String message) {
		try {
			r.run();
			fail("expected: " + message);
		} catch (final IllegalArgumentException | IllegalStateException e) {
			assertEquals(message, e.getMessage());
		}
	}
}
