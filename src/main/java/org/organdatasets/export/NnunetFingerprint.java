package org.organdatasets.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;

import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiFormatException;
import org.organdatasets.nifti.NiftiHeader;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiReader;
import org.organdatasets.split.SplitWriters;

/**
 * nnU-Net v2's {@value #FILE} of a raw dataset folder, with the keys and values its
 * {@code DatasetFingerprintExtractor} (2.8.1) computes from the same files, so that its planner
 * ({@code nnUNetv2_plan_experiment}) can run without extracting:
 * <ul>
 * <li>Cases: the training identifiers, i.e. the names in {@code imagesTr} without {@code _XXXX} and the file
 * ending, sorted; labels from {@code labelsTr}. Voxels are read as nnU-Net's {@code NibabelIO} reads them:
 * scaled values ({@code raw · scl_slope + scl_inter} in double) rounded to float32, axes z, y, x.</li>
 * <li>Cropping (its {@code crop_to_nonzero}): the bounding box of the voxels that are not 0 in any channel
 * (filling holes, as nnU-Net does, cannot change a box); the whole image when every voxel is 0.
 * {@code shapes_after_crop} are the box sizes (z, y, x); {@code median_relative_size_after_cropping} the
 * median of box voxels / image voxels.</li>
 * <li>{@code spacings}: {@code |pixdim|} of each case's first channel, z, y, x (nibabel's zooms).</li>
 * <li>{@code foreground_intensity_properties_per_channel}: per case a fresh
 * {@link LegacyRandomState} seeded {@value #SEED} draws {@code ⌊10^8 / cases⌋} foreground voxels (label
 * above 0 inside the box) with replacement, in the box's z, y, x order, channel after channel; a case
 * without foreground gives none. Over the concatenation in case order: mean and population std as numpy
 * computes them for float32 data (float32 pairwise sums, {@link #pairwiseSum(float[], int, int)}), min,
 * max and numpy's linear percentiles 0.5, 50 and 99.5. When a case has no foreground numpy's
 * concatenation becomes float64, and so do the sums here.</li>
 * </ul>
 * Memory: the samples of one channel, 4 · 10^8 bytes, plus the cases being read.
 */
public final class NnunetFingerprint {

	/** The file name nnU-Net reads from {@code nnUNet_preprocessed/DatasetNNN_Name/}. */
	public static final String FILE = "dataset_fingerprint.json";
	/** nnU-Net's {@code num_foreground_voxels_for_intensitystats} (written {@code 10e7} there). */
	public static final long SAMPLES_TOTAL = 100_000_000L;
	/** nnU-Net's seed of every case's generator. */
	public static final long SEED = 1234;

	/** numpy's pairwise summation block ({@code PW_BLOCKSIZE}). */
	private static final int PW_BLOCKSIZE = 128;
	/** numpy's default ufunc buffer size ({@code NPY_BUFSIZE}), the block a reduction loop receives. */
	private static final int BUFSIZE = 8192;
	private static final double[] PERCENTILES = { 0.5, 50.0, 99.5 };

	private NnunetFingerprint() {
	}

	/** One training case: its channel images and label file. */
	static final class CaseFiles {
		final String id;
		final List<Path> images;
		final Path label;

		CaseFiles(final String id, final List<Path> images, final Path label) {
			this.id = id;
			this.images = images;
			this.label = label;
		}
	}

	/** What one case contributes. */
	static final class CaseResult {
		final long[] shapeAfterCrop;
		final double[] spacing;
		final float[][] samples;
		final double relativeSize;

		CaseResult(final long[] shapeAfterCrop, final double[] spacing, final float[][] samples,
				final double relativeSize) {
			this.shapeAfterCrop = shapeAfterCrop;
			this.spacing = spacing;
			this.samples = samples;
			this.relativeSize = relativeSize;
		}
	}

	/**
	 * The training cases of a raw dataset folder as nnU-Net lists them.
	 *
	 * @throws IOException when {@code imagesTr} cannot be listed, has no image, or a label or channel file is
	 *             missing (named)
	 */
	static List<CaseFiles> trainingCases(final Path folder, final String fileEnding, final int channels)
			throws IOException {
		final Path images = folder.resolve(NnunetExport.IMAGES_TR);
		final TreeSet<String> ids = new TreeSet<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(images)) {
			for (final Path f : s) {
				final String name = f.getFileName().toString();
				if (name.endsWith(fileEnding) && name.length() > fileEnding.length() + 5) {
					ids.add(name.substring(0, name.length() - fileEnding.length() - 5));
				}
			}
		}
		if (ids.isEmpty()) {
			throw new IOException(images + " holds no image ending in _0000" + fileEnding
					+ "; expected nnU-Net's training images");
		}
		final List<CaseFiles> out = new ArrayList<>();
		for (final String id : ids) {
			final List<Path> ch = new ArrayList<>();
			for (int c = 0; c < channels; c++) {
				final Path f = images.resolve(String.format(Locale.ROOT, "%s_%04d%s", id, c, fileEnding));
				if (!Files.isRegularFile(f)) {
					throw new IOException(f + " is missing; expected channel " + c + " of case " + id);
				}
				ch.add(f);
			}
			final Path label = folder.resolve(NnunetExport.LABELS_TR).resolve(id + fileEnding);
			if (!Files.isRegularFile(label)) {
				throw new IOException(label + " is missing; expected the labels of training case " + id);
			}
			out.add(new CaseFiles(id, ch, label));
		}
		return out;
	}

	/**
	 * The fingerprint of a raw dataset folder as JSON text (keys sorted, as nnU-Net saves it).
	 *
	 * @param folder {@code DatasetNNN_Name} with {@code imagesTr} and {@code labelsTr}
	 * @param fileEnding e.g. {@code .nii.gz}
	 * @param channels number of channels ({@code _0000}, {@code _0001}...)
	 * @param threads cases read at once
	 * @throws IOException for a missing or unreadable file, a non-3-D image, or grids that differ, naming the file
	 */
	public static String compute(final Path folder, final String fileEnding, final int channels, final int threads)
			throws IOException, InterruptedException {
		final List<CaseFiles> cases = trainingCases(folder, fileEnding, channels);
		final int samples = (int) (SAMPLES_TOTAL / cases.size());
		final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, cases.size())), r -> {
			final Thread t = new Thread(r, "nnunet-fingerprint");
			t.setDaemon(true);
			return t;
		});
		final List<CaseResult> results = new ArrayList<>();
		try {
			final List<Future<CaseResult>> futures = new ArrayList<>();
			for (final CaseFiles c : cases) {
				futures.add(pool.submit(() -> analyze(c, samples)));
			}
			for (final Future<CaseResult> f : futures) {
				try {
					results.add(f.get());
				} catch (final ExecutionException e) {
					final Throwable cause = e.getCause();
					if (cause instanceof IOException) {
						throw (IOException) cause;
					}
					if (cause instanceof Error) {
						throw (Error) cause;
					}
					throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
				}
			}
		} finally {
			pool.shutdownNow();
		}
		return json(results, channels);
	}

	/**
	 * Writes {@value #FILE} into {@code folder} and, when {@code preprocessed} is not {@code null}, into
	 * {@code preprocessed/<folder name>/} where nnU-Net's planner reads it (each file replaced atomically).
	 *
	 * @return the files written
	 */
	public static List<Path> write(final Path folder, final String fileEnding, final int channels, final int threads,
			final Path preprocessed, final String datasetName) throws IOException, InterruptedException {
		final String text = compute(folder, fileEnding, channels, threads);
		final List<Path> out = new ArrayList<>();
		out.add(folder.resolve(FILE));
		if (preprocessed != null) {
			out.add(preprocessed.resolve(datasetName).resolve(FILE));
		}
		for (final Path p : out) {
			SplitWriters.writeAtomically(p, text);
		}
		return out;
	}

	/** One case: crop box, foreground voxels in nnU-Net's order, its samples. */
	static CaseResult analyze(final CaseFiles c, final int samples) throws IOException {
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedIOException("fingerprint stopped before case " + c.id);
		}
		final NiftiReader reader = new NiftiReader().applyScaling(false);
		final List<NiftiImage> images = new ArrayList<>();
		for (final Path f : c.images) {
			images.add(reader.read(f));
		}
		final NiftiImage label = reader.read(c.label);
		final long[] dims = images.get(0).dims();
		if (dims.length != 3) {
			throw new NiftiFormatException(c.images.get(0), "image has " + dims.length + " dimensions "
					+ Arrays.toString(dims) + "; expected 3 (nnU-Net reads 3-D images)");
		}
		for (int i = 1; i < images.size(); i++) {
			check(images.get(i).dims(), dims, c.images.get(i));
		}
		check(label.dims(), dims, c.label);
		final int nx = (int) dims[0];
		final int ny = (int) dims[1];
		final int nz = (int) dims[2];
		final int plane = nx * ny;
		// box of voxels not 0 in any channel: x0, x1, y0, y1, z0, z1 (half open)
		int x0 = nx;
		int x1 = 0;
		int y0 = ny;
		int y1 = 0;
		int z0 = nz;
		int z1 = 0;
		final float[] buf = new float[plane];
		for (final NiftiImage im : images) {
			for (int z = 0; z < nz; z++) {
				floats(im, z, buf);
				for (int y = 0; y < ny; y++) {
					final int row = y * nx;
					for (int x = 0; x < nx; x++) {
						if (buf[row + x] != 0 || buf[row + x] != buf[row + x]) {
							x0 = Math.min(x0, x);
							x1 = Math.max(x1, x + 1);
							y0 = Math.min(y0, y);
							y1 = Math.max(y1, y + 1);
							z0 = Math.min(z0, z);
							z1 = Math.max(z1, z + 1);
						}
					}
				}
			}
		}
		if (x1 == 0) {
			// nnU-Net's box of an empty mask is the whole image
			x0 = 0;
			x1 = nx;
			y0 = 0;
			y1 = ny;
			z0 = 0;
			z1 = nz;
		}
		final float[] lab = new float[plane];
		int count = 0;
		for (int z = z0; z < z1; z++) {
			floats(label, z, lab);
			for (int y = y0; y < y1; y++) {
				for (int x = x0; x < x1; x++) {
					count += lab[y * nx + x] > 0 ? 1 : 0;
				}
			}
		}
		final float[][] out = new float[images.size()][];
		final LegacyRandomState rs = new LegacyRandomState(SEED);
		for (int ch = 0; ch < images.size(); ch++) {
			if (count == 0) {
				continue;
			}
			final float[] fg = new float[count];
			int k = 0;
			for (int z = z0; z < z1; z++) {
				floats(label, z, lab);
				floats(images.get(ch), z, buf);
				for (int y = y0; y < y1; y++) {
					for (int x = x0; x < x1; x++) {
						final int i = y * nx + x;
						if (lab[i] > 0) {
							fg[k++] = buf[i];
						}
					}
				}
			}
			final int[] idx = rs.choice(count, samples);
			final float[] s = new float[samples];
			for (int i = 0; i < samples; i++) {
				s[i] = fg[idx[i]];
			}
			out[ch] = s;
		}
		final NiftiHeader h = images.get(0).metadata().header();
		final double[] spacing = { Math.abs(h.pixdim(3)), Math.abs(h.pixdim(2)), Math.abs(h.pixdim(1)) };
		final long[] shape = { z1 - z0, y1 - y0, x1 - x0 };
		final double relative = (double) (shape[0] * shape[1] * shape[2]) / ((long) nx * ny * nz);
		return new CaseResult(shape, spacing, out, relative);
	}

	private static void check(final long[] d, final long[] expected, final Path file) throws IOException {
		if (!Arrays.equals(d, expected)) {
			throw new NiftiFormatException(file, "dims " + Arrays.toString(d) + " differ from the first image's "
					+ Arrays.toString(expected) + "; expected one grid per case");
		}
	}

	/** Plane {@code z} as nibabel's {@code get_fdata} gives it, rounded to float32 as NibabelIO stores it. */
	private static void floats(final NiftiImage im, final int z, final float[] out) {
		final PlanarImg<?, ?> p = im.planar();
		final Object a = ((ArrayDataAccess<?>) p.getPlane(z)).getCurrentStorageArray();
		final NiftiDatatype t = im.datatype();
		final boolean scale = im.needsScaling();
		final double slope = im.slope();
		final double inter = im.intercept();
		for (int i = 0; i < out.length; i++) {
			final double v = raw(t, a, i);
			out[i] = (float) (scale ? v * slope + inter : v);
		}
	}

	private static double raw(final NiftiDatatype t, final Object a, final int i) {
		switch (t) {
			case UINT8:
				return ((byte[]) a)[i] & 0xff;
			case INT8:
				return ((byte[]) a)[i];
			case INT16:
				return ((short[]) a)[i];
			case UINT16:
				return ((short[]) a)[i] & 0xffff;
			case INT32:
				return ((int[]) a)[i];
			case UINT32:
				return ((int[]) a)[i] & 0xffffffffL;
			case FLOAT32:
				return ((float[]) a)[i];
			case FLOAT64:
				return ((double[]) a)[i];
			default:
				throw new IllegalArgumentException("datatype " + t + " is not a scalar type nnU-Net reads");
		}
	}

	/** The JSON text, keys sorted. */
	static String json(final List<CaseResult> results, final int channels) {
		final JsonObject root = new JsonObject();
		final JsonObject props = new JsonObject();
		for (int ch = 0; ch < channels; ch++) {
			props.add(Integer.toString(ch), statistics(results, ch));
		}
		root.add("foreground_intensity_properties_per_channel", props);
		final double[] rel = new double[results.size()];
		for (int i = 0; i < rel.length; i++) {
			rel[i] = results.get(i).relativeSize;
		}
		root.addProperty("median_relative_size_after_cropping", median(rel));
		final JsonArray shapes = new JsonArray();
		final JsonArray spacings = new JsonArray();
		for (final CaseResult r : results) {
			final JsonArray s = new JsonArray();
			for (final long v : r.shapeAfterCrop) {
				s.add(v);
			}
			shapes.add(s);
			final JsonArray sp = new JsonArray();
			for (final double v : r.spacing) {
				sp.add(v);
			}
			spacings.add(sp);
		}
		root.add("shapes_after_crop", shapes);
		root.add("spacings", spacings);
		return SplitWriters.json(root);
	}

	/** One channel's statistics over the cases' samples in case order, as numpy computes them. */
	private static JsonObject statistics(final List<CaseResult> results, final int ch) {
		long n = 0;
		boolean float64 = false;
		for (final CaseResult r : results) {
			if (r.samples[ch] == null) {
				float64 = true;
			} else {
				n += r.samples[ch].length;
			}
		}
		final JsonObject o = new JsonObject();
		if (n == 0) {
			return o;
		}
		if (n > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(n + " samples do not fit one array");
		}
		final float[] all = new float[(int) n];
		int at = 0;
		for (final CaseResult r : results) {
			if (r.samples[ch] != null) {
				System.arraycopy(r.samples[ch], 0, all, at, r.samples[ch].length);
				at += r.samples[ch].length;
			}
		}
		final double[] ms = meanStd(all, float64);
		final double mean = ms[0];
		final double std = ms[1];
		final double[] q = percentiles(all);
		o.addProperty("max", (double) q[4]);
		o.addProperty("mean", mean);
		o.addProperty("median", q[1]);
		o.addProperty("min", (double) q[3]);
		o.addProperty("percentile_00_5", q[0]);
		o.addProperty("percentile_99_5", q[2]);
		o.addProperty("std", std);
		return o;
	}

	/**
	 * numpy's {@code mean} and {@code std} of the values: of a float32 array ({@code float64} false) or of a
	 * float64 one holding them.
	 */
	static double[] meanStd(final float[] all, final boolean float64) {
		final double mean;
		final double std;
		if (float64) {
			final double m = pairwiseSumDouble(all, 0, all.length) / all.length;
			final double[] sq = new double[all.length];
			for (int i = 0; i < all.length; i++) {
				final double d = all[i] - m;
				sq[i] = d * d;
			}
			mean = m;
			std = Math.sqrt(pairwiseSum(sq, 0, sq.length) / all.length);
		} else {
			// np.mean of float32: the float32 pairwise sum divided as float64 (a float32 scalar by numpy's
			// intp count), stored as float32
			final float sum = pairwiseSum(all, 0, all.length);
			mean = (float) (sum / (double) all.length);
			// np.std: the sum divided in float32 (a float32 array by a scalar keeps float32), squared float32
			// deviations, their float32 pairwise sum divided as float64 and stored as float32, its square root
			final float m = sum / (float) all.length;
			final float[] sq = new float[all.length];
			for (int i = 0; i < all.length; i++) {
				final float d = all[i] - m;
				sq[i] = d * d;
			}
			std = (float) Math.sqrt((float) (pairwiseSum(sq, 0, sq.length) / (double) all.length));
		}
		return new double[] { mean, std };
	}

	/**
	 * numpy's pairwise sum of float32 values in float32 ({@code FLOAT_pairwise_sum}): below 8 values a plain
	 * loop; up to {@value #PW_BLOCKSIZE} eight running sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
	 * plus the rest; above, the two halves (the first rounded down to a multiple of 8) summed so and added.
	 * A reduction starts from 0 and its buffered iterator hands the loop {@value #BUFSIZE} values at a time,
	 * so the pairwise sums of consecutive blocks of that size are added one after another (checked against
	 * numpy 1.24: pairwise over the whole array gives another float32 result).
	 */
	static float pairwiseSum(final float[] a, final int from, final int n) {
		float acc = 0f;
		for (int i = 0; i < n; i += BUFSIZE) {
			acc += pairwise(a, from + i, Math.min(BUFSIZE, n - i));
		}
		return acc;
	}

	private static float pairwise(final float[] a, final int from, final int n) {
		if (n < 8) {
			float res = 0f;
			for (int i = 0; i < n; i++) {
				res += a[from + i];
			}
			return res;
		}
		if (n <= PW_BLOCKSIZE) {
			final float[] r = new float[8];
			for (int j = 0; j < 8; j++) {
				r[j] = a[from + j];
			}
			int i = 8;
			for (; i < n - n % 8; i += 8) {
				for (int j = 0; j < 8; j++) {
					r[j] += a[from + i + j];
				}
			}
			float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
			for (; i < n; i++) {
				res += a[from + i];
			}
			return res;
		}
		int n2 = n / 2;
		n2 -= n2 % 8;
		return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
	}

	/** The same in float64 over float64 values, block after block. */
	static double pairwiseSum(final double[] a, final int from, final int n) {
		double acc = 0;
		for (int i = 0; i < n; i += BUFSIZE) {
			acc += pairwise(a, from + i, Math.min(BUFSIZE, n - i));
		}
		return acc;
	}

	private static double pairwise(final double[] a, final int from, final int n) {
		if (n < 8) {
			double res = 0;
			for (int i = 0; i < n; i++) {
				res += a[from + i];
			}
			return res;
		}
		if (n <= PW_BLOCKSIZE) {
			final double[] r = new double[8];
			for (int j = 0; j < 8; j++) {
				r[j] = a[from + j];
			}
			int i = 8;
			for (; i < n - n % 8; i += 8) {
				for (int j = 0; j < 8; j++) {
					r[j] += a[from + i + j];
				}
			}
			double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
			for (; i < n; i++) {
				res += a[from + i];
			}
			return res;
		}
		int n2 = n / 2;
		n2 -= n2 % 8;
		return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
	}

	/** The float32 values as float64, summed pairwise in float64. */
	private static double pairwiseSumDouble(final float[] a, final int from, final int n) {
		final double[] d = new double[n];
		for (int i = 0; i < n; i++) {
			d[i] = a[from + i];
		}
		return pairwiseSum(d, 0, n);
	}

	/**
	 * numpy's linear percentiles 0.5, 50, 99.5 of float32 values, then min and max: virtual index
	 * {@code (n - 1) · q}, neighbours {@code a ≤ b} of the sorted values, {@code d = b - a} in float32, the
	 * result {@code a + d·g} for a fraction g below 0.5 and {@code b - d·(1 - g)} from 0.5 on, in float64. The
	 * needed order statistics are found by a histogram of the top 16 bits of order-preserving keys, then by
	 * sorting only the buckets that hold them.
	 */
	static double[] percentiles(final float[] v) {
		final int n = v.length;
		final long[] ranks = new long[2 * PERCENTILES.length + 2];
		final double[] gamma = new double[PERCENTILES.length];
		for (int i = 0; i < PERCENTILES.length; i++) {
			final double virtual = (n - 1) * (PERCENTILES[i] / 100);
			long prev = (long) Math.floor(virtual);
			long next = prev + 1;
			if (virtual >= n - 1) {
				prev = n - 1;
				next = n - 1;
			}
			ranks[2 * i] = prev;
			ranks[2 * i + 1] = next;
			gamma[i] = virtual - Math.floor(virtual);
		}
		ranks[ranks.length - 2] = 0;
		ranks[ranks.length - 1] = n - 1;
		final float[] at = orderStatistics(v, ranks);
		final double[] out = new double[PERCENTILES.length + 2];
		for (int i = 0; i < PERCENTILES.length; i++) {
			final float a = at[2 * i];
			final float b = at[2 * i + 1];
			final float d = b - a;
			final double g = gamma[i];
			out[i] = g >= 0.5 ? b - d * (1 - g) : a + d * g;
		}
		out[PERCENTILES.length] = at[at.length - 2];
		out[PERCENTILES.length + 1] = at[at.length - 1];
		return out;
	}

	/** The values of the given ranks (0-based) in ascending order of {@code v}, without sorting it all. */
	static float[] orderStatistics(final float[] v, final long[] ranks) {
		final long[] hist = new long[1 << 16];
		for (final float x : v) {
			hist[bucket(x)]++;
		}
		final long[] start = new long[hist.length + 1];
		for (int b = 0; b < hist.length; b++) {
			start[b + 1] = start[b] + hist[b];
		}
		final float[] out = new float[ranks.length];
		final java.util.Map<Integer, float[]> sorted = new java.util.HashMap<>();
		for (int r = 0; r < ranks.length; r++) {
			int b = 0;
			while (start[b + 1] <= ranks[r]) {
				b++;
			}
			final int bucket = b;
			final float[] members = sorted.computeIfAbsent(bucket, k -> {
				final float[] m = new float[(int) hist[k]];
				int i = 0;
				for (final float x : v) {
					if (bucket(x) == k) {
						m[i++] = x;
					}
				}
				Arrays.sort(m);
				return m;
			});
			out[r] = members[(int) (ranks[r] - start[bucket])];
		}
		return out;
	}

	/** Top 16 bits of a key that orders floats as numbers (-0 before +0, which compare equal anyway). */
	private static int bucket(final float x) {
		final int bits = Float.floatToIntBits(x);
		final int key = bits ^ ((bits >> 31) & 0x7fffffff);
		return (key >> 16) + 32768;
	}

	/** numpy's median of float64 values: the middle one, or the mean of the two middle ones. */
	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}
}
