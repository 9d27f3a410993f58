package org.organdatasets.browse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tukey's outlier rule on organ volumes: per organ, over the cases whose labels hold it, the fences are
 * Q1 − 1.5 IQR and Q3 + 1.5 IQR, with quartiles as numpy's default percentile computes them (linear
 * interpolation between order statistics, Hyndman and Fan type 7). A case is marked for every organ
 * whose volume lies outside its fences. An organ present in fewer than {@link #MIN_CASES} cases gets no
 * fences: with so few, a quartile says nothing.
 */
public final class VolumeOutliers {

	/** The fewest cases with an organ for its fences to be drawn. */
	public static final int MIN_CASES = 4;

	/** The fences of one organ. */
	public static final class Fences {

		/** Cases that hold the organ. */
		public final int cases;
		/** Lower fence, mL. */
		public final double low;
		/** Upper fence, mL. */
		public final double high;

		Fences(final int cases, final double low, final double high) {
			this.cases = cases;
			this.low = low;
			this.high = high;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "[%.1f, %.1f] mL over %d cases", low, high, cases);
		}
	}

	private final Map<String, Fences> fences;

	private VolumeOutliers(final Map<String, Fences> fences) {
		this.fences = fences;
	}

	/** The fences of {@code organs} over the rows whose volumes are known. */
	public static VolumeOutliers of(final List<CaseRow> rows, final List<String> organs) {
		final Map<String, Fences> f = new LinkedHashMap<>();
		for (final String organ : organs) {
			final String key = organ.toLowerCase(Locale.ROOT);
			final double[] v = new double[rows.size()];
			int n = 0;
			for (final CaseRow r : rows) {
				final Double ml = r.volume(key);
				if (ml != null) {
					v[n++] = ml;
				}
			}
			if (n < MIN_CASES) {
				continue;
			}
			final double[] s = Arrays.copyOf(v, n);
			Arrays.sort(s);
			final double q1 = quantile(s, 0.25);
			final double q3 = quantile(s, 0.75);
			final double iqr = q3 - q1;
			f.put(key, new Fences(n, q1 - 1.5 * iqr, q3 + 1.5 * iqr));
		}
		return new VolumeOutliers(Collections.unmodifiableMap(f));
	}

	/** Type-7 quantile of sorted values: numpy's default {@code percentile}. */
	static double quantile(final double[] sorted, final double p) {
		final double h = (sorted.length - 1) * p;
		final int lo = (int) Math.floor(h);
		final int hi = Math.min(lo + 1, sorted.length - 1);
		return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
	}

	/** The fences of an organ, or {@code null} when it has none (fewer than {@link #MIN_CASES} cases). */
	public Fences fences(final String organ) {
		return fences.get(organ.toLowerCase(Locale.ROOT));
	}

	/** Whether the case's volume of {@code organ} lies outside the organ's fences. */
	public boolean outside(final CaseRow row, final String organ) {
		final Fences f = fences(organ);
		final Double ml = row.volume(organ);
		return f != null && ml != null && (ml < f.low || ml > f.high);
	}

	/** One line per organ outside its fences, e.g. {@code liver 3510.2 mL above the upper fence 2980.0 mL}. */
	public List<String> reasons(final CaseRow row) {
		final List<String> out = new ArrayList<>();
		for (final Map.Entry<String, Fences> e : fences.entrySet()) {
			final Double ml = row.volume(e.getKey());
			if (ml == null) {
				continue;
			}
			if (ml > e.getValue().high) {
				out.add(String.format(Locale.ROOT, "%s %.1f mL above the upper fence %.1f mL", e.getKey(), ml,
						e.getValue().high));
			} else if (ml < e.getValue().low) {
				out.add(String.format(Locale.ROOT, "%s %.1f mL below the lower fence %.1f mL", e.getKey(), ml,
						e.getValue().low));
			}
		}
		return out;
	}
}
