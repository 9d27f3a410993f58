package org.organdatasets.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * numpy's float32 arithmetic as nnU-Net's fingerprint uses it; expected values printed by numpy 1.24:
 * {@code x = ((np.arange(n, dtype=np.int64) * 7919 % 10007) - 5003).astype(np.float32) / np.float32(7)}.
 */
public class NnunetFingerprintTest {

	private static float[] values(final int n) {
		final float[] x = new float[n];
		for (int i = 0; i < n; i++) {
			x[i] = (float) ((long) i * 7919 % 10007 - 5003) / 7f;
		}
		return x;
	}

	@Test
	public void sumsMeansAndStdsAreNumpysFloat32Ones() {
		final float[] big = values(1000003);
		// float(np.sum(x)), float(np.mean(x)), float(np.std(x))
		assertEquals(1098.607421875, NnunetFingerprint.pairwiseSum(big, 0, big.length), 0);
		assertArrayEquals(new double[] { 0.0010986041743308306, 412.6819763183594 },
				NnunetFingerprint.meanStd(big, false), 0);
		final float[] small = values(1000);
		assertEquals(580.1438598632812, NnunetFingerprint.pairwiseSum(small, 0, small.length), 0);
		assertArrayEquals(new double[] { 0.5801438689231873, 412.8680725097656 },
				NnunetFingerprint.meanStd(small, false), 0);
	}

	@Test
	public void percentilesAreNumpysLinearOnes() {
		// np.percentile(x, (0.5, 50, 99.5)), then min and max
		assertArrayEquals(new double[] { -707.5714111328125, 0.0, 707.5714111328125, -5003 / 7f, 5003 / 7f },
				NnunetFingerprint.percentiles(values(1000003)), 0);
		assertArrayEquals(new double[] { 1.015, 3.0, 8.23550018787384, 1, 8.3f },
				NnunetFingerprint.percentiles(new float[] { 8.3f, 1, 4, 2 }), 0);
	}
}
