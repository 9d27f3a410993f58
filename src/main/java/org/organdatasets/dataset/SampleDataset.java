package org.organdatasets.dataset;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;

import org.organdatasets.io.Outputs;
import org.organdatasets.nifti.Affine;
import org.organdatasets.nifti.NiftiDatatype;
import org.organdatasets.nifti.NiftiImage;
import org.organdatasets.nifti.NiftiWriter;
import org.organdatasets.nifti.Orientation;

/**
 * Writes sample datasets in the exact CT-ORG and AMOS22 layouts, deterministic from a seed, so that
 * everything can be tried without downloading 100 GB. Each case paints the {@link Phantom} through its
 * own affine (spacing, field of view and storage orientation vary by case), so organs sit where anatomy
 * puts them in world coordinates whatever the flips: the liver's world x is always positive. CT-ORG cases
 * are float32 HU volumes with float32 label maps (as released); AMOS22 cases mix CT (ids up to 500, HU)
 * and MRI (ids above 500, positive arbitrary units) with uint8 label maps. The {@link SampleScale} sets
 * the grids and, beyond tiny, the AMOS22 image datatypes (int16, float32 and int16 with intercept -1024
 * for CT; uint16, float32 and int16 for MRI, in turn), so that benchmarks on samples read what the
 * released files make a reader do.
 *
 * <p>Memory: a case holds one byte per voxel (what the phantom has there) plus the one image being
 * written; cases are written two at a time only when twice that fits in half the heap.
 */
public final class SampleDataset {

	/** In-plane voxels of every tiny sample case. */
	public static final int SIZE = 64;
	/** Most cases of a CT-ORG sample: the release numbers its cases 0..139. */
	public static final int MAX_CT_ORG_CASES = 140;
	/** Most cases of an AMOS22 sample: the release's ids run 1..600 (1..500 CT, 501..600 MRI). */
	public static final int MAX_AMOS22_CASES = 600;
	/** Storage orientations the cases cycle through (most CT is LPS). */
	static final String[] ORIENTATIONS = { "LPS", "LPS", "RAS", "LAS", "LPI" };
	/** Verbatim AMOS22 label names as in the release's dataset.json, typos included. */
	static final String[] AMOS_RELEASE_LABELS = { "background", "spleen", "right kidney", "left kidney",
		"gall bladder", "esophagus", "liver", "stomach", "arota", "postcava", "pancreas", "right adrenal gland",
		"left adrenal gland", "duodenum", "bladder", "prostate/uterus" };

	/** Voxel classes before the organs: outside the body, subcutaneous fat, soft tissue; organ n is n + ORGAN0. */
	private static final byte AIR = 0;
	private static final byte FAT = 1;
	private static final byte TISSUE = 2;
	private static final int ORGAN0 = 3;
	/** How far (mm) a row's box is widened before organs are picked for it, so rounding never drops one. */
	private static final double MARGIN_MM = 1;

	private SampleDataset() {
	}

	/** Tiny samples: {@link #write(Path, String, int, long, SampleScale)} at {@link SampleScale#TINY}. */
	public static List<Path> write(final Path output, final String kind, final int cases, final long seed)
			throws IOException {
		return write(output, kind, cases, seed, SampleScale.TINY);
	}

	/**
	 * Writes samples under {@code output}: {@code kind} {@code CT-ORG} writes {@code output/ctorg},
	 * {@code AMOS22} writes {@code output/amos22}, {@code both} writes both.
	 *
	 * @return the dataset roots written
	 * @throws IllegalArgumentException for an unknown kind or a number of cases the dataset cannot have
	 */
	public static List<Path> write(final Path output, final String kind, final int cases, final long seed,
			final SampleScale scale) throws IOException {
		final String k = kind.toLowerCase(Locale.ROOT);
		final boolean ctOrg = k.equals("ct-org") || k.equals("both");
		final boolean amos = k.equals("amos22") || k.equals("both");
		if (!ctOrg && !amos) {
			throw new IllegalArgumentException("sample kind '" + kind + "' is not one of CT-ORG, AMOS22, both");
		}
		if (ctOrg) {
			checkCases(cases, MAX_CT_ORG_CASES, "CT-ORG");
		}
		if (amos) {
			checkCases(cases, MAX_AMOS22_CASES, "AMOS22");
		}
		final List<Path> roots = new ArrayList<>();
		if (ctOrg) {
			roots.add(writeCtOrg(output.resolve("ctorg"), cases, seed, scale));
		}
		if (amos) {
			roots.add(writeAmos22(output.resolve("amos22"), cases, seed, scale));
		}
		return roots;
	}

	/** A tiny CT-ORG sample: {@link #writeCtOrg(Path, int, long, SampleScale)} at {@link SampleScale#TINY}. */
	public static Path writeCtOrg(final Path root, final int cases, final long seed) throws IOException {
		return writeCtOrg(root, cases, seed, SampleScale.TINY);
	}

	/**
	 * A CT-ORG-like folder: {@code volume-N.nii.gz} and {@code labels-N.nii.gz}, float32 both. Case
	 * numbers are spread over 0..139 so that both the official test cases (0-20) and training cases occur.
	 */
	public static Path writeCtOrg(final Path root, final int cases, final long seed, final SampleScale scale)
			throws IOException {
		checkCases(cases, MAX_CT_ORG_CASES, "CT-ORG");
		Files.createDirectories(root);
		final Random r = new Random(seed);
		final List<CaseSpec> specs = new ArrayList<>();
		for (int i = 0; i < cases; i++) {
			final int number = i * MAX_CT_ORG_CASES / cases;
			final Grid g = Grid.random(r, i, GridSpec.of(scale, Modality.CT_ORG));
			specs.add(new CaseSpec(g, r.nextLong(), false, scale, NiftiDatatype.FLOAT32, 0,
					root.resolve("volume-" + number + ".nii.gz"), root.resolve("labels-" + number + ".nii.gz"), true));
		}
		writeCases(specs);
		return root;
	}

	/** A tiny AMOS22 sample: {@link #writeAmos22(Path, int, long, SampleScale)} at {@link SampleScale#TINY}. */
	public static Path writeAmos22(final Path root, final int cases, final long seed) throws IOException {
		return writeAmos22(root, cases, seed, SampleScale.TINY);
	}

	/**
	 * An AMOS22-like folder: {@code dataset.json} and {@code imagesTr, labelsTr, imagesVa, labelsVa,
	 * imagesTs}, about half the cases in training, a quarter each in validation and test, one in five
	 * of the first 500 MRI (ids above 500); 600 cases use every id of the release once.
	 */
	public static Path writeAmos22(final Path root, final int cases, final long seed, final SampleScale scale)
			throws IOException {
		checkCases(cases, MAX_AMOS22_CASES, "AMOS22");
		for (final String dir : new String[] { "imagesTr", "labelsTr", "imagesVa", "labelsVa", "imagesTs" }) {
			Files.createDirectories(root.resolve(dir));
		}
		final Random r = new Random(seed);
		final List<Integer> ct = new ArrayList<>();
		final List<Integer> mri = new ArrayList<>();
		for (int id = 1; id <= 500; id++) {
			ct.add(id);
		}
		for (int id = 501; id <= 600; id++) {
			mri.add(id);
		}
		Collections.shuffle(ct, r);
		Collections.shuffle(mri, r);
		final JsonArray training = new JsonArray();
		final JsonArray validation = new JsonArray();
		final JsonArray test = new JsonArray();
		final List<CaseSpec> specs = new ArrayList<>();
		int ctCount = 0;
		int mriCount = 0;
		for (int i = 0; i < cases; i++) {
			final int slot = amosSlot(i);
			final boolean isMri = slot < 0;
			final int id = isMri ? mri.get(-slot - 1) : ct.get(slot);
			final String name = String.format(Locale.ROOT, "amos_%04d.nii.gz", id);
			final String split = i % 4 < 2 ? "Tr" : i % 4 == 2 ? "Va" : "Ts";
			final Grid g = Grid.random(r, i, GridSpec.of(scale, isMri ? Modality.AMOS_MRI : Modality.AMOS_CT));
			final Storage store = Storage.of(scale, isMri, isMri ? mriCount++ : ctCount++);
			final boolean labelled = !split.equals("Ts");
			specs.add(new CaseSpec(g, r.nextLong(), isMri, scale, store.type, store.intercept,
					root.resolve("images" + split).resolve(name),
					labelled ? root.resolve("labels" + split).resolve(name) : null, false));
			final JsonObject entry = new JsonObject();
			entry.addProperty("image", "./images" + split + "/" + name);
			if (labelled) {
				entry.addProperty("label", "./labels" + split + "/" + name);
			}
			(split.equals("Tr") ? training : split.equals("Va") ? validation : test).add(entry);
		}
		writeCases(specs);
		writeDatasetJson(root.resolve("dataset.json"), training, validation, test);
		return root;
	}

	/**
	 * Which id case {@code i} of an AMOS22 sample takes: {@code s >= 0} is the CT id at index {@code s} of the
	 * shuffled CT ids, {@code s < 0} the MRI id at index {@code -s - 1} of the shuffled MRI ids. One case in five
	 * of the first 500 is MRI; the first 104 cases keep the ids samples always had (index = case), later MRI
	 * cases take the MRI indices the first 100 cases skipped and cases 500..599 the CT indices skipped before,
	 * so 600 cases use each of the 600 ids once.
	 */
	static int amosSlot(final int i) {
		if (i >= 500) {
			return 5 * (i - 500) + 4;
		}
		if (i % 5 != 4) {
			return i;
		}
		if (i < 100) {
			return -i - 1;
		}
		final int k = (i - 104) / 5;
		return -(k / 4 * 5 + k % 4) - 1;
	}

	private static void checkCases(final int cases, final int max, final String dataset) {
		if (cases < 1 || cases > max) {
			throw new IllegalArgumentException("cases " + cases + " must be 1.." + max + " for " + dataset);
		}
	}

	private static void writeDatasetJson(final Path file, final JsonArray training, final JsonArray validation,
			final JsonArray test) throws IOException {
		final JsonObject j = new JsonObject();
		j.addProperty("name", "AMOS22 sample");
		j.addProperty("description", "Synthetic cases in the AMOS22 layout, written by Organ Datasets");
		j.addProperty("author", "Organ Datasets");
		j.addProperty("reference", "synthetic");
		j.addProperty("licence", "CC-BY 4.0");
		j.addProperty("release", "sample");
		j.addProperty("tensorImageSize", "3D");
		final JsonObject modality = new JsonObject();
		modality.addProperty("0", "CT");
		j.add("modality", modality);
		final JsonObject labels = new JsonObject();
		for (int i = 0; i < AMOS_RELEASE_LABELS.length; i++) {
			labels.addProperty(Integer.toString(i), AMOS_RELEASE_LABELS[i]);
		}
		j.add("labels", labels);
		j.addProperty("numTraining", training.size());
		j.addProperty("numTest", test.size());
		j.add("training", training);
		j.add("validation", validation);
		j.add("test", test);
		Outputs.writeText(file, new GsonBuilder().setPrettyPrinting().create().toJson(j), true);
	}

	/** Which kind of case a grid is for. */
	enum Modality {
		CT_ORG, AMOS_CT, AMOS_MRI
	}

	/** The ranges a scale draws a case's grid from. */
	static final class GridSpec {
		final int nx;
		final int ny;
		final int nzMin;
		final int nzChoices;
		final double inPlaneMin;
		final double inPlaneSpan;
		final double thickMin;
		final double thickMax;
		final double centreZ;

		GridSpec(final int nx, final int ny, final int nzMin, final int nzMax, final double inPlaneMin,
				final double inPlaneMax, final double thickMin, final double thickMax, final double centreZ) {
			this.nx = nx;
			this.ny = ny;
			this.nzMin = nzMin;
			this.nzChoices = nzMax - nzMin + 1;
			this.inPlaneMin = inPlaneMin;
			this.inPlaneSpan = inPlaneMax - inPlaneMin;
			this.thickMin = thickMin;
			this.thickMax = thickMax;
			this.centreZ = centreZ;
		}

		/**
		 * The ranges of a scale. Tiny keeps the coarse 5.5-7.5 mm grids samples always had. Small and real
		 * follow clinical acquisitions: CT reconstructed over a 330-500 mm field (CT-ORG scans reach from
		 * the pelvis into the chest, AMOS22 CT covers the abdomen), MRI with thick slices over a smaller field.
		 */
		static GridSpec of(final SampleScale scale, final Modality m) {
			switch (scale) {
				case SMALL:
					return m == Modality.CT_ORG ? new GridSpec(256, 256, 85, 120, 1.45, 1.95, 3.0, 5.0, -60)
							: m == Modality.AMOS_CT ? new GridSpec(256, 256, 85, 120, 1.45, 1.95, 2.5, 4.0, -50)
									: new GridSpec(192, 156, 48, 64, 1.8, 2.2, 5.0, 7.0, -30);
				case REAL:
					return m == Modality.CT_ORG ? new GridSpec(512, 512, 300, 600, 0.65, 0.98, 1.25, 2.0, -20)
							: m == Modality.AMOS_CT ? new GridSpec(512, 512, 180, 220, 0.65, 0.98, 2.0, 3.0, -50)
									: new GridSpec(320, 260, 72, 88, 1.15, 1.45, 4.5, 6.0, -30);
				default:
					return m == Modality.CT_ORG ? new GridSpec(SIZE, SIZE, 36, 44, 5.5, 7.5, 10, 30, -40)
							: m == Modality.AMOS_CT ? new GridSpec(SIZE, SIZE, 36, 44, 5.5, 7.5, 8, 16, -10)
									: new GridSpec(SIZE, SIZE, 36, 44, 5.5, 7.5, 5, 12, -10);
			}
		}
	}

	/** How an image's values are stored: datatype and intercept (slope 1). */
	static final class Storage {
		final NiftiDatatype type;
		final double intercept;

		Storage(final NiftiDatatype type, final double intercept) {
			this.type = type;
			this.intercept = intercept;
		}

		/**
		 * The storage of the {@code n}-th CT or MRI case of an AMOS22 sample: float32 at tiny scale (as samples
		 * always were), else in turn the encodings met in the release and its conversions.
		 */
		static Storage of(final SampleScale scale, final boolean mri, final int n) {
			if (scale == SampleScale.TINY) {
				return new Storage(NiftiDatatype.FLOAT32, 0);
			}
			switch (n % 3) {
				case 0:
					return mri ? new Storage(NiftiDatatype.UINT16, 0) : new Storage(NiftiDatatype.INT16, 0);
				case 1:
					return new Storage(NiftiDatatype.FLOAT32, 0);
				default:
					return mri ? new Storage(NiftiDatatype.INT16, 0) : new Storage(NiftiDatatype.INT16, -1024);
			}
		}
	}

	/** A case's voxel grid: dims, spacing and storage orientation, centred on a world point. */
	static final class Grid {
		final long[] dims;
		final Affine affine;

		Grid(final long[] dims, final Affine affine) {
			this.dims = dims;
			this.affine = affine;
		}

		/** Voxels of the grid. */
		long voxels() {
			return dims[0] * dims[1] * dims[2];
		}

		/** In-plane spacing, slice thickness, slices and centre drawn from the spec's ranges, in that order. */
		static Grid random(final Random r, final int index, final GridSpec s) {
			final double inPlane = s.inPlaneMin + s.inPlaneSpan * r.nextDouble();
			final double thick = s.thickMin + (s.thickMax - s.thickMin) * r.nextDouble();
			final long nz = s.nzMin + r.nextInt(s.nzChoices);
			final long[] dims = { s.nx, s.ny, nz };
			final double[] spacing = { inPlane, inPlane, thick };
			final Orientation o = Orientation.fromCodes(ORIENTATIONS[index % ORIENTATIONS.length]);
			final double[] m = new double[12];
			for (int d = 0; d < 3; d++) {
				m[4 * o.worldAxis(d) + d] = (o.isFlipped(d) ? -1 : 1) * spacing[d];
			}
			final double[] centre = { 0, 0, s.centreZ + 20 * (r.nextDouble() - 0.5) };
			for (int w = 0; w < 3; w++) {
				double t = centre[w];
				for (int d = 0; d < 3; d++) {
					t -= m[4 * w + d] * (dims[d] - 1) / 2.0;
				}
				m[4 * w + 3] = t;
			}
			return new Grid(dims, Affine.of(m));
		}
	}

	/** Everything one case needs, drawn in order before any case is written. */
	static final class CaseSpec {
		final Grid grid;
		final long noiseSeed;
		final boolean mri;
		final SampleScale scale;
		final NiftiDatatype imageType;
		final double intercept;
		final Path image;
		final Path labels;
		final boolean ctOrg;

		CaseSpec(final Grid grid, final long noiseSeed, final boolean mri, final SampleScale scale,
				final NiftiDatatype imageType, final double intercept, final Path image, final Path labels,
				final boolean ctOrg) {
			this.grid = grid;
			this.noiseSeed = noiseSeed;
			this.mri = mri;
			this.scale = scale;
			this.imageType = imageType;
			this.intercept = intercept;
			this.image = image;
			this.labels = labels;
			this.ctOrg = ctOrg;
		}
	}

	/** Writes the cases, two at a time when the heap allows, each file compressed on all cores. */
	private static void writeCases(final List<CaseSpec> specs) throws IOException {
		long largest = 0;
		for (final CaseSpec c : specs) {
			largest = Math.max(largest, c.grid.voxels());
		}
		final int cores = Runtime.getRuntime().availableProcessors();
		final long perCase = largest * 5;
		final int parallel = (int) Math.max(1, Math.min(Math.min(cores, specs.size()),
				Runtime.getRuntime().maxMemory() / 2 / Math.max(1, perCase)));
		if (parallel == 1) {
			for (final CaseSpec c : specs) {
				writeCase(c);
			}
			return;
		}
		final ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
			final Thread t = new Thread(r, "sample-case");
			t.setDaemon(true);
			return t;
		});
		try {
			final List<Future<?>> done = new ArrayList<>();
			for (final CaseSpec c : specs) {
				done.add(pool.submit(() -> {
					writeCase(c);
					return null;
				}));
			}
			for (final Future<?> f : done) {
				await(f);
			}
		} finally {
			pool.shutdownNow();
		}
	}

	private static void await(final Future<?> f) throws IOException {
		try {
			f.get();
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while writing sample cases");
		} catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof IOException) {
				throw (IOException) cause;
			}
			if (cause instanceof RuntimeException) {
				throw (RuntimeException) cause;
			}
			throw new IOException(cause);
		}
	}

	static void writeCase(final CaseSpec c) throws IOException {
		final byte[][] classes = classify(c.grid);
		write(volume(c, classes), c.image);
		if (c.labels != null) {
			write(labels(c.grid, classes, c.ctOrg), c.labels);
		}
	}

	private static void write(final NiftiImage img, final Path file) throws IOException {
		new NiftiWriter().overwrite(true).write(img, file);
	}

	/**
	 * What the phantom has at each voxel, one byte per voxel plane by plane ({@link #AIR}, {@link #FAT},
	 * {@link #TISSUE} or {@link #ORGAN0} + organ index). Each row tests only the organs whose box meets the
	 * row's, and the voxel's world point is computed as {@link Affine#apply} does, so the result is the
	 * phantom's at every voxel.
	 */
	static byte[][] classify(final Grid g) {
		final int nx = (int) g.dims[0];
		final int ny = (int) g.dims[1];
		final int nz = (int) g.dims[2];
		final byte[][] planes = new byte[nz][];
		IntStream.range(0, nz).parallel().forEach(k -> planes[k] = classifyPlane(g.affine, nx, ny, k));
		return planes;
	}

	private static byte[] classifyPlane(final Affine a, final int nx, final int ny, final int k) {
		final double[] r0 = a.row(0);
		final double[] r1 = a.row(1);
		final double[] r2 = a.row(2);
		final byte[] plane = new byte[nx * ny];
		final Phantom.Organ[] organs = Phantom.ORGANS;
		final int[] candidates = new int[organs.length];
		final double[] lo = new double[3];
		final double[] hi = new double[3];
		for (int j = 0; j < ny; j++) {
			final double[] first = a.apply(0, j, k);
			final double[] last = a.apply(nx - 1, j, k);
			for (int d = 0; d < 3; d++) {
				lo[d] = Math.min(first[d], last[d]) - MARGIN_MM;
				hi[d] = Math.max(first[d], last[d]) + MARGIN_MM;
			}
			int n = 0;
			for (int o = 0; o < organs.length; o++) {
				if (organs[o].meets(lo, hi)) {
					candidates[n++] = o;
				}
			}
			for (int i = 0; i < nx; i++) {
				final double x = r0[0] * i + r0[1] * j + r0[2] * k + r0[3];
				final double y = r1[0] * i + r1[1] * j + r1[2] * k + r1[3];
				final double z = r2[0] * i + r2[1] * j + r2[2] * k + r2[3];
				final double q = Phantom.bodyRadius2(x, y);
				byte c;
				if (q > 1) {
					c = AIR;
				} else {
					c = q > 0.85 ? FAT : TISSUE;
					for (int t = 0; t < n; t++) {
						if (organs[candidates[t]].contains(x, y, z)) {
							c = (byte) (ORGAN0 + candidates[t]);
						}
					}
				}
				plane[i + nx * j] = c;
			}
		}
		return plane;
	}

	/** The base intensity of each voxel class, without noise. */
	private static double[] intensities(final boolean mri) {
		final double[] v = new double[ORGAN0 + Phantom.ORGANS.length];
		v[AIR] = mri ? 5 : -1000;
		v[FAT] = mri ? 800 : -100;
		v[TISSUE] = mri ? 250 : 40;
		for (int o = 0; o < Phantom.ORGANS.length; o++) {
			v[ORGAN0 + o] = mri ? Phantom.ORGANS[o].mri : Phantom.ORGANS[o].hu;
		}
		return v;
	}

	/**
	 * The image: class intensity plus Gaussian noise, rounded (MRI clamped at 0). Tiny cases draw the noise
	 * from one generator voxel after voxel, as samples always did; larger ones seed a generator per slice so
	 * that slices are made on all cores.
	 */
	private static NiftiImage volume(final CaseSpec c, final byte[][] classes) {
		final long[] dims = c.grid.dims;
		final PlanarImg<?, ?> img = c.imageType == NiftiDatatype.INT16 ? PlanarImgs.shorts(dims)
				: c.imageType == NiftiDatatype.UINT16 ? PlanarImgs.unsignedShorts(dims) : PlanarImgs.floats(dims);
		final double[] base = intensities(c.mri);
		if (c.scale == SampleScale.TINY) {
			final Random noise = new Random(c.noiseSeed);
			final double sigma = c.mri ? 25 : 10 + 10 * noise.nextDouble();
			for (int k = 0; k < classes.length; k++) {
				fillPlane(c, img, k, classes[k], base, sigma, noise);
			}
		} else {
			final double sigma = c.mri ? 25 : 10 + 10 * new Random(c.noiseSeed).nextDouble();
			IntStream.range(0, classes.length).parallel().forEach(k -> fillPlane(c, img, k, classes[k], base, sigma,
					new Random(c.noiseSeed + 0x9E3779B97F4A7C15L * (k + 1))));
		}
		return new NiftiImage(img, c.imageType, 1, c.intercept, c.grid.affine, null);
	}

	private static void fillPlane(final CaseSpec c, final PlanarImg<?, ?> img, final int k, final byte[] cls,
			final double[] base, final double sigma, final Random noise) {
		final Object plane = ((ArrayDataAccess<?>) img.getPlane(k)).getCurrentStorageArray();
		final float[] f = plane instanceof float[] ? (float[]) plane : null;
		final short[] s = plane instanceof short[] ? (short[]) plane : null;
		final double lo = c.imageType == NiftiDatatype.UINT16 ? 0 : Short.MIN_VALUE;
		final double hi = c.imageType == NiftiDatatype.UINT16 ? 0xFFFF : Short.MAX_VALUE;
		for (int p = 0; p < cls.length; p++) {
			final double v = base[cls[p]] + sigma * noise.nextGaussian();
			final double value = Math.rint(c.mri ? Math.max(0, v) : v);
			if (f != null) {
				f[p] = (float) value;
			} else {
				s[p] = (short) Math.max(lo, Math.min(hi, value - c.intercept));
			}
		}
	}

	/** The label map: float32 for CT-ORG (as released), uint8 for AMOS22. */
	private static NiftiImage labels(final Grid g, final byte[][] classes, final boolean ctOrg) {
		final int[] table = new int[ORGAN0 + Phantom.ORGANS.length];
		for (int o = 0; o < Phantom.ORGANS.length; o++) {
			table[ORGAN0 + o] = ctOrg ? Phantom.ORGANS[o].ctOrg : Phantom.ORGANS[o].amos;
		}
		final PlanarImg<?, ?> img = ctOrg ? PlanarImgs.floats(g.dims) : PlanarImgs.unsignedBytes(g.dims);
		for (int k = 0; k < classes.length; k++) {
			final Object plane = ((ArrayDataAccess<?>) img.getPlane(k)).getCurrentStorageArray();
			final byte[] cls = classes[k];
			if (ctOrg) {
				final float[] f = (float[]) plane;
				for (int p = 0; p < cls.length; p++) {
					f[p] = table[cls[p]];
				}
			} else {
				final byte[] b = (byte[]) plane;
				for (int p = 0; p < cls.length; p++) {
					b[p] = (byte) table[cls[p]];
				}
			}
		}
		return NiftiImage.of(img, ctOrg ? NiftiDatatype.FLOAT32 : NiftiDatatype.UINT8, g.affine);
	}
}
