package org.organdatasets.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * {@code value,count} lines in ascending value order, values as {@link Double#toString(double)}.
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
		switch (datatype) {
			case UINT8:
			case UINT16:
				hist = new long[1 << 16];
				offset = 0;
				values = null;
				break;
			case INT8:
			case INT16:
				hist = new long[1 << 16];
				offset = Short.MIN_VALUE;
				values = null;
				break;
			default:
				hist = null;
				offset = 0;
				values = new ValueCounts();
				break;
		}
	}

	/** Adds the foreground voxels of a plane (stored values, as {@link OrganAccumulator#addPlane}). */
	void addPlane(final Object plane, final byte[] labels) {
		final int n = labels.length;
		switch (datatype) {
			case UINT8:
			case INT8: {
				final byte[] a = (byte[]) plane;
				final int mask = datatype == NiftiDatatype.UINT8 ? 0xff : -1;
				for (int i = 0; i < n; i++) {
					if (labels[i] != 0) {
						hist[(a[i] & mask) - offset]++;
					}
				}
				break;
			}
			case UINT16:
			case INT16: {
				final short[] a = (short[]) plane;
				final int mask = datatype == NiftiDatatype.UINT16 ? 0xffff : -1;
				for (int i = 0; i < n; i++) {
					if (labels[i] != 0) {
						hist[(a[i] & mask) - offset]++;
					}
				}
				break;
			}
			case INT32:
			case UINT32: {
				final int[] a = (int[]) plane;
				final long mask = datatype == NiftiDatatype.UINT32 ? 0xffffffffL : -1L;
				for (int i = 0; i < n; i++) {
					if (labels[i] != 0) {
						count((a[i] & mask) * slope + intercept);
					}
				}
				break;
			}
			case FLOAT32: {
				final float[] a = (float[]) plane;
				for (int i = 0; i < n; i++) {
					if (labels[i] != 0 && a[i] == a[i]) {
						count(a[i] * slope + intercept);
					}
				}
				break;
			}
			case FLOAT64: {
				final double[] a = (double[]) plane;
				for (int i = 0; i < n; i++) {
					if (labels[i] != 0 && a[i] == a[i]) {
						count(a[i] * slope + intercept);
					}
				}
				break;
			}
			default:
				throw new IllegalArgumentException("datatype " + datatype + " has no scalar intensities");
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

	/** Distinct scaled values → counts, ascending. */
	TreeMap<Double, Long> counts() {
		final TreeMap<Double, Long> m = new TreeMap<>();
		if (hist != null) {
			for (int k = 0; k < hist.length; k++) {
				if (hist[k] > 0) {
					final double v = (k + offset) * slope + intercept;
					m.merge(v == 0 ? 0.0 : v, hist[k], Long::sum);
				}
			}
		} else {
			for (int i = 0; i < values.keys.length; i++) {
				if (values.used[i]) {
					m.put(Double.longBitsToDouble(values.keys[i]), values.counts[i]);
				}
			}
		}
		return m;
	}

	/** The file's text (see the class description). */
	String text() {
		final StringBuilder sb = new StringBuilder(GRID_PREFIX);
		sb.append(dims[0]).append(',').append(dims[1]).append(',').append(dims[2]);
		for (final double s : spacingMm) {
			sb.append(',').append(Double.toString(s));
		}
		sb.append('\n');
		for (final Map.Entry<Double, Long> e : counts().entrySet()) {
			sb.append(Double.toString(e.getKey())).append(',').append(e.getValue()).append('\n');
		}
		return sb.toString();
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
	 */
	static String fingerprint(final List<Path> files) throws IOException {
		final TreeMap<Double, Long> all = new TreeMap<>();
		final List<String> spacings = new ArrayList<>();
		final List<String> shapes = new ArrayList<>();
		for (final Path f : files) {
			final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
			final String[] g = lines.get(0).substring(GRID_PREFIX.length()).split(",");
			shapes.add("[" + g[2] + ", " + g[1] + ", " + g[0] + "]");
			spacings.add("[" + g[5] + ", " + g[4] + ", " + g[3] + "]");
			for (int i = 1; i < lines.size(); i++) {
				final String l = lines.get(i);
				if (l.isEmpty()) {
					continue;
				}
				final int c = l.indexOf(',');
				all.merge(Double.parseDouble(l.substring(0, c)), Long.parseLong(l.substring(c + 1)), Long::sum);
			}
		}
		final int k = all.size();
		final double[] v = new double[k];
		final long[] cum = new long[k];
		long n = 0;
		int i = 0;
		for (final Map.Entry<Double, Long> e : all.entrySet()) {
			v[i] = e.getKey();
			n += e.getValue();
			cum[i] = n;
			i++;
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
				sum += v[j] * (cum[j] - (j == 0 ? 0 : cum[j - 1]));
			}
			final double mean = sum / n;
			double m2 = 0;
			for (int j = 0; j < k; j++) {
				final double d = v[j] - mean;
				m2 += d * d * (cum[j] - (j == 0 ? 0 : cum[j - 1]));
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
