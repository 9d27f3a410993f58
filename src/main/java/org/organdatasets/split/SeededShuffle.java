package org.organdatasets.split;

import java.util.List;

/**
 * The one source of randomness of splits, fully specified so that a seed gives the same split on every
 * JVM (and can be re-implemented in a few lines of Python): SplitMix64 (Steele, Lea and Flood 2014, the
 * generator behind {@link java.util.SplittableRandom}) and a Fisher–Yates shuffle.
 *
 * <ul>
 * <li>State: a 64-bit integer, initially the seed. Each draw adds {@code 0x9E3779B97F4A7C15} (mod 2^64)
 * and returns {@code z = state; z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) *
 * 0x94D049BB133111EB; z ^ (z >>> 31)}.</li>
 * <li>A number in {@code 0..bound-1}: {@code r = draw >>> 1} (63 bits); draws with {@code r >=
 * 2^63 - (2^63 mod bound)} are rejected and drawn again, otherwise {@code r mod bound} (no modulo bias).</li>
 * <li>Shuffle of a list of n items: for {@code i = n-1} down to 1, swap items {@code i} and
 * {@code next(i + 1)}.</li>
 * </ul>
 * Not thread-safe.
 */
public final class SeededShuffle {

	private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private long state;

	/** A generator starting from {@code seed}. */
	public SeededShuffle(final long seed) {
		this.state = seed;
	}

	/** The next 64 random bits (SplitMix64). */
	public long nextLong() {
		state += GOLDEN_GAMMA;
		long z = state;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/**
	 * A uniform integer in {@code 0..bound-1} by rejection (see the class description).
	 *
	 * @throws IllegalArgumentException when {@code bound < 1}
	 */
	public int nextInt(final int bound) {
		if (bound < 1) {
			throw new IllegalArgumentException("bound " + bound + " must be at least 1");
		}
		final long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound + 1) % bound;
		while (true) {
			final long r = nextLong() >>> 1;
			if (r <= limit) {
				return (int) (r % bound);
			}
		}
	}

	/** Shuffles a list in place (Fisher–Yates from the end, see the class description). */
	public <T> void shuffle(final List<T> list) {
		for (int i = list.size() - 1; i > 0; i--) {
			final int j = nextInt(i + 1);
			final T t = list.get(i);
			list.set(i, list.get(j));
			list.set(j, t);
		}
	}
}
