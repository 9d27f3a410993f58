package org.organdatasets.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * numpy's float32 arithmetic as nnU-Net's fingerprint uses it; expected values printed by numpy 1.24:
 * {@code x = ((np.arange(n, dtype=np.int64) * 7919 % 10007) - 5003).astype(np.float32) / np.float32(7)}, then
 * {@code np.mean(x), np.std(x), np.percentile(x, (0.5, 50, 99.5)), x.min(), x.max()}.
 */
public class NnunetFingerprintTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static float[] values(final int n) {
		final float[] x = new float[n];
		for (int i = 0; i < n; i++) {
			x[i] = (float) ((long) i * 7919 % 10007 - 5003) / 7f;
		}
		return x;
	}

	@Test
	public void statisticsAreNumpysFloat32Ones() throws Exception {
		// numpy sums in blocks of 8192: one pairwise sum over the whole array gives 1098.6808, not its 1098.6074
		assertArrayEquals(new double[] { 0.0010986041743308306, 412.6819763183594, -707.5714111328125, 0.0,
			707.5714111328125, -5003 / 7f, 5003 / 7f },
				NnunetFingerprint.statistics(new NnunetFingerprint.ArraySource(values(1000003)), false), 0);
		final double[] small = NnunetFingerprint.statistics(new NnunetFingerprint.ArraySource(values(1000)), false);
		assertArrayEquals(new double[] { 0.5801438689231873, 412.8680725097656 }, Arrays.copyOf(small, 2), 0);
		// np.percentile(np.array([8.3, 1, 4, 2], dtype=np.float32), (0.5, 50, 99.5))
		final double[] four = NnunetFingerprint.statistics(new NnunetFingerprint.ArraySource(new float[] { 8.3f, 1, 4,
			2 }), false);
		assertArrayEquals(new double[] { 1.015, 3.0, 8.23550018787384, 1, 8.3f }, Arrays.copyOfRange(four, 2, 7), 0);
	}

	@Test
	public void samplesSplitOverFilesReadAsOneSequence() throws Exception {
		final float[] x = values(20011);
		final Path a = tmp.newFile("a.f32").toPath();
		final Path b = tmp.newFile("b.f32").toPath();
		write(a, Arrays.copyOfRange(x, 0, 9000));
		write(b, Arrays.copyOfRange(x, 9000, x.length));
		assertArrayEquals(NnunetFingerprint.statistics(new NnunetFingerprint.ArraySource(x), false),
				NnunetFingerprint.statistics(new NnunetFingerprint.FileSource(java.util.List.of(a, b)), false), 0);
	}

	private static void write(final Path f, final float[] v) throws Exception {
		final ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (final float x : v) {
			bb.putFloat(x);
		}
		try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
			out.write(bb.array());
		}
	}
}
