package org.organdatasets.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Expected values printed by numpy 1.24 ({@code np.random.RandomState(1234)}). */
public class LegacyRandomStateTest {

	@Test
	public void rawOutputsAreMt19937SeededAsNumpy() {
		// rs.randint(0, 2**32, size=4, dtype=np.uint64): the full 32-bit range takes the outputs as they are
		final LegacyRandomState rs = new LegacyRandomState(1234);
		assertEquals(822569775L, rs.nextUint32());
		assertEquals(2137449171L, rs.nextUint32());
		assertEquals(2671936806L, rs.nextUint32());
		assertEquals(3512589365L, rs.nextUint32());
	}

	@Test
	public void choiceWithReplacementDrawsNumpysIndices() {
		// rs = np.random.RandomState(1234); rs.choice(np.arange(n), 8, replace=True)
		final int[][] expected = { { 1, 0, 0, 0, 0, 0, 0, 0, 0 }, { 2, 1, 1, 0, 1, 0, 0, 0, 1 },
			{ 3, 2, 1, 0, 0, 0, 1, 1, 1 }, { 7, 3, 6, 5, 4, 4, 0, 1, 1 },
			{ 1000, 815, 723, 294, 53, 204, 372, 664, 655 },
			{ 65537, 58067, 34086, 60620, 32399, 55985, 41239, 9449, 23706 },
			{ 12345678, 486191, 6742739, 4359462, 6151221, 978124, 11754868, 869016, 7854073 } };
		for (final int[] e : expected) {
			final int[] want = java.util.Arrays.copyOfRange(e, 1, e.length);
			assertArrayEquals("n=" + e[0], want, new LegacyRandomState(1234).choice(e[0], 8));
		}
	}

	@Test(expected = IllegalArgumentException.class)
	public void seedsOutsideNumpysRangeAreRefused() {
		new LegacyRandomState(1L << 32);
	}
}
