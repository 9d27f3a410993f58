package org.organdatasets.stats;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * Percentiles as numpy computes them by default ({@code numpy.percentile(a, p, method="linear")},
 * Hyndman &amp; Fan type 7): for n sorted values x[0..n-1], h = (n − 1) · (p / 100),
 * result = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]), with x[n] read as x[n − 1]. The arithmetic
 * follows numpy's order ({@code p / 100} first, and numpy's {@code _lerp}, which for weights of 0.5 and
 * more interpolates from the upper value), so results agree to the last bit for the same inputs.
 */
public final class Percentiles {

	/** The low percentile reported, in percent. */
	public static final double P0_5 = 0.5;
	/** The median, in percent. */
	public static final double MEDIAN = 50;
	/** The high percentile reported, in percent. */
	public static final double P99_5 = 99.5;

	private Percentiles() {
	}

	/**
	 * numpy's virtual index h = (n − 1) · (p / 100) of percentile p among n values.
	 *
	 * @throws IllegalArgumentException for n &lt; 1 or p outside 0..100
	 */
	public static double virtualIndex(final long n, final double p) {
		if (n < 1) {
			throw new IllegalArgumentException("percentile of " + n + " values: need at least 1 value");
		}
		if (!(p >= 0 && p <= 100)) {
			throw new IllegalArgumentException("percentile " + p + " is outside 0..100");
		}
		return (n - 1) * (p / 100.0);
	}

	/** The 0-based rank of the lower order statistic used for percentile p of n values. */
	public static long lowerRank(final long n, final double p) {
		return (long) Math.floor(virtualIndex(n, p));
	}

	/** The 0-based rank of the upper order statistic used for percentile p of n values (at most n − 1). */
	public static long upperRank(final long n, final double p) {
		return Math.min(lowerRank(n, p) + 1, n - 1);
	}

	/** numpy's {@code _lerp(a, b, t)}: a + (b − a)·t, computed from b when t ≥ 0.5. */
	public static double lerp(final double a, final double b, final double t) {
		final double diff = b - a;
		return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
	}

	/**
	 * Percentile p of n values given by their order statistics.
	 *
	 * @param n number of values (at least 1)
	 * @param p percent, 0..100
	 * @param valueAtRank the value of 0-based ascending rank r, asked only for the two ranks needed
	 */
	public static double type7(final long n, final double p, final LongToDoubleFunction valueAtRank) {
		final double h = virtualIndex(n, p);
		final double lo = Math.floor(h);
		final long r = (long) lo;
		final double a = valueAtRank.applyAsDouble(r);
		final double b = valueAtRank.applyAsDouble(Math.min(r + 1, n - 1));
		return lerp(a, b, h - lo);
	}

	/** Percentile p of values sorted ascending (none NaN). */
	public static double ofSorted(final double[] sorted, final double p) {
		return type7(sorted.length, p, r -> sorted[(int) r]);
	}

	/** Percentile p of values in any order (a sorted copy is made; for tests and small arrays). */
	public static double of(final double[] values, final double p) {
		final double[] s = values.clone();
		Arrays.sort(s);
		return ofSorted(s, p);
	}
}
