package org.organdatasets.stats;

import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

/** Number formatting of rows: integers without ".0", everything else round-trips. */
public class OrganStatsTest {

	@Test
	public void integralValuesHaveNoDecimalPoint() {
		assertEquals("-1024", OrganStats.format(-1024.0));
		assertEquals("0", OrganStats.format(0.0));
		assertEquals("31.45", OrganStats.format(31.45));
		assertEquals("1.0E20", OrganStats.format(1e20));
	}

	@Test
	public void formattedNumbersParseBackExactly() {
		final Random rnd = new Random(3);
		for (int i = 0; i < 10000; i++) {
			final double v = Double.longBitsToDouble(rnd.nextLong());
			if (Double.isNaN(v)) {
				continue;
			}
			assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Double.parseDouble(OrganStats.format(v))));
			final double w = rnd.nextGaussian() * 1000;
			assertEquals(w, Double.parseDouble(OrganStats.format(w)), 0);
		}
	}

	@Test
	public void sphericityOfABallIsOne() {
		final double r = 3;
		assertEquals(1, OrganStats.sphericity(4 / 3.0 * Math.PI * r * r * r, 4 * Math.PI * r * r), 1e-15);
	}
}
