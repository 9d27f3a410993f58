package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

/** Type-7 percentiles on small arrays whose numpy results are known. */
public class PercentilesTest {

	@Test
	public void fourValues() {
		final double[] v = { 4, 1, 3, 2 };
		// numpy.percentile([1, 2, 3, 4], [0.5, 50, 99.5]) = [1.015, 2.5, 3.985]
		assertEquals(2.5, Percentiles.of(v, 50), 0);
		assertEquals(1 + 3 * 0.005, Percentiles.of(v, 0.5), 0);
		assertEquals(4 - (1 - 3 * 0.995 + 2), Percentiles.of(v, 99.5), 0);
		assertEquals(1, Percentiles.of(v, 0), 0);
		assertEquals(4, Percentiles.of(v, 100), 0);
	}

	@Test
	public void oneValue() {
		final double[] v = { 7.25 };
		assertEquals(7.25, Percentiles.of(v, 0.5), 0);
		assertEquals(7.25, Percentiles.of(v, 50), 0);
		assertEquals(7.25, Percentiles.of(v, 99.5), 0);
		assertEquals(0, Percentiles.lowerRank(1, 99.5));
		assertEquals(0, Percentiles.upperRank(1, 99.5));
	}

	@Test
	public void tiesGiveTheTiedValueExactly() {
		final double[] v = { 5, 9, 5, 5, 5 };
		assertEquals(5, Percentiles.of(v, 50), 0);
		assertEquals(5, Percentiles.of(v, 0.5), 0);
		// h = 4 * 0.995 = 3.98: between x[3] = 5 and x[4] = 9
		assertEquals(Percentiles.lerp(5, 9, 4 * 0.995 - 3), Percentiles.of(v, 99.5), 0);
	}

	@Test
	public void oddAndEvenMedians() {
		assertEquals(2, Percentiles.of(new double[] { 3, 1, 2 }, 50), 0);
		assertEquals(-1.5, Percentiles.of(new double[] { -1, -2 }, 50), 0);
	}

	@Test
	public void lerpFollowsNumpyFromTheUpperValueAtHalfAndAbove() {
		assertEquals(0.1 + (0.7 - 0.1) * 0.25, Percentiles.lerp(0.1, 0.7, 0.25), 0);
		assertEquals(0.7 - (0.7 - 0.1) * (1 - 0.75), Percentiles.lerp(0.1, 0.7, 0.75), 0);
		assertEquals(3, Percentiles.lerp(3, 3, 0.9), 0);
	}

	@Test
	public void badArgumentsAreNamed() {
		try {
			Percentiles.virtualIndex(0, 50);
			fail("0 values accepted");
		} catch (final IllegalArgumentException e) {
			assertEquals("percentile of 0 values: need at least 1 value", e.getMessage());
		}
		try {
			Percentiles.virtualIndex(3, 101);
			fail("101 % accepted");
		} catch (final IllegalArgumentException e) {
			assertEquals("percentile 101.0 is outside 0..100", e.getMessage());
		}
	}

	@Test
	public void aNegativeSlopeReadsTheStoredRanksFromTheTop() {
		// stored 1..5 with slope -1: scaled -5..-1 ascending; median -3, p0.5 = -5 + 0.02, p99.5 = -1 - 0.02
		org.junit.Assert.assertArrayEquals(new long[] { 2, 1, 4, 3, 1, 0 }, Percentiles.storedRanksNeeded(5, -1));
		org.junit.Assert.assertArrayEquals(new long[] { 2, 3, 0, 1, 3, 4 }, Percentiles.storedRanksNeeded(5, 2));
		final double[] p = Percentiles.reportedOfScaled(5, -1, 0, r -> r + 1);
		org.junit.Assert.assertArrayEquals(new double[] { -3, -4.98, -1.02 }, p, 1e-12);
		final double[] q = Percentiles.reportedOfScaled(5, 2, 10, r -> r + 1);
		org.junit.Assert.assertArrayEquals(new double[] { 16, 12.04, 19.96 }, q, 1e-12);
	}
}
