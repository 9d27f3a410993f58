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
 * without foreground gives none. Over the concatenation in case order: mean, population std, min, max and
 * the linear percentiles 0.5, 50 and 99.5 as numpy computes them for float32 data
 * ({@link #statistics(Source, boolean)}). When a case has no foreground numpy's concatenation becomes
 * float64, and so do the sums here.</li>
 * </ul>
 * Memory: the cases being read; the 10^8 samples (400 MB) go to a temporary folder inside the dataset
 * folder, deleted at the end.
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

	/** What one case contributes: its samples per channel are in files ({@code null}: no foreground). */
	static final class CaseResult {
		final long[] shapeAfterCrop;
		final double[] spacing;
		final Path[] samples;
		final int sampleCount;
		final double relativeSize;

		CaseResult(final long[] shapeAfterCrop, final double[] spacing, final Path[] samples, final int sampleCount,
				final double relativeSize) {
			this.shapeAfterCrop = shapeAfterCrop;
			this.spacing = spacing;
			this.samples = samples;
			this.sampleCount = sampleCount;
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
		return compute(folder, fileEnding, channels, threads, null);
	}

	/**
	 * As {@link #compute(Path, String, int, int)}, with the samples streamed to {@code scratch} (a folder that
	 * must not exist yet, created and deleted here), or to a hidden temporary folder inside {@code folder} when
	 * it is {@code null}.
	 */
	public static String compute(final Path folder, final String fileEnding, final int channels, final int threads,
			final Path scratchFolder) throws IOException, InterruptedException {
		final List<CaseFiles> cases = trainingCases(folder, fileEnding, channels);
		final int samples = (int) (SAMPLES_TOTAL / cases.size());
		final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, cases.size())), r -> {
			final Thread t = new Thread(r, "nnunet-fingerprint");
			t.setDaemon(true);
			return t;
		});
		final List<CaseResult> results = new ArrayList<>();
		// 10^8 samples do not fit a small heap: each case streams its samples to a file, read back in passes
		final Path scratch;
		if (scratchFolder == null) {
			scratch = Files.createTempDirectory(folder, ".fingerprint-");
		} else {
			scratch = Files.createDirectory(scratchFolder);
		}
		try {
			final List<Future<CaseResult>> futures = new ArrayList<>();
			for (final CaseFiles c : cases) {
				futures.add(pool.submit(() -> analyze(c, samples, scratch)));
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
			return json(results, channels);
		} finally {
			pool.shutdownNow();
			org.organdatasets.io.Outputs.deleteTree(scratch);
		}
	}

	/**
	 * Writes {@value #FILE} into {@code folder} (replaced atomically), its samples streamed to
	 * {@code scratch} as {@link #compute(Path, String, int, int, Path)} does.
	 *
	 * @return the file written
	 */
	public static Path write(final Path folder, final String fileEnding, final int channels, final int threads,
			final Path scratch) throws IOException, InterruptedException {
		final String text = compute(folder, fileEnding, channels, threads, scratch);
		final Path out = folder.resolve(FILE);
		SplitWriters.writeAtomically(out, text);
		return out;
	}

	/** One case: crop box, foreground voxels in nnU-Net's order, its samples. */
	static CaseResult analyze(final CaseFiles c, final int samples, final Path scratch) throws IOException {
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
		final Path[] out = new Path[images.size()];
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
			out[ch] = scratch.resolve(c.id + "_" + ch + ".f32");
			try (java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(out[ch],
					java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
				final java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * BUFSIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
				for (int i = 0; i < samples; i++) {
					bb.putFloat(fg[rs.nextIndex(count)]);
					if (!bb.hasRemaining()) {
						bb.flip();
						while (bb.hasRemaining()) {
							fc.write(bb);
						}
						bb.clear();
					}
				}
				bb.flip();
				while (bb.hasRemaining()) {
					fc.write(bb);
				}
			}
		}
		final NiftiHeader h = images.get(0).metadata().header();
		final double[] spacing = { Math.abs(h.pixdim(3)), Math.abs(h.pixdim(2)), Math.abs(h.pixdim(1)) };
		final long[] shape = { z1 - z0, y1 - y0, x1 - x0 };
		final double relative = (double) (shape[0] * shape[1] * shape[2]) / ((long) nx * ny * nz);
		return new CaseResult(shape, spacing, out, samples, relative);
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
			final double v = t.value(a, i);
			out[i] = (float) (scale ? v * slope + inter : v);
		}
	}

	/** The JSON text, keys sorted. */
	static String json(final List<CaseResult> results, final int channels) throws IOException {
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
	private static JsonObject statistics(final List<CaseResult> results, final int ch) throws IOException {
		final List<Path> files = new ArrayList<>();
		boolean float64 = false;
		for (final CaseResult r : results) {
			if (r.samples[ch] == null) {
				float64 = true;
			} else {
				files.add(r.samples[ch]);
			}
		}
		final JsonObject o = new JsonObject();
		if (files.isEmpty()) {
			return o;
		}
		final double[] st = statistics(new FileSource(files), float64);
		o.addProperty("max", st[6]);
		o.addProperty("mean", st[0]);
		o.addProperty("median", st[3]);
		o.addProperty("min", st[5]);
		o.addProperty("percentile_00_5", st[2]);
		o.addProperty("percentile_99_5", st[4]);
		o.addProperty("std", st[1]);
		return o;
	}

	/** A sequence of float32 values read block by block, from the start again after {@link #rewind()}. */
	interface Source {
		/** Fills {@code buf} from index 0 with the next values, as many as fit; returns how many (0 at the end). */
		int read(float[] buf) throws IOException;

		/** Back to the first value. */
		void rewind() throws IOException;
	}

	/** The values of an array. */
	static final class ArraySource implements Source {
		private final float[] a;
		private int at;

		ArraySource(final float[] a) {
			this.a = a;
		}

		@Override
		public int read(final float[] buf) {
			final int n = Math.min(buf.length, a.length - at);
			System.arraycopy(a, at, buf, 0, n);
			at += n;
			return n;
		}

		@Override
		public void rewind() {
			at = 0;
		}
	}

	/** The little-endian float32 values of files, one after another. */
	static final class FileSource implements Source {
		private final List<Path> files;
		private int file;
		private java.nio.channels.FileChannel channel;
		private final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * BUFSIZE)
				.order(java.nio.ByteOrder.LITTLE_ENDIAN);

		FileSource(final List<Path> files) {
			this.files = files;
		}

		@Override
		public int read(final float[] buf) throws IOException {
			int n = 0;
			while (n < buf.length) {
				if (channel == null) {
					if (file == files.size()) {
						break;
					}
					channel = java.nio.channels.FileChannel.open(files.get(file++));
				}
				bytes.clear();
				bytes.limit(4 * (buf.length - n));
				if (channel.read(bytes) < 0) {
					channel.close();
					channel = null;
					continue;
				}
				while (bytes.position() % 4 != 0) {
					if (channel.read(bytes) < 0) {
						throw new IOException("sample file " + files.get(file - 1) + " ends inside a value");
					}
				}
				bytes.flip();
				while (bytes.remaining() >= 4) {
					buf[n++] = bytes.getFloat();
				}
			}
			return n;
		}

		@Override
		public void rewind() throws IOException {
			if (channel != null) {
				channel.close();
				channel = null;
			}
			file = 0;
		}
	}

	/**
	 * numpy's {@code mean}, {@code std}, linear percentiles 0.5, 50, 99.5, {@code min} and {@code max} of the
	 * values, in two passes holding only a block and histograms:
	 * <ul>
	 * <li>Sums: numpy's pairwise sum ({@code FLOAT_pairwise_sum}; below 8 values a plain loop; up to
	 * {@value #PW_BLOCKSIZE} eight running sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the rest;
	 * above, the two halves, the first rounded down to a multiple of 8) of each block of {@value #BUFSIZE}
	 * values, the size of the blocks its buffered reduction hands the loop, the blocks' sums added in turn
	 * to a sum starting at 0. In float32 for float32 data ({@code float64} false), else in float64.</li>
	 * <li>{@code np.mean} of float32: that sum divided as float64 by the count and stored as float32.
	 * {@code np.std}: the sum divided in float32 (an array by a scalar keeps float32), the squared float32
	 * deviations summed so, divided as float64, stored as float32, square-rooted.</li>
	 * <li>Percentiles: virtual index {@code (n - 1) · q}, neighbours {@code a ≤ b} of the sorted values,
	 * {@code d = b - a} in float32, {@code a + d·g} for a fraction g below 0.5 and {@code b - d·(1 - g)} from
	 * 0.5 on, in float64. The order statistics come from a histogram of the top 16 bits of order-preserving
	 * 32-bit keys (pass 1), then of the low 16 bits within the buckets holding them (pass 2).</li>
	 * </ul>
	 *
	 * @return mean, std, p0.5, p50, p99.5, min, max
	 */
	static double[] statistics(final Source src, final boolean float64) throws IOException {
		final float[] buf = new float[BUFSIZE];
		final float[] fsq = new float[BUFSIZE];
		final double[] dsq = new double[BUFSIZE];
		final long[] top = new long[1 << 16];
		float fsum = 0f;
		double dsum = 0;
		long n = 0;
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		src.rewind();
		for (int got; (got = src.read(buf)) > 0;) {
			if (float64) {
				for (int i = 0; i < got; i++) {
					dsq[i] = buf[i];
				}
				dsum += pairwise(dsq, 0, got);
			} else {
				fsum += pairwise(buf, 0, got);
			}
			for (int i = 0; i < got; i++) {
				final float x = buf[i];
				min = Math.min(min, x);
				max = Math.max(max, x);
				top[(key(x) >> 16) + 32768]++;
			}
			n += got;
		}
		if (n == 0) {
			throw new IllegalArgumentException("no values");
		}
		final double mean = float64 ? dsum / n : (float) (fsum / (double) n);
		final float fm = fsum / (float) n;
		final long[] ranks = new long[2 * PERCENTILES.length];
		final double[] gamma = new double[PERCENTILES.length];
		for (int i = 0; i < PERCENTILES.length; i++) {
			final double virtual = (n - 1) * (PERCENTILES[i] / 100);
			final long prev = virtual >= n - 1 ? n - 1 : (long) Math.floor(virtual);
			ranks[2 * i] = prev;
			ranks[2 * i + 1] = virtual >= n - 1 ? n - 1 : prev + 1;
			gamma[i] = virtual - Math.floor(virtual);
		}
		final int[] bucketOf = new int[ranks.length];
		final long[] before = new long[ranks.length];
		// the low-16-bit histograms of the few top buckets that hold a rank, indexed by top bucket
		final long[][] low = new long[1 << 16][];
		for (int r = 0; r < ranks.length; r++) {
			long c = 0;
			int b = 0;
			while (c + top[b] <= ranks[r]) {
				c += top[b++];
			}
			bucketOf[r] = b;
			before[r] = c;
			if (low[b] == null) {
				low[b] = new long[1 << 16];
			}
		}
		float fsq2 = 0f;
		double dsq2 = 0;
		src.rewind();
		for (int got; (got = src.read(buf)) > 0;) {
			if (float64) {
				for (int i = 0; i < got; i++) {
					final double d = buf[i] - mean;
					dsq[i] = d * d;
				}
				dsq2 += pairwise(dsq, 0, got);
			} else {
				for (int i = 0; i < got; i++) {
					final float d = buf[i] - fm;
					fsq[i] = d * d;
				}
				fsq2 += pairwise(fsq, 0, got);
			}
			for (int i = 0; i < got; i++) {
				final int k = key(buf[i]);
				final long[] h = low[(k >> 16) + 32768];
				if (h != null) {
					h[k & 0xffff]++;
				}
			}
		}
		final double std = float64 ? Math.sqrt(dsq2 / n) : (float) Math.sqrt((float) (fsq2 / (double) n));
		final float[] at = new float[ranks.length];
		for (int r = 0; r < ranks.length; r++) {
			final long[] h = low[bucketOf[r]];
			long c = before[r];
			int l = 0;
			while (c + h[l] <= ranks[r]) {
				c += h[l++];
			}
			final int k = ((bucketOf[r] - 32768) << 16) | l;
			at[r] = Float.intBitsToFloat(k ^ ((k >> 31) & 0x7fffffff));
		}
		final double[] out = new double[7];
		out[0] = mean;
		out[1] = std;
		for (int i = 0; i < PERCENTILES.length; i++) {
			final float a = at[2 * i];
			final float b = at[2 * i + 1];
			final float d = b - a;
			final double g = gamma[i];
			out[2 + i] = g >= 0.5 ? b - d * (1 - g) : a + d * g;
		}
		out[5] = min;
		out[6] = max;
		return out;
	}

	/** An int whose signed order is the float order (-0 before +0, which compare equal anyway). */
	private static int key(final float x) {
		final int bits = Float.floatToIntBits(x);
		return bits ^ ((bits >> 31) & 0x7fffffff);
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

	/** numpy's median of float64 values: the middle one, or the mean of the two middle ones. */
	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		final int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}
}
