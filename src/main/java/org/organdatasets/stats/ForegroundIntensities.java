package org.organdatasets.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;

import org.organdatasets.dataset.Csv;
import org.organdatasets.nifti.NiftiDatatype;

/**
 * The scaled intensities of one case's foreground voxels (label above 0) as distinct value → count, for
 * exact statistics over all foreground voxels of many cases (nnU-Net's
 * {@code foreground_intensity_properties_per_channel}, which nnU-Net itself estimates from a sample).
 * 8- and 16-bit data use a histogram of the 65,536 raw values; other types a hash map of distinct scaled
 * values, whose size is the number of distinct values (small for CT stored as integers, up to the
 * foreground voxel count for noisy float data). NaN values are left out.
 *
 * <p>File ({@link #write}): line 1 {@code #grid,nx,ny,nz,sx,sy,sz} (dims and spacing in mm), then
 * {@code value,count} lines in ascending value order: whole values below 10^7 in magnitude as
 * {@link Double#toString(double)} writes them ({@code -1024.0}), others as {@code 0x} and the 16 hex digits
 * of their IEEE 754 bits (exact, and written and read without a decimal digit search, which for noisy
 * float data with a value per voxel cost more than the counting). Files with every value in decimal, as
 * earlier versions wrote them, are read too.
 */
final class ForegroundIntensities {

	static final String GRID_PREFIX = "#grid,";

	private final NiftiDatatype datatype;
	private final double slope;
	private final double intercept;
	private final long[] dims;
	private final double[] spacingMm;
	private final long[] hist;
	private final int offset;
	private final ValueCounts values;

	ForegroundIntensities(final NiftiDatatype datatype, final double slope, final double intercept,
			final long[] dims, final double[] spacingMm) {
		this.datatype = datatype;
		this.slope = slope;
		this.intercept = intercept;
		this.dims = dims.clone();
		this.spacingMm = spacingMm.clone();
		// 8- and 16-bit integers: a histogram of every value the type holds
		if (datatype.isInteger() && datatype.bitpix() <= 16) {
			hist = new long[1 << 16];
			offset = datatype.minValue() < 0 ? Short.MIN_VALUE : 0;
			values = null;
		} else {
			hist = null;
			offset = 0;
			values = new ValueCounts();
		}
	}

	/** Adds the foreground voxels of a plane (stored values, as {@link OrganAccumulator#addPlane}). */
	void addPlane(final Object plane, final byte[] labels) {
		final double[] raw = new double[labels.length];
		datatype.toDoubles(plane, raw);
		addValues(raw, labels);
	}

	/** Adds the foreground voxels of a plane whose stored values are already decoded into {@code raw}. */
	void addValues(final double[] raw, final byte[] labels) {
		final int n = labels.length;
		if (hist != null) {
			for (int i = 0; i < n; i++) {
				if (labels[i] != 0) {
					hist[(int) raw[i] - offset]++;
				}
			}
			return;
		}
		for (int i = 0; i < n; i++) {
			final double x = raw[i];
			if (labels[i] != 0 && x == x) {
				count(x * slope + intercept);
			}
		}
	}

	private void count(final double v) {
		count(v, 1);
	}

	private void count(final double v, final long n) {
		// -0.0 and 0.0 are one value
		values.add(Double.doubleToLongBits(v == 0 ? 0.0 : v), n);
	}

	/**
	 * Adds {@code n} foreground voxels of integer raw value {@code raw} (for histograms kept elsewhere,
	 * as {@link OrganAccumulator}'s integer mode does).
	 */
	void addRaw(final long raw, final long n) {
		if (n == 0) {
			return;
		}
		if (hist != null) {
			hist[(int) (raw - offset)] += n;
		} else {
			count(raw * slope + intercept, n);
		}
	}

	/** Distinct scaled values, ascending, with their counts: primitive arrays, no boxing. */
	static final class Sorted {
		final double[] values;
		final long[] counts;
		final int size;

		Sorted(final double[] values, final long[] counts, final int size) {
			this.values = values;
			this.counts = counts;
			this.size = size;
		}

		/** The union of two, counts of equal values added. */
		static Sorted merge(final Sorted a, final Sorted b) {
			final double[] v = new double[a.size + b.size];
			final long[] c = new long[v.length];
			int i = 0;
			int j = 0;
			int n = 0;
			while (i < a.size || j < b.size) {
				final double x;
				final long k;
				if (j == b.size || i < a.size && a.values[i] < b.values[j]) {
					x = a.values[i];
					k = a.counts[i++];
				} else if (i == a.size || b.values[j] < a.values[i]) {
					x = b.values[j];
					k = b.counts[j++];
				} else {
					x = a.values[i];
					k = a.counts[i++] + b.counts[j++];
				}
				n = append(v, c, n, x, k);
			}
			return new Sorted(v, c, n);
		}
	}

	/** Appends (x, k) to the first n entries, or adds k to the last entry when it holds x; the new size. */
	private static int append(final double[] v, final long[] c, final int n, final double x, final long k) {
		if (n > 0 && v[n - 1] == x) {
			c[n - 1] += k;
			return n;
		}
		v[n] = x;
		c[n] = k;
		return n + 1;
	}

	/** Distinct scaled values with their counts, ascending (-0.0 counted as 0.0). */
	Sorted sorted() {
		if (hist != null) {
			int distinct = 0;
			for (final long h : hist) {
				distinct += h > 0 ? 1 : 0;
			}
			final double[] v = new double[distinct];
			final long[] c = new long[distinct];
			int n = 0;
			// k * slope + intercept is monotonic in k (rounding is), so one direction needs no sort
			final boolean down = slope < 0;
			for (int i = 0; i < hist.length; i++) {
				final int k = down ? hist.length - 1 - i : i;
				if (hist[k] > 0) {
					final double x = (k + offset) * slope + intercept;
					n = append(v, c, n, x == 0 ? 0.0 : x, hist[k]);
				}
			}
			return new Sorted(v, c, n);
		}
		final long[] order = new long[values.size];
		int m = 0;
		for (int i = 0; i < values.keys.length; i++) {
			if (values.used[i]) {
				order[m++] = sortable(values.keys[i]);
			}
		}
		Arrays.sort(order);
		final double[] v = new double[m];
		final long[] c = new long[m];
		for (int i = 0; i < m; i++) {
			final long bits = sortable(order[i]);
			v[i] = Double.longBitsToDouble(bits);
			c[i] = values.get(bits);
		}
		return new Sorted(v, c, m);
	}

	/** Double bits ↔ a long that orders as the doubles do (an involution: flips all but the sign of negatives). */
	private static long sortable(final long bits) {
		return bits ^ (bits >> 63 & Long.MAX_VALUE);
	}

	/** The file's text (see the class description). */
	String text() {
		final StringBuilder sb = new StringBuilder(GRID_PREFIX);
		sb.append(dims[0]).append(',').append(dims[1]).append(',').append(dims[2]);
		for (final double s : spacingMm) {
			sb.append(',').append(Double.toString(s));
		}
		sb.append('\n');
		final Sorted s = sorted();
		for (int i = 0; i < s.size; i++) {
			appendDouble(sb, s.values[i]).append(',').append(s.counts[i]).append('\n');
		}
		return sb.toString();
	}

	/** A value as the file holds it (see the class description). */
	static StringBuilder appendDouble(final StringBuilder sb, final double x) {
		if (x == (long) x && Math.abs(x) < 1e7 && (x != 0 || 1 / x > 0)) {
			return sb.append((long) x).append(".0");
		}
		final String hex = Long.toHexString(Double.doubleToRawLongBits(x));
		sb.append("0x");
		for (int i = hex.length(); i < 16; i++) {
			sb.append('0');
		}
		return sb.append(hex);
	}

	/**
	 * A value of s[from, to) as {@link #appendDouble} writes it, or any text {@link Double#parseDouble(String)}
	 * reads (a Java hex float needs a {@code p} exponent, so the bits form is not one).
	 */
	static double parseDouble(final String s, final int from, final int to) {
		if (to - from == 18 && s.charAt(from) == '0' && s.charAt(from + 1) == 'x') {
			try {
				return Double.longBitsToDouble(Long.parseUnsignedLong(s, from + 2, to, 16));
			} catch (final NumberFormatException e) {
				// not 16 hex digits: left to parseDouble, which names it
			}
		}
		if (to - from >= 3 && to - from <= 12 && s.charAt(to - 1) == '0' && s.charAt(to - 2) == '.') {
			long x = 0;
			final boolean negative = s.charAt(from) == '-';
			int i = negative ? from + 1 : from;
			final int end = to - 2;
			boolean digits = i < end;
			for (; i < end && digits; i++) {
				final char ch = s.charAt(i);
				digits = ch >= '0' && ch <= '9';
				x = 10 * x + (ch - '0');
			}
			if (digits) {
				return negative ? (x == 0 ? -0.0 : -x) : x;
			}
		}
		return Double.parseDouble(s.substring(from, to));
	}

	/** Writes {@link #text()} atomically. */
	void write(final Path file) throws IOException {
		Csv.write(file, text(), true);
	}

	/**
	 * nnU-Net's {@code dataset_fingerprint.json} shape from the files of several cases (in the given order):
	 * {@code foreground_intensity_properties_per_channel {"0": {...}}} exact over all their foreground voxels
	 * (mean and population std in double over sorted distinct values; percentiles as numpy's linear
	 * type 7), {@code spacings} and {@code shapes} per case, both in nnU-Net's z, y, x order (uncropped).
	 * The files' sorted values are merged pairwise as in a binary counter, so time is O(N log files) and at
	 * most about twice the distinct values of all cases are held.
	 */
	static String fingerprint(final List<Path> files) throws IOException {
		final List<String> spacings = new ArrayList<>();
		final List<String> shapes = new ArrayList<>();
		final ArrayDeque<Sorted> stack = new ArrayDeque<>();
		for (final Path f : files) {
			final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
			final String[] g = lines.get(0).substring(GRID_PREFIX.length()).split(",");
			shapes.add("[" + g[2] + ", " + g[1] + ", " + g[0] + "]");
			spacings.add("[" + g[5] + ", " + g[4] + ", " + g[3] + "]");
			final double[] v = new double[lines.size()];
			final long[] c = new long[lines.size()];
			int n = 0;
			for (int i = 1; i < lines.size(); i++) {
				final String l = lines.get(i);
				if (l.isEmpty()) {
					continue;
				}
				final int comma = l.indexOf(',');
				final double x = parseDouble(l, 0, comma);
				if (n > 0 && !(x >= v[n - 1])) {
					throw new IOException(f + ": line " + (i + 1) + ": value " + l.substring(0, comma)
							+ " is not above the line before; expected ascending values (rerun the case)");
				}
				n = append(v, c, n, x, Long.parseLong(l.substring(comma + 1)));
			}
			Sorted top = new Sorted(v, c, n);
			while (!stack.isEmpty() && stack.peek().size <= 2 * top.size) {
				top = Sorted.merge(stack.pop(), top);
			}
			stack.push(top);
		}
		Sorted all = new Sorted(new double[0], new long[0], 0);
		while (!stack.isEmpty()) {
			all = Sorted.merge(stack.pop(), all);
		}
		final int k = all.size;
		final double[] v = all.values;
		final long[] cum = new long[k];
		long n = 0;
		for (int i = 0; i < k; i++) {
			n += all.counts[i];
			cum[i] = n;
		}
		final StringBuilder sb = new StringBuilder("{\n  \"foreground_intensity_properties_per_channel\": {\n    \"0\": {\n");
		if (n == 0) {
			for (final String key : Arrays.asList("max", "mean", "median", "min", "percentile_00_5", "percentile_99_5")) {
				sb.append("      \"").append(key).append("\": null,\n");
			}
			sb.append("      \"std\": null\n");
		} else {
			double sum = 0;
			for (int j = 0; j < k; j++) {
				sum += v[j] * all.counts[j];
			}
			final double mean = sum / n;
			double m2 = 0;
			for (int j = 0; j < k; j++) {
				final double d = v[j] - mean;
				m2 += d * d * all.counts[j];
			}
			final long total = n;
			final LongToDoubleFunction at = r -> {
				int pos = Arrays.binarySearch(cum, r + 1);
				if (pos < 0) {
					pos = -pos - 1;
				}
				return v[pos];
			};
			sb.append("      \"max\": ").append(json(v[k - 1])).append(",\n");
			sb.append("      \"mean\": ").append(json(mean)).append(",\n");
			sb.append("      \"median\": ").append(json(Percentiles.type7(total, Percentiles.MEDIAN, at))).append(",\n");
			sb.append("      \"min\": ").append(json(v[0])).append(",\n");
			sb.append("      \"percentile_00_5\": ").append(json(Percentiles.type7(total, Percentiles.P0_5, at)))
					.append(",\n");
			sb.append("      \"percentile_99_5\": ").append(json(Percentiles.type7(total, Percentiles.P99_5, at)))
					.append(",\n");
			sb.append("      \"std\": ").append(json(Math.sqrt(m2 / n))).append('\n');
		}
		sb.append("    }\n  },\n");
		sb.append("  \"shapes\": [").append(String.join(", ", shapes)).append("],\n");
		sb.append("  \"spacings\": [").append(String.join(", ", spacings)).append("]\n}\n");
		return sb.toString();
	}

	private static String json(final double x) {
		return Double.isFinite(x) ? Double.toString(x) : "null";
	}

	/** Counts per distinct long key, open addressing with linear probing: no boxing per voxel. */
	private static final class ValueCounts {
		private long[] keys = new long[1 << 10];
		private long[] counts = new long[1 << 10];
		private boolean[] used = new boolean[1 << 10];
		private int size;

		void add(final long key, final long n) {
			int i = slot(keys, used, key);
			if (!used[i]) {
				if (2 * (size + 1) > keys.length) {
					grow();
					i = slot(keys, used, key);
				}
				used[i] = true;
				keys[i] = key;
				size++;
			}
			counts[i] += n;
		}

		long get(final long key) {
			final int i = slot(keys, used, key);
			return used[i] ? counts[i] : 0;
		}

		private static int slot(final long[] keys, final boolean[] used, final long key) {
			final int mask = keys.length - 1;
			final long h = key * 0x9E3779B97F4A7C15L;
			int i = (int) (h ^ (h >>> 32)) & mask;
			while (used[i] && keys[i] != key) {
				i = (i + 1) & mask;
			}
			return i;
		}

		private void grow() {
			final long[] k = new long[keys.length * 2];
			final long[] c = new long[keys.length * 2];
			final boolean[] u = new boolean[keys.length * 2];
			for (int i = 0; i < keys.length; i++) {
				if (used[i]) {
					final int j = slot(k, u, keys[i]);
					u[j] = true;
					k[j] = keys[i];
					c[j] = counts[i];
				}
			}
			keys = k;
			counts = c;
			used = u;
		}
	}
}
