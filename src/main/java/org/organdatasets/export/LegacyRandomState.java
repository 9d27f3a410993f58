package org.organdatasets.export;

/**
 * The draws of numpy's legacy {@code np.random.RandomState(seed).choice(n, size, replace=True)}, which
 * nnU-Net's fingerprint extractor uses to sample foreground voxels, reproduced bit for bit:
 * <ul>
 * <li>The generator is MT19937 (Matsumoto and Nishimura 1998) seeded by its reference
 * {@code init_genrand(seed)}: {@code mt[0] = seed}, {@code mt[i] = 1812433253 · (mt[i-1] ^ (mt[i-1] >>> 30)) + i}
 * modulo 2^32, which is what the legacy {@code RandomState} does for an integer seed below 2^32.</li>
 * <li>{@code choice} with replacement and no weights draws {@code randint(0, n)}, and the legacy
 * {@code randint} uses masked rejection (kept for backward compatibility, unlike the newer Lemire method):
 * with {@code rng = n - 1} and {@code mask} the smallest {@code 2^k - 1 ≥ rng}, each index is the first
 * 32-bit output {@code & mask} that is not above {@code rng} (for {@code rng} below 2^32; {@code rng = 0}
 * draws nothing).</li>
 * </ul>
 * Checked against numpy 1.24 in {@code LegacyRandomStateTest}. Not thread-safe; one per case.
 */
public final class LegacyRandomState {

	private static final int N = 624;
	private static final int M = 397;
	private static final int MATRIX_A = 0x9908b0df;
	private static final int UPPER = 0x80000000;
	private static final int LOWER = 0x7fffffff;

	private final int[] mt = new int[N];
	private int pos;

	/**
	 * A generator seeded as {@code np.random.RandomState(seed)}.
	 *
	 * @throws IllegalArgumentException for a seed outside 0..2^32-1 (numpy refuses those too)
	 */
	public LegacyRandomState(final long seed) {
		if (seed < 0 || seed > 0xffffffffL) {
			throw new IllegalArgumentException("seed " + seed + " is outside 0..4294967295");
		}
		mt[0] = (int) seed;
		for (int i = 1; i < N; i++) {
			mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
		}
		pos = N;
	}

	/** The next 32-bit output (unsigned, in the low bits of the long). */
	public long nextUint32() {
		if (pos >= N) {
			twist();
		}
		int y = mt[pos++];
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y & 0xffffffffL;
	}

	private void twist() {
		int k = 0;
		for (; k < N - M; k++) {
			final int y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
			mt[k] = mt[k + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
		}
		for (; k < N - 1; k++) {
			final int y = (mt[k] & UPPER) | (mt[k + 1] & LOWER);
			mt[k] = mt[k + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
		}
		final int y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
		mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
		pos = 0;
	}

	/**
	 * The next index in 0..n-1 as {@code choice(n, ..., replace=True)} draws it (see the class comment), for
	 * drawing a long sequence without holding it.
	 *
	 * @throws IllegalArgumentException for {@code n} below 1
	 */
	public int nextIndex(final int n) {
		if (n < 1) {
			throw new IllegalArgumentException("population " + n + " must be at least 1");
		}
		final long rng = n - 1;
		if (rng == 0) {
			return 0;
		}
		long mask = rng;
		mask |= mask >>> 1;
		mask |= mask >>> 2;
		mask |= mask >>> 4;
		mask |= mask >>> 8;
		mask |= mask >>> 16;
		long v;
		do {
			v = nextUint32() & mask;
		} while (v > rng);
		return (int) v;
	}

	/**
	 * {@code count} indices in 0..n-1 as {@code choice(n, count, replace=True)} draws them.
	 *
	 * @throws IllegalArgumentException for {@code n} below 1 or above the largest Java array
	 */
	public int[] choice(final int n, final int count) {
		if (n < 1) {
			throw new IllegalArgumentException("population " + n + " must be at least 1");
		}
		final int[] out = new int[count];
		final long rng = n - 1;
		if (rng == 0) {
			return out;
		}
		long mask = rng;
		mask |= mask >>> 1;
		mask |= mask >>> 2;
		mask |= mask >>> 4;
		mask |= mask >>> 8;
		mask |= mask >>> 16;
		for (int i = 0; i < count; i++) {
			long v;
			do {
				v = nextUint32() & mask;
			} while (v > rng);
			out[i] = (int) v;
		}
		return out;
	}
}
