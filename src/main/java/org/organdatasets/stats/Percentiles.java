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

	/** The percentiles every organ reports, in {@link OrganMeasures}' order: median, 0.5th, 99.5th. */
	static double[] reported() {
		return new double[] { MEDIAN, P0_5, P99_5 };
	}

	/**
	 * Rank r (0-based, ascending) of n scaled values v = stored · slope + intercept as a rank of the stored
	 * values: scaling is monotone, so it is r itself, or n − 1 − r for a negative slope.
	 */
	static long storedRank(final long n, final long r, final double slope) {
		return slope < 0 ? n - 1 - r : r;
	}

	/**
	 * The stored-value ranks {@link #reportedOfScaled} reads among n values: the lower and upper order
	 * statistic of each {@link #reported()} percentile (some may repeat).
	 */
	static long[] storedRanksNeeded(final long n, final double slope) {
		final double[] percents = reported();
		final long[] ranks = new long[2 * percents.length];
		for (int p = 0; p < percents.length; p++) {
			ranks[2 * p] = storedRank(n, lowerRank(n, percents[p]), slope);
			ranks[2 * p + 1] = storedRank(n, upperRank(n, percents[p]), slope);
		}
		return ranks;
	}

	/**
	 * The {@link #reported()} percentiles of n scaled values (stored · slope + intercept, in double) from
	 * the stored value at any ascending stored rank, which is asked only for {@link #storedRanksNeeded}.
	 */
	static double[] reportedOfScaled(final long n, final double slope, final double intercept,
			final LongToDoubleFunction storedAtRank) {
		final LongToDoubleFunction scaled = r -> storedAtRank.applyAsDouble(storedRank(n, r, slope)) * slope
				+ intercept;
		final double[] percents = reported();
		final double[] out = new double[percents.length];
		for (int p = 0; p < percents.length; p++) {
			out[p] = type7(n, percents[p], scaled);
		}
		return out;
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
